import type { AgentState } from '../../contract/api/agents';
import { DoorstepError } from '../../contract/errors';
import type { Ticket } from '../../contract/ticket';
import type { Queryable } from '../db/db';
import { rankSql } from '../domain/ordering';
import { type Ctx, type PendingEvent, type Principal, requireStaff, writeAudit } from './context';
import { flushTicketEvents, loadTicket, present } from './tickets';
import { invalidateQueueStats } from './queues';
import type { TicketRow } from './ticket-rows';

// The agent side: their state (available / paused with a reason) and "call next". Call next never
// gives one ticket to two agents: the candidate is claimed with a conditional UPDATE … WHERE
// status = 'waiting' (SQLite transactions are serialized anyway); on PostgreSQL a candidate row
// locked by a concurrent caller is skipped (FOR UPDATE SKIP LOCKED) instead of waited for.

type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

export function agentCentre(p: StaffPrincipal, centreId?: string): string {
  const c = centreId ?? p.staff.centreIds[0];
  if (!c || !p.staff.centreIds.includes(c))
    throw new DoorstepError('FORBIDDEN', `not allowed for centre ${c}`);
  return c;
}

async function currentTicketId(q: Queryable, staffId: string): Promise<string | null> {
  const row = await q.get<{ id: string }>(
    "SELECT id FROM tickets WHERE agent_id = ? AND status IN ('called', 'serving') AND parked = 0 LIMIT 1",
    [staffId],
  );
  return row?.id ?? null;
}

export async function agentState(ctx: Ctx, p: StaffPrincipal, q: Queryable = ctx.db): Promise<AgentState> {
  const row = await q.get<{ centre_id: string; status: AgentState['status']; pause_reason: string | null }>(
    'SELECT centre_id, status, pause_reason FROM agent_states WHERE staff_id = ?',
    [p.staff.id],
  );
  return {
    staffId: p.staff.id,
    centreId: row?.centre_id ?? p.staff.centreIds[0] ?? '',
    status: row?.status ?? 'offline',
    pauseReason: row?.pause_reason ?? null,
    skillGroups: p.staff.skillGroups,
    currentTicketId: await currentTicketId(q, p.staff.id),
  };
}

async function setState(
  ctx: Ctx,
  q: Queryable,
  p: StaffPrincipal,
  centreId: string,
  status: AgentState['status'],
  reason: string | null,
): Promise<void> {
  await q.run(
    `INSERT INTO agent_states (staff_id, centre_id, status, pause_reason, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (staff_id) DO UPDATE SET centre_id = excluded.centre_id, status = excluded.status,
       pause_reason = excluded.pause_reason, updated_at = excluded.updated_at`,
    [p.staff.id, centreId, status, reason, ctx.clock().getTime()],
  );
  invalidateQueueStats(ctx, centreId);
}

/** Pause (reason required) or resume (available) an agent; queues' estimates change with it. */
export async function setAgentStatus(
  ctx: Ctx,
  principal: Principal | null,
  status: 'available' | 'paused' | 'offline',
  reason: string | null,
  centreId?: string,
): Promise<AgentState> {
  const p = requireStaff(principal, ['agent', 'supervisor']);
  const centre = agentCentre(p, centreId);
  const state = await ctx.db.tx(async (q) => {
    await setState(ctx, q, p, centre, status, reason);
    await writeAudit(
      q,
      ctx.clock().getTime(),
      p,
      `agent.${status}`,
      { type: 'staff', id: p.staff.id },
      centre,
      reason ? { reason } : undefined,
    );
    const events: PendingEvent[] = [];
    const queues = ctx.catalog
      .list()
      .filter((i) => p.staff.skillGroups.includes(i.skillGroup))
      .flatMap((i) => i.channels.map((channel) => ({ centre_id: centre, item_id: i.id, channel })));
    await flushTicketEvents(ctx, q, events, queues);
    return agentState(ctx, p, q);
  });
  ctx.hub.notify([centre]);
  return state;
}

/** Claims one ticket for the agent; false when another caller got it first. */
export async function claim(q: Queryable, ticketId: string, staffId: string, now: number): Promise<boolean> {
  if (q.kind === 'postgres') {
    const free = await q.get(
      "SELECT id FROM tickets WHERE id = ? AND status = 'waiting' FOR UPDATE SKIP LOCKED",
      [ticketId],
    );
    if (!free) return false;
  }
  const n = await q.run(
    `UPDATE tickets SET status = 'called', agent_id = ?, target_agent_id = NULL, called_at = ?, recall_count = 0
     WHERE id = ? AND status = 'waiting'`,
    [staffId, now, ticketId],
  );
  return n === 1;
}

export async function calledEvents(
  ctx: Ctx,
  q: Queryable,
  p: StaffPrincipal,
  row: TicketRow,
): Promise<Ticket> {
  const ticket = await present(ctx, q, row);
  await flushTicketEvents(
    ctx,
    q,
    [
      {
        centreId: row.centre_id,
        type: 'ticket.called',
        data: { ticket, agentId: p.staff.id, agentName: p.staff.displayName },
      },
    ],
    [row],
  );
  return ticket;
}

export async function callNext(
  ctx: Ctx,
  principal: Principal | null,
  centreId?: string,
): Promise<Ticket | null> {
  const p = requireStaff(principal, ['agent', 'supervisor']);
  const centre = agentCentre(p, centreId);
  const groups = p.staff.skillGroups;
  const ticket = await ctx.db.tx(async (q) => {
    const state = await q.get<{ status: string }>('SELECT status FROM agent_states WHERE staff_id = ?', [
      p.staff.id,
    ]);
    if (state?.status === 'paused')
      throw new DoorstepError('INVALID_TRANSITION', 'resume before calling next');
    if (await currentTicketId(q, p.staff.id)) {
      throw new DoorstepError('INVALID_TRANSITION', 'finish, park or transfer the current ticket first');
    }
    if (state?.status !== 'available') await setState(ctx, q, p, centre, 'available', null);
    const now = ctx.clock().getTime();
    const marks = groups.map(() => '?').join(', ') || "''";
    const rank = rankSql(now, ctx.settings.get().ordering);
    // Candidates in call order, a page at a time; one claimed by a concurrent caller is skipped.
    for (let offset = 0; ; offset += 60) {
      const page = await q.all<{ id: string }>(
        `SELECT id FROM tickets WHERE centre_id = ? AND status = 'waiting'
         AND ((target_agent_id IS NULL AND skill_group IN (${marks})) OR target_agent_id = ?)
         ORDER BY ${rank.sql}, issued_at, seq, id LIMIT 60 OFFSET ?`,
        [centre, ...groups, p.staff.id, ...rank.params, offset],
      );
      for (const cand of page) {
        if (!(await claim(q, cand.id, p.staff.id, now))) continue;
        await writeAudit(q, now, p, 'ticket.call_next', { type: 'ticket', id: cand.id }, centre);
        return calledEvents(ctx, q, p, await loadTicket(q, cand.id));
      }
      if (page.length < 60) break;
    }
    return null;
  });
  ctx.hub.notify([centre]);
  return ticket;
}
