import { z } from 'zod';
import { type PrintEvent, nextPrintStatus } from '../../../contract/print-status';
import { Ticket } from '../../../contract/ticket';
import type { HostContext } from './context';

// The kiosk host's side of the print status state machine (contract/print-status.ts): every change of
// a stored ticket's print status — a first print, a failed one, a screen-only choice, a reprint — goes
// through `recordPrint`, which stores it, tells central (once central knows the ticket; an offline
// ticket's upload carries it otherwise) and tells the page with a `ticket` event.

/** A stored ticket as the host keeps it: the contract's ticket, plus central's id once an offline one was accepted. */
export const StoredTicketBody = Ticket.extend({ centralId: z.string().min(1).optional() });
export type StoredTicketBody = z.infer<typeof StoredTicketBody>;

type PrintCtx = Pick<HostContext, 'store' | 'central' | 'events' | 'logger'>;

/**
 * Applies `event` to the stored ticket `ticketId` and returns the ticket as it is now (undefined when
 * not stored here). A refused event (a failed reprint of a ticket whose paper the resident already
 * holds) changes nothing and reports nothing: central would refuse it the same way.
 */
export function recordPrint(ctx: PrintCtx, ticketId: string, event: PrintEvent): Ticket | undefined {
  const stored = ctx.store.tickets.get(ticketId);
  if (!stored) return undefined;
  const known = StoredTicketBody.parse(stored.ticket);
  const { centralId, ...ticket } = known;
  const step = nextPrintStatus(known.printStatus, event);
  if (!step.ok) {
    ctx.logger.log('info', 'tickets', `${known.number}: ${step.message}; kept ${known.printStatus}`);
    return ticket;
  }
  if (!step.changed) return ticket;
  const now: Ticket = { ...ticket, printStatus: step.to };
  ctx.store.tickets.put({ ...stored, ticket: { ...known, printStatus: step.to } });
  const idAtCentral = stored.offline ? centralId : stored.id;
  if (idAtCentral && step.to !== 'pending') {
    ctx.central.enqueue({
      kind: 'ticket.print-status',
      path: `/api/v1/tickets/${encodeURIComponent(idAtCentral)}/print-status`,
      body: { status: step.to },
    });
  }
  ctx.events.emit('event', { type: 'ticket', ticket: now });
  return now;
}
