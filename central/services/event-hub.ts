import { randomUUID } from 'node:crypto';
import { LiveSockets } from '../security/live-sockets';
import type { Db, Queryable } from '../db/db';

const CHANNEL = 'doorstep_events';
/** In place of a centre id on CHANNEL: the payload ends a credential's sockets (`…|key|reason`). */
const END_CREDENTIAL = '~end-credential';
import type { EventEnvelope } from '../../contract/events';
import type { PendingEvent } from './context';

// The event log and its fan-out. Events are rows in `events`, written inside the transaction that
// made the change. On PostgreSQL each centre's events take an advisory lock first, so within a centre
// the id order is the commit order and a client resuming from an id can never miss a later-committed
// smaller id. After a commit the hub "pumps" the centre: reads rows past the last id it delivered and
// hands them, in order, to subscribers (WebSocket connections, webhooks). Pumps coalesce under load.

type Listener = (e: EventEnvelope) => void;

interface EventRow {
  id: number;
  centre_id: string;
  type: string;
  at: number;
  data: string;
}

// An envelope read back from the log keeps its stored JSON text: its message for a WebSocket is
// that text wrapped (no parse, no second stringify), and `data` is parsed only if someone reads it.
const jsonOfEnvelope = new WeakMap<EventEnvelope, string>();

export function envelopeOf(r: EventRow): EventEnvelope {
  const at = new Date(r.at).toISOString();
  let data: unknown;
  const e = {
    id: r.id,
    centreId: r.centre_id,
    type: r.type,
    at,
    get data() {
      if (data === undefined) data = JSON.parse(r.data);
      return data;
    },
  } as EventEnvelope;
  jsonOfEnvelope.set(
    e,
    `{"id":${JSON.stringify(r.id)},"centreId":${JSON.stringify(r.centre_id)},"type":${JSON.stringify(r.type)},"at":"${at}","data":${r.data}}`,
  );
  return e;
}

/** The envelope as JSON: what JSON.stringify gives, built from the stored text when there is one. */
export function envelopeJson(e: EventEnvelope): string {
  return jsonOfEnvelope.get(e) ?? JSON.stringify(e);
}

/**
 * PostgreSQL advisory lock class of a centre's events (`pg_advisory_xact_lock(EVENTS_LOCK, hashtext(centre))`):
 * taken before a transaction's events get their ids and held to its commit. Every writer takes it
 * after its other row locks (counters, tickets), so writers never wait on each other in a cycle.
 */
export const EVENTS_LOCK = 727002;

export async function appendEvents(q: Queryable, at: number, events: PendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.flatMap((e) => [e.centreId, e.type, at, JSON.stringify(e.data)]);
  if (q.kind === 'sqlite') {
    await q.run(
      `INSERT INTO events (centre_id, type, at, data) VALUES ${events.map(() => '(?, ?, ?, ?)').join(', ')}`,
      rows,
    );
    return;
  }
  const centres = [...new Set(events.map((e) => e.centreId))].sort();
  for (const c of centres.slice(1))
    await q.run(`SELECT pg_advisory_xact_lock(${EVENTS_LOCK}, hashtext(?))`, [c]);
  // The first centre's lock is taken by the insert itself: one round trip while locks are held.
  await q.run(
    `WITH l AS (SELECT pg_advisory_xact_lock(${EVENTS_LOCK}, hashtext(?)) AS locked)
     INSERT INTO events (centre_id, type, at, data)
     SELECT v.c, v.t, v.a, v.d FROM l, (VALUES ${events.map(() => '(?::text, ?::text, ?::bigint, ?::text)').join(', ')}) AS v (c, t, a, d)`,
    [centres[0]!, ...rows],
  );
}

export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly all = new Set<Listener>();
  private readonly delivered = new Map<string, number>();
  private readonly pumping = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private closed = false;
  private unlisten: (() => Promise<void>) | null = null;
  /** Tells this instance's own notifications apart from other instances' (PostgreSQL). */
  private readonly instance = randomUUID();
  /** This instance's open WebSockets by credential (event stream and video signaling). */
  readonly sockets = new LiveSockets();

  private catchUpTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    /** How often centres are pumped without a notification (PostgreSQL; 0: never). */
    private readonly catchUpMs = 1000,
  ) {}

  async start(): Promise<void> {
    if (this.db.listen) {
      this.unlisten = await this.db.listen(
        CHANNEL,
        (payload) => {
          const [from, centreId, key, reason] = payload.split('|');
          if (from === this.instance || !centreId) return;
          if (centreId === END_CREDENTIAL) {
            if (key) this.sockets.close(key, reason || 'credential ended');
          } else this.pumpCentres([centreId]);
        },
        // Notifications sent while the connection was down are lost: look at every centre now.
        () => this.catchUp(),
      );
    }
    const rows = await this.db.all<{ centre_id: string; last: number }>(
      'SELECT centre_id, MAX(id) AS last FROM events GROUP BY centre_id',
    );
    for (const r of rows) this.delivered.set(r.centre_id, Number(r.last));
    // A notification is best effort: the instance that committed may die before sending it, or the
    // database may drop it with a connection. With other instances on the database, each centre
    // that has live clients is also looked at on a timer, so they see every event within about a
    // second whatever happened elsewhere. (On SQLite this process is the only writer.)
    if (this.db.kind === 'postgres' && this.catchUpMs > 0) {
      this.catchUpTimer = setInterval(() => this.catchUp(), this.catchUpMs);
      this.catchUpTimer.unref();
    }
  }

  /** Pumps every centre a client or a webhook follows (a pump with nothing new is one indexed read). */
  catchUp(): void {
    if (this.closed) return;
    const centres = new Set(this.delivered.keys());
    for (const [c, set] of this.listeners) if (set.size > 0) centres.add(c);
    this.pumpCentres([...centres]);
  }

  /** The newest event id delivered for a centre (what a new subscriber is current up to). */
  lastId(centreId: string): number {
    return this.delivered.get(centreId) ?? 0;
  }

  subscribe(centreId: string, fn: Listener): () => void {
    let set = this.listeners.get(centreId);
    if (!set) this.listeners.set(centreId, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  subscribeAll(fn: Listener): () => void {
    this.all.add(fn);
    return () => this.all.delete(fn);
  }

  subscriberCount(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  /** Events of a centre after an id, in order (for a resuming client). */
  async since(centreId: string, afterId: number, limit = 1000): Promise<EventEnvelope[]> {
    const rows = await this.db.all<EventRow>(
      'SELECT id, centre_id, type, at, data FROM events WHERE centre_id = ? AND id > ? ORDER BY id LIMIT ?',
      [centreId, afterId, limit],
    );
    return rows.map(envelopeOf);
  }

  /**
   * Called after a commit that wrote events for these centres. The pump starts on the next turn of the
   * event loop: the request that made the change answers first instead of waiting while its events
   * are read back and written to every subscriber, and the commits of one turn share one pump.
   */
  notify(centreIds: Iterable<string>): void {
    const centres = [...new Set(centreIds)];
    if (centres.length === 0) return;
    if (this.toPump.size === 0 && !this.closed) {
      this.scheduled = new Promise((resolve) =>
        setImmediate(() => {
          const due = [...this.toPump];
          this.toPump.clear();
          this.scheduled = null;
          this.pumpCentres(due);
          resolve();
        }),
      );
    }
    for (const c of centres) this.toPump.add(c);
    if (this.db.kind === 'postgres' && !this.closed) {
      // Other instances on the same database pump too (best effort: they also catch up on their next
      // change). Notifications are coalesced: one statement per turn of the event loop.
      if (this.toNotify.size === 0) setImmediate(() => this.sendNotifications());
      for (const c of centres) this.toNotify.add(c);
    }
  }

  /**
   * A credential ended (kiosk revoked, signed out, account disabled, password reset, station taken out
   * of service): its sockets close here at once and, on PostgreSQL, on every other instance of the
   * database, which hear it on the hub's channel. Best effort like the event notifications: an
   * instance that misses it finds the credential refused when its socket reconnects.
   */
  endCredential(key: string, reason: string): void {
    this.sockets.close(key, reason);
    if (this.db.kind !== 'postgres' || this.closed) return;
    void this.db
      .run('SELECT pg_notify(?, ?)', [
        CHANNEL,
        [this.instance, END_CREDENTIAL, key, reason.replaceAll('|', '/')].join('|'),
      ])
      .catch(() => undefined);
  }

  private readonly toPump = new Set<string>();
  private scheduled: Promise<void> | null = null;
  private readonly toNotify = new Set<string>();
  private sendNotifications(): void {
    const centres = [...this.toNotify];
    this.toNotify.clear();
    if (this.closed || centres.length === 0) return;
    const payloads = centres.map((c) => `${this.instance}|${c}`);
    void this.db
      .run(
        `SELECT ${payloads.map(() => 'pg_notify(?, ?)').join(', ')}`,
        payloads.flatMap((p) => [CHANNEL, p]),
      )
      .catch(() => undefined);
  }

  private pumpCentres(centreIds: string[]): void {
    for (const c of centreIds) {
      if (this.closed) return;
      if (this.pumping.has(c)) {
        this.dirty.add(c);
        continue;
      }
      // A failed read (the database away) is not lost: the centre stays behind its last delivered
      // id and the next notification or catch-up pass reads again from there.
      const run = this.pump(c)
        .catch(() => undefined)
        .finally(() => this.pumping.delete(c));
      this.pumping.set(c, run);
    }
  }

  async idle(): Promise<void> {
    while (this.scheduled || this.pumping.size) {
      await this.scheduled;
      await Promise.all(this.pumping.values());
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
    await this.unlisten?.();
  }

  private async pump(centreId: string): Promise<void> {
    do {
      this.dirty.delete(centreId);
      for (;;) {
        const batch = await this.since(centreId, this.lastId(centreId), 500);
        if (batch.length === 0) break;
        for (const e of batch) {
          this.delivered.set(centreId, e.id);
          for (const fn of this.listeners.get(centreId) ?? []) fn(e);
          for (const fn of this.all) fn(e);
        }
        if (batch.length < 500) break;
      }
    } while (this.dirty.has(centreId) && !this.closed);
  }
}
