import { OfflineUploadResponse } from '../../../contract/api/leases';
import type { Ticket } from '../../../contract/ticket';
import type { OutboxEntry } from '../store';
import type { HostContext } from './context';

// When central accepts an uploaded offline ticket: remember its central id next to the local one (so
// tickets.get answers with live status) and report whether its paper came out, as for online tickets.

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
    for (const central of [...accepted, ...duplicates]) link(ctx, central);
    for (const r of rejected)
      ctx.logger.log('error', 'outbox', `offline ticket ${r.number} refused: ${r.reason}`);
  };
}

function link(ctx: Pick<HostContext, 'store' | 'central' | 'logger'>, central: Ticket): void {
  const local = ctx.store.tickets.offlineByNumber(central.number, central.serviceDay);
  if (!local) return;
  const known = local.ticket as Ticket & OfflineTicketRecord;
  if (known.centralId === central.id) return;
  ctx.store.tickets.put({ ...local, ticket: { ...known, centralId: central.id } });
  ctx.logger.log('info', 'outbox', `offline ticket ${central.number} is ${central.id} centrally`);
  ctx.central.enqueue({
    kind: 'ticket.print-status',
    path: `/api/v1/tickets/${encodeURIComponent(central.id)}/print-status`,
    body: { status: known.printStatus === 'printed' ? 'printed' : 'failed' },
  });
}
