import type { PrintStatusRequest } from '../../contract/api/tickets';
import { DoorstepError } from '../../contract/errors';
import { type PrintEvent, nextPrintStatus, printEventOf } from '../../contract/print-status';
import type { Ticket } from '../../contract/ticket';
import type { Queryable } from '../db/db';
import { assertCentre, type Ctx, type Principal, writeAudit } from './context';
import { flushTicketEvents, loadTicket, present } from './tickets';

// Central's side of the print status state machine (contract/print-status.ts): the kiosk's report of
// a print and a reprint both go through `changePrintStatus`, which refuses what the table refuses
// (409 INVALID_TRANSITION), writes nothing for a repeated report, and otherwise updates the row,
// audits it and emits `ticket.updated` so the console and the dashboard see the paper state at once.

/** Paper is a kiosk's business: staff reporting print states or reprints would only confuse it. */
function kioskOnly(p: Principal, what: string): void {
  if (p.kind !== 'station') throw new DoorstepError('FORBIDDEN', `${what} is reported by kiosks only`);
}

interface Changed {
  ticket: Ticket;
  centreId: string;
  changed: boolean;
}

/** The only writer of `tickets.print_status` after issue (issue and lease upload set the first one). */
async function changePrintStatus(
  ctx: Ctx,
  q: Queryable,
  p: Principal,
  id: string,
  event: PrintEvent,
  opts: { audit: string; reprint?: boolean },
): Promise<Changed> {
  const row = await loadTicket(q, id);
  assertCentre(p, row.centre_id);
  const step = nextPrintStatus(row.print_status, event);
  if (!step.ok) throw new DoorstepError(step.code, `ticket ${row.number}: ${step.message}`);
  if (!step.changed) {
    return { ticket: await present(ctx, q, row, opts.reprint), centreId: row.centre_id, changed: false };
  }
  await q.run('UPDATE tickets SET print_status = ? WHERE id = ?', [step.to, id]);
  await writeAudit(q, ctx.clock().getTime(), p, opts.audit, { type: 'ticket', id }, row.centre_id);
  const ticket = await present(ctx, q, { ...row, print_status: step.to }, opts.reprint);
  // The event carries the ticket as every watcher shows it (`reprint` is this answer's flag only).
  const shown = opts.reprint ? { ...ticket, reprint: false } : ticket;
  await flushTicketEvents(
    ctx,
    q,
    [{ centreId: row.centre_id, type: 'ticket.updated', data: { ticket: shown } }],
    [],
  );
  return { ticket, centreId: row.centre_id, changed: true };
}

async function commit(ctx: Ctx, work: (q: Queryable) => Promise<Changed>): Promise<Ticket> {
  const result = await ctx.db.tx(work);
  if (result.changed) ctx.hub.notify([result.centreId]);
  return result.ticket;
}

export function setPrintStatus(
  ctx: Ctx,
  p: Principal,
  id: string,
  body: PrintStatusRequest,
): Promise<Ticket> {
  kioskOnly(p, 'the print status');
  return commit(ctx, (q) =>
    changePrintStatus(ctx, q, p, id, printEventOf(body.status), { audit: `ticket.print_${body.status}` }),
  );
}

export function reprintTicket(ctx: Ctx, p: Principal, id: string): Promise<Ticket> {
  kioskOnly(p, 'a reprint');
  return commit(ctx, async (q) => {
    const row = await loadTicket(q, id);
    assertCentre(p, row.centre_id);
    if (row.status !== 'waiting' && row.status !== 'called') {
      throw new DoorstepError('INVALID_TRANSITION', `a ${row.status} ticket cannot be reprinted`);
    }
    return changePrintStatus(ctx, q, p, id, 'reprint', { audit: 'ticket.reprint', reprint: true });
  });
}
