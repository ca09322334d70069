import type { Db } from './db';
import { assertNoIdNumber } from './privacy';

// The small tables of the local store: key/value settings, the station enrollment, the event cursor,
// tickets issued here and print jobs. None of them holds identity data.

export interface StationRecord {
  stationId: string;
  token: string;
  /** What central told us at enrollment (station/centre ids and names), as JSON. */
  info: Record<string, unknown>;
  enrolledAt: string;
}

export interface StoredTicket {
  id: string;
  number: string;
  itemId: string;
  serviceDay: string;
  offline: boolean;
  ticket: unknown;
}

export type PrintJobState = 'queued' | 'printing' | 'printed' | 'failed';

export class Settings {
  constructor(private readonly db: Db) {}
  get(key: string): string | undefined {
    return (
      this.db.prepare('SELECT value FROM config WHERE key = ?').get(key) as { value: string } | undefined
    )?.value;
  }
  set(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO config (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, assertNoIdNumber(value, `setting ${key}`));
  }
  delete(key: string): void {
    this.db.prepare('DELETE FROM config WHERE key = ?').run(key);
  }
  /** Keys starting with `prefix`, in key order. */
  keys(prefix: string): string[] {
    const rows = this.db
      .prepare('SELECT key FROM config WHERE substr(key, 1, ?) = ? ORDER BY key')
      .all(prefix.length, prefix) as Array<{ key: string }>;
    return rows.map((r) => r.key);
  }
}

export class StationStore {
  constructor(private readonly db: Db) {}
  get(): StationRecord | undefined {
    const r = this.db.prepare('SELECT * FROM station WHERE id = 1').get() as
      { station_id: string; token: string; info: string; enrolled_at: string } | undefined;
    return (
      r && {
        stationId: r.station_id,
        token: r.token,
        info: JSON.parse(r.info) as Record<string, unknown>,
        enrolledAt: r.enrolled_at,
      }
    );
  }
  set(rec: StationRecord): void {
    this.db
      .prepare(
        `INSERT INTO station (id, station_id, token, info, enrolled_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET station_id = excluded.station_id, token = excluded.token,
           info = excluded.info, enrolled_at = excluded.enrolled_at`,
      )
      .run(rec.stationId, rec.token, assertNoIdNumber(JSON.stringify(rec.info), 'station'), rec.enrolledAt);
  }
  clear(): void {
    this.db.prepare('DELETE FROM station').run();
  }
}

export class EventCursor {
  constructor(private readonly db: Db) {}
  get(stream = 'central'): string | null {
    return (
      (
        this.db.prepare('SELECT last_event_id FROM event_cursor WHERE stream = ?').get(stream) as
          { last_event_id: string } | undefined
      )?.last_event_id ?? null
    );
  }
  set(lastEventId: string, stream = 'central'): void {
    this.db
      .prepare(
        `INSERT INTO event_cursor (stream, last_event_id) VALUES (?, ?)
         ON CONFLICT (stream) DO UPDATE SET last_event_id = excluded.last_event_id`,
      )
      .run(stream, lastEventId);
  }
}

export class TicketStore {
  constructor(private readonly db: Db) {}
  put(t: StoredTicket): void {
    this.db
      .prepare(
        `INSERT INTO tickets (id, number, item_id, service_day, offline, ticket, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET ticket = excluded.ticket, offline = excluded.offline`,
      )
      .run(
        t.id,
        t.number,
        t.itemId,
        t.serviceDay,
        t.offline ? 1 : 0,
        assertNoIdNumber(JSON.stringify(t.ticket), `ticket ${t.number}`),
        new Date().toISOString(),
      );
  }
  /** Window tickets of an item issued here (online or offline) since `since`: the kiosk's own rate. */
  windowIssuedSince(itemId: string, since: Date): number {
    const r = this.db
      .prepare(
        `SELECT count(*) AS n FROM tickets
         WHERE item_id = ? AND created_at >= ? AND json_extract(ticket, '$.channel') = 'window'`,
      )
      .get(itemId, since.toISOString()) as { n: number };
    return r.n;
  }
  /** An offline ticket by its number and service day (to match central's answer to the upload). */
  offlineByNumber(number: string, serviceDay: string): StoredTicket | undefined {
    const r = this.db
      .prepare('SELECT id FROM tickets WHERE number = ? AND service_day = ? AND offline = 1')
      .get(number, serviceDay) as { id: string } | undefined;
    return r && this.get(r.id);
  }

  get(id: string): StoredTicket | undefined {
    const r = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as
      | { id: string; number: string; item_id: string; service_day: string; offline: number; ticket: string }
      | undefined;
    return (
      r && {
        id: r.id,
        number: r.number,
        itemId: r.item_id,
        serviceDay: r.service_day,
        offline: r.offline === 1,
        ticket: JSON.parse(r.ticket) as unknown,
      }
    );
  }
}

export class PrintJobs {
  constructor(private readonly db: Db) {}
  create(id: string, kind: string, ticketId: string | null): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO print_jobs (id, kind, ticket_id, state, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?)`,
      )
      .run(id, kind, ticketId, now, now);
  }
  update(id: string, state: PrintJobState, reason: string | null = null): void {
    this.db
      .prepare('UPDATE print_jobs SET state = ?, reason = ?, updated_at = ? WHERE id = ?')
      .run(state, reason, new Date().toISOString(), id);
  }
  get(
    id: string,
  ):
    | { id: string; kind: string; ticketId: string | null; state: PrintJobState; reason: string | null }
    | undefined {
    const r = this.db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(id) as
      | { id: string; kind: string; ticket_id: string | null; state: PrintJobState; reason: string | null }
      | undefined;
    return r && { id: r.id, kind: r.kind, ticketId: r.ticket_id, state: r.state, reason: r.reason };
  }
}
