import { OfflineUploadResponse } from '../../../contract/api/leases';
import type { Ticket } from '../../../contract/ticket';
import type { OutboxEntry } from '../store';
import type { HostContext } from './context';

// When central accepts an uploaded offline ticket: remember its central id next to the local one (so
// tickets.get answers with live status). The upload carries the print status; only when the kiosk's
// own record says otherwise by now (a reprint after a failed print, or an upload queued by an older
// host without the field) is the print status reported on top, as for online tickets.

export interface OfflineTicketRecord {
  /** Central's id once the upload was accepted. */
  centralId?: string;
}

export function onOutboxAccepted(ctx: Pick<HostContext, 'store' | 'central' | 'logger'>) {
  return (entry: OutboxEntry, answer: unknown): void => {
    if (entry.kind !== 'offline.ticket') return;
    const parsed = OfflineUploadResponse.safeParse(answer);
    if (!parsed.success) return;
    const { accepted, duplicates, rejected } = parsed.data;
    const sent = new Map<string, unknown>();
    for (const t of (entry.body as { tickets?: Array<{ number?: string; printStatus?: unknown }> }).tickets ??
      []) {
      if (t.number) sent.set(t.number, t.printStatus);
    }
    for (const central of [...accepted, ...duplicates]) link(ctx, central, sent.get(central.number));
    for (const r of rejected)
      ctx.logger.log('error', 'outbox', `offline ticket ${r.number} refused: ${r.reason}`);
  };
}

function link(
  ctx: Pick<HostContext, 'store' | 'central' | 'logger'>,
  central: Ticket,
  uploaded: unknown,
): void {
  const local = ctx.store.tickets.offlineByNumber(central.number, central.serviceDay);
  if (!local) return;
  const known = local.ticket as Ticket & OfflineTicketRecord;
  if (known.centralId === central.id) return;
  ctx.store.tickets.put({ ...local, ticket: { ...known, centralId: central.id } });
  ctx.logger.log('info', 'outbox', `offline ticket ${central.number} is ${central.id} centrally`);
  const status = known.printStatus;
  if (status === 'pending' || status === uploaded) return;
  ctx.central.enqueue({
    kind: 'ticket.print-status',
    path: `/api/v1/tickets/${encodeURIComponent(central.id)}/print-status`,
    body: { status },
  });
}
