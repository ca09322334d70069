import { OfflineUploadRequest, OfflineUploadResponse } from '../../../contract/api/leases';
import type { PrintStatus, Ticket } from '../../../contract/ticket';
import type { OutboxEntry } from '../store';
import type { HostContext } from './context';
import { StoredTicketBody } from './print-status';

// When central accepts an uploaded offline ticket: remember its central id next to the local one (so
// tickets.get answers with live status). The upload carries the print status; only when the kiosk's
// own record says otherwise by now (a reprint after a failed print, or an upload queued by an older
// host without the field) is the print status reported on top, as for online tickets.

export function onOutboxAccepted(ctx: Pick<HostContext, 'store' | 'central' | 'logger'>) {
  return (entry: OutboxEntry, answer: unknown): void => {
    if (entry.kind !== 'offline.ticket') return;
    const parsed = OfflineUploadResponse.safeParse(answer);
    if (!parsed.success) return;
    const { accepted, duplicates, rejected } = parsed.data;
    // The body as sent, parsed (an absent printStatus from an older host reads as printed, as central read it).
    const body = OfflineUploadRequest.safeParse(entry.body);
    const sent = new Map<string, PrintStatus>(
      body.success ? body.data.tickets.map((t) => [t.number, t.printStatus]) : [],
    );
    for (const central of [...accepted, ...duplicates]) link(ctx, central, sent.get(central.number));
    for (const r of rejected)
      ctx.logger.log('error', 'outbox', `offline ticket ${r.number} refused: ${r.reason}`);
  };
}

function link(
  ctx: Pick<HostContext, 'store' | 'central' | 'logger'>,
  central: Ticket,
  uploaded: PrintStatus | undefined,
): void {
  const local = ctx.store.tickets.offlineByNumber(central.number, central.serviceDay);
  if (!local) return;
  const known = StoredTicketBody.parse(local.ticket);
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
