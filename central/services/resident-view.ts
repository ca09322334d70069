import type { ResidentIdentity, TicketList, TicketListQuery } from '../../contract/api/tickets';
import { DoorstepError } from '../../contract/errors';
import { maskIdNumber } from '../../contract/gb11643';
import { orderForCall } from '../domain/ordering';
import { ageOn, serviceDayOf } from '../domain/time';
import { assertCentre, type Ctx, type Principal, requireStaff, writeAudit } from './context';
import { loadTicket, present } from './tickets';
import { TICKET_COLUMNS, orderable, type TicketRow } from './ticket-rows';

// What staff see of residents: the serving agent sees the verified identity of the person in front
// of them (name, masked ID number, age) and every such view is audited; lists show tickets only.

export async function residentOfTicket(
  ctx: Ctx,
  principal: Principal | null,
  ticketId: string,
): Promise<ResidentIdentity> {
  const p = requireStaff(principal);
  const row = await loadTicket(ctx.db, ticketId);
  assertCentre(p, row.centre_id);
  // Who may see who a ticket is (docs/security.md): the agent serving it, and a supervisor of its
  // centre while it is at a counter (called or serving) — to help there. Admins and anyone looking
  // at a waiting or finished ticket may not; every view is audited.
  const atCounter = row.status === 'serving' || row.status === 'called';
  const own = row.agent_id === p.staff.id && atCounter;
  if (!own && !(p.staff.role === 'supervisor' && atCounter)) {
    throw new DoorstepError('FORBIDDEN', 'only the agent serving this ticket may see who it is');
  }
  if (!row.resident_id) throw new DoorstepError('NOT_FOUND', 'this ticket was issued without an ID card');
  const r = await ctx.db.get<{ id_enc: string; name_enc: string | null; birth_date: string | null }>(
    'SELECT id_enc, name_enc, birth_date FROM residents WHERE id = ?',
    [row.resident_id],
  );
  if (!r) throw new DoorstepError('NOT_FOUND', 'resident record missing');
  const now = ctx.clock().getTime();
  await writeAudit(
    ctx.db,
    now,
    p,
    'resident.view_identity',
    { type: 'resident', id: row.resident_id },
    row.centre_id,
    {
      ticketId,
    },
  );
  return {
    name: r.name_enc ? ctx.pii.decrypt(r.name_enc) : null,
    idNumberMasked: maskIdNumber(ctx.pii.decrypt(r.id_enc)),
    age: r.birth_date ? ageOn(r.birth_date, serviceDayOf(now)) : null,
  };
}

export async function listTickets(
  ctx: Ctx,
  principal: Principal | null,
  query: TicketListQuery,
): Promise<TicketList> {
  const p = requireStaff(principal);
  assertCentre(p, query.centreId);
  const day = serviceDayOf(ctx.clock());
  const params: string[] = [query.centreId, day];
  let sql = `SELECT ${TICKET_COLUMNS} FROM tickets WHERE centre_id = ? AND service_day = ?`;
  if (query.status) {
    sql += ' AND status = ?';
    params.push(query.status);
  }
  if (query.itemId) {
    sql += ' AND item_id = ?';
    params.push(query.itemId);
  }
  const rows = await ctx.db.all<TicketRow>(`${sql} ORDER BY issued_at LIMIT 2000`, params);
  const now = ctx.clock().getTime();
  const waiting = orderForCall(
    rows.filter((r) => r.status === 'waiting').map((r) => ({ ...r, ...orderable(r) })),
    now,
    ctx.settings.get().ordering,
  );
  const rest = rows.filter((r) => r.status !== 'waiting');
  const tickets = [];
  for (const r of [...waiting, ...rest]) tickets.push(await present(ctx, ctx.db, r));
  return { tickets };
}
