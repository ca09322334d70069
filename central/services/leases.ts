import type {
  Lease,
  LeaseRequest,
  OfflineUploadRequest,
  OfflineUploadResponse,
} from '../../contract/api/leases';
import { DoorstepError } from '../../contract/errors';
import type { Ticket } from '../../contract/ticket';
import { serviceDayOf } from '../domain/time';
import { newId } from '../security/secrets';
import { type Ctx, type PendingEvent, type Principal, requireStation, writeAudit } from './context';
import { flushTicketEvents, formatNumber, loadTicket, present, takeSeq } from './tickets';
import { TICKET_COLUMNS, type TicketRow } from './ticket-rows';

// Offline number leases (architecture decision 3): a kiosk leases a block of today's window-ticket
// numbers for an item, so it can keep issuing while central is unreachable. The block comes out of
// the same counter as online numbers, so nothing is issued twice. Uploaded tickets are accepted
// exactly once each (unique lease + number), queued by their offline issue time, and keep the print
// status the kiosk reports with them (agents see whether the resident holds paper).

interface LeaseRow {
  id: string;
  centre_id: string;
  station_id: string;
  kiosk_id: string;
  item_id: string;
  prefix: string;
  service_day: string;
  first_seq: number;
  last_seq: number;
}

const leaseOf = (r: LeaseRow): Lease => {
  const numbers: string[] = [];
  for (let s = Number(r.first_seq); s <= Number(r.last_seq); s++) numbers.push(formatNumber(r.prefix, s));
  return {
    id: r.id,
    centreId: r.centre_id,
    stationId: r.station_id,
    itemId: r.item_id,
    prefix: r.prefix,
    serviceDay: r.service_day,
    firstSeq: Number(r.first_seq),
    lastSeq: Number(r.last_seq),
    numbers,
  };
};

export async function createLease(ctx: Ctx, principal: Principal | null, body: LeaseRequest): Promise<Lease> {
  const p = requireStation(principal);
  const item = ctx.catalog.get(body.itemId);
  if (!item.channels.includes('window')) {
    throw new DoorstepError('VALIDATION_FAILED', 'leases are for window tickets', [
      { path: 'itemId', message: 'item has no window channel' },
    ]);
  }
  return ctx.db.tx(async (q) => {
    const now = ctx.clock().getTime();
    const day = serviceDayOf(now);
    const first = await takeSeq(q, p.centreId, item.ticketPrefix, day, body.count);
    const row: LeaseRow = {
      id: newId('l'),
      centre_id: p.centreId,
      station_id: p.stationId,
      kiosk_id: p.kioskId,
      item_id: item.id,
      prefix: item.ticketPrefix,
      service_day: day,
      first_seq: first,
      last_seq: first + body.count - 1,
    };
    await q.run(
      `INSERT INTO leases (id, centre_id, station_id, kiosk_id, item_id, prefix, service_day, first_seq, last_seq, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        row.centre_id,
        row.station_id,
        row.kiosk_id,
        row.item_id,
        row.prefix,
        row.service_day,
        row.first_seq,
        row.last_seq,
        now,
      ],
    );
    return leaseOf(row);
  });
}

export async function uploadOffline(
  ctx: Ctx,
  principal: Principal | null,
  body: OfflineUploadRequest,
): Promise<OfflineUploadResponse> {
  const p = requireStation(principal);
  const sorted = [...body.tickets].sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt));
  const out = await ctx.db.tx(async (q) => {
    const res: OfflineUploadResponse = { accepted: [], duplicates: [], rejected: [] };
    const rows: TicketRow[] = [];
    const events: PendingEvent[] = [];
    const now = ctx.clock().getTime();
    for (const t of sorted) {
      const lease = await q.get<LeaseRow>('SELECT * FROM leases WHERE id = ?', [t.leaseId]);
      const seq = Number(t.number.slice(1));
      const issuedAt = Date.parse(t.issuedAt);
      const reject = (reason: string) => res.rejected.push({ number: t.number, reason });
      if (!lease || lease.kiosk_id !== p.kioskId) {
        reject('unknown lease');
        continue;
      }
      if (t.number[0] !== lease.prefix || seq < Number(lease.first_seq) || seq > Number(lease.last_seq)) {
        reject('number not in lease');
        continue;
      }
      if (serviceDayOf(issuedAt) !== lease.service_day || issuedAt > now + 60_000) {
        reject('issued outside the lease day');
        continue;
      }
      if (serviceDayOf(now) !== lease.service_day) {
        reject('the service day is over');
        continue;
      }
      const dup = await q.get<TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE lease_id = ? AND number = ?`,
        [lease.id, t.number],
      );
      if (dup) {
        res.duplicates.push(await present(ctx, q, dup));
        continue;
      }
      const id = newId('t');
      const item = ctx.catalog.get(lease.item_id);
      await q.run(
        `INSERT INTO tickets (id, number, seq, centre_id, station_id, kiosk_id, item_id, channel, skill_group, status,
           priority, service_day, issued_at, print_status, lease_id, offline, identified_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'window', ?, 'waiting', 'normal', ?, ?, ?, ?, 1, ?)`,
        [
          id,
          t.number,
          seq,
          lease.centre_id,
          lease.station_id,
          p.kioskId,
          item.id,
          item.skillGroup,
          lease.service_day,
          issuedAt,
          t.printStatus,
          lease.id,
          t.identifiedBy ?? null,
        ],
      );
      await writeAudit(q, now, p, 'ticket.upload_offline', { type: 'ticket', id }, lease.centre_id, {
        number: t.number,
        printStatus: t.printStatus,
      });
      rows.push(await loadTicket(q, id));
    }
    for (const r of rows) {
      const ticket: Ticket = await present(ctx, q, r);
      res.accepted.push(ticket);
      events.push({ centreId: r.centre_id, type: 'ticket.issued', data: { ticket } });
    }
    await flushTicketEvents(ctx, q, events, rows);
    return res;
  });
  ctx.hub.notify([p.centreId]);
  return out;
}
