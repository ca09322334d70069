import { createHmac, randomUUID } from 'node:crypto';
import type {
  Webhook,
  WebhookCreateRequest,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
} from '../../contract/api/admin';
import { DoorstepError } from '../../contract/errors';
import type { EventEnvelope } from '../../contract/events';
import { jsonOf, toBool } from '../db/db';
import { newId } from '../security/secrets';
import { type Ctx, type Principal, requireStaff, writeAudit } from './context';
import { type WebhookTargets, checkTarget } from '../security/targets';
import { outsiderJson } from '../security/redact';
import { envelopeOf } from './event-hub';

// Outbound webhooks for other systems: ticket and appointment events, POSTed as the event envelope,
// signed with HMAC-SHA256 over "<timestamp>.<body>" (X-Doorstep-Signature: sha256=<hex>), retried with
// exponential backoff on anything but a 2xx. Secrets are stored encrypted with the PII key.
//
// Delivery is durable and ordered. Per hook and centre, `webhook_cursors` holds the id of the last
// event queued for that hook; the next matching event past it becomes a `webhook_deliveries` row
// (pending), and only when that row is delivered or failed is the next one queued: at least once, in
// event order within a centre (within a centre id order is commit order, event-hub.ts). Every attempt
// is written down with the time of the next one, so a restarted central carries on where it stopped.
// After `maxAttempts` the row is failed (an admin sees it) and the hook moves on. On PostgreSQL
// several instances share the work: the cursor row carries a lease, and only its holder sends.

interface HookRow {
  id: string;
  url: string;
  secret_enc: string;
  events: string;
  active: number;
  created_at: number;
  centre_ids: string | null;
}

interface DeliveryRow {
  id: number;
  webhook_id: string;
  event_id: number;
  event_type: string | null;
  centre_id: string | null;
  status: WebhookDelivery['status'];
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  updated_at: number;
}

interface Hook {
  id: string;
  url: string;
  secret: string;
  events: string[];
  /** The centres whose events it receives; null: every centre (hooks made before scopes). */
  centres: string[] | null;
}

export interface WebhookOptions {
  /** First retry after this long; each further one waits twice as long (capped at maxBackoffMs). */
  backoffMs: number;
  maxAttempts: number;
  timeoutMs: number;
  maxBackoffMs?: number;
  /** How often every hook is looked at even without a new event (other instances' work, expired leases). */
  pollMs?: number;
  /** Which receivers are allowed (default 'public': https to public addresses only). */
  targets?: WebhookTargets;
  /** How a lane waits for its next attempt (default real timers measured against ctx.clock). */
  timers?: WakeTimers;
}

/**
 * Wake-ups at a time of the injected clock (ms): every time the dispatcher reads or writes (attempt
 * due, lease, timestamp, pruning) comes from ctx.clock, and its waits are set by the same clock, so a
 * test that moves a manual clock fires exactly the retries that became due — without sleeping.
 */
export interface WakeTimers {
  /** Calls `fn` once the clock reads `when`; returns the cancel function. */
  at(when: number, fn: () => void): () => void;
}

/** Real timers: the wait is `when` minus the clock's now. */
export function realWakeTimers(clock: () => Date): WakeTimers {
  return {
    at(when, fn) {
      const t = setTimeout(fn, Math.max(0, when - clock().getTime()));
      t.unref();
      return () => clearTimeout(t);
    },
  };
}

const OPEN = "('pending', 'retrying')";
const DELIVERY_COLS =
  'id, webhook_id, event_id, event_type, centre_id, status, attempts, last_status, last_error, next_attempt_at, updated_at';

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The wait before attempt `attempt + 1` after `attempt` failed ones. */
export function backoffDelay(attempt: number, backoffMs: number, maxBackoffMs = 3600_000): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function deliveryOf(r: DeliveryRow): WebhookDelivery {
  const open = r.status === 'pending' || r.status === 'retrying';
  return {
    id: Number(r.id),
    webhookId: r.webhook_id,
    eventId: Number(r.event_id),
    eventType: r.event_type,
    centreId: r.centre_id,
    status: r.status,
    attempts: Number(r.attempts),
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    nextAttemptAt: open && r.next_attempt_at !== null ? iso(r.next_attempt_at) : null,
    updatedAt: iso(r.updated_at)!,
  };
}

/** One hook's work for one centre: at most one run at a time, and a timer for the next attempt. */
interface Lane {
  hookId: string;
  centreId: string;
  running: Promise<void> | null;
  again: boolean;
  /** Cancels the wait for the head delivery's next attempt. */
  timer: (() => void) | null;
}

export class WebhookDispatcher {
  private hooks = new Map<string, Hook>();
  private centres: string[] = [];
  private readonly lanes = new Map<string, Lane>();
  private readonly inFlight = new Set<AbortController>();
  /** This instance, as the holder of cursor leases (PostgreSQL). */
  private readonly owner = randomUUID();
  private unsubscribe: (() => void) | null = null;
  private poller: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly opts: Required<WebhookOptions>;
  private readonly now = () => this.ctx.clock().getTime();

  constructor(
    private readonly ctx: Ctx,
    opts: WebhookOptions = { backoffMs: 1000, maxAttempts: 8, timeoutMs: 5000 },
  ) {
    this.opts = {
      ...opts,
      maxBackoffMs: opts.maxBackoffMs ?? 3600_000,
      pollMs: opts.pollMs ?? 15_000,
      targets: opts.targets ?? 'public',
      timers: opts.timers ?? realWakeTimers(ctx.clock),
    };
  }

  /** Loads the hooks, resumes every queued or retrying delivery, and follows new events. */
  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = this.ctx.hub.subscribeAll((e) => this.onEvent(e));
    this.kickAll();
    this.poller = setInterval(() => {
      void this.reload()
        .then(() => this.kickAll())
        .then(() => this.prune())
        .catch(() => undefined);
    }, this.opts.pollMs);
    this.poller.unref();
  }

  private prunedAt = Number.NEGATIVE_INFINITY;
  /** Delivered rows are kept 7 days (failed ones stay for the admin). At most hourly (the poll calls it). */
  async prune(): Promise<void> {
    const now = this.now();
    if (now - this.prunedAt < 3600_000) return;
    this.prunedAt = now;
    await this.ctx.db.run("DELETE FROM webhook_deliveries WHERE status = 'delivered' AND updated_at < ?", [
      now - 7 * 86_400_000,
    ]);
  }

  /** Resolves when no lane is sending (tests and shutdown wait on this instead of sleeping). */
  async idle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      const running = [...this.lanes.values()].map((l) => l.running).filter((r) => r !== null);
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  async reload(): Promise<void> {
    const rows = await this.ctx.db.all<HookRow>('SELECT * FROM webhooks WHERE active = 1');
    this.hooks = new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          url: r.url,
          secret: this.ctx.pii.decrypt(r.secret_enc),
          events: jsonOf<string[]>(r.events, []),
          centres: r.centre_ids === null ? null : jsonOf<string[]>(r.centre_ids, []),
        },
      ]),
    );
    this.centres = (await this.ctx.db.all<{ id: string }>('SELECT id FROM centres ORDER BY id')).map(
      (r) => r.id,
    );
  }

  async create(principal: Principal | null, body: WebhookCreateRequest): Promise<Webhook> {
    const p = requireStaff(principal, ['admin']);
    await checkTarget(body.url, this.opts.targets);
    const id = newId('wh');
    const centres = [...p.staff.centreIds].sort();
    await this.ctx.db.tx(async (q) => {
      const now = this.ctx.clock().getTime();
      await q.run(
        `INSERT INTO webhooks (id, url, secret_enc, events, active, created_at, centre_ids, created_by)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
        [
          id,
          body.url,
          this.ctx.pii.encrypt(body.secret),
          JSON.stringify(body.events),
          now,
          JSON.stringify(centres),
          p.staff.id,
        ],
      );
      // The URL's host only: a path or query may carry a receiver's own token.
      await writeAudit(q, now, p, 'webhook.create', { type: 'webhook', id }, null, {
        host: new URL(body.url).host,
        events: body.events,
        centres,
      });
      // A new hook gets the events from now on, not the history.
      await q.run(
        `INSERT INTO webhook_cursors (webhook_id, centre_id, last_event_id, lease_until)
         SELECT ?, c.id, COALESCE((SELECT MAX(e.id) FROM events e WHERE e.centre_id = c.id), 0), 0 FROM centres c`,
        [id],
      );
    });
    await this.reload();
    return { id, url: body.url, events: body.events, active: true, pending: 0, failed: 0 };
  }

  async list(principal: Principal | null): Promise<Webhook[]> {
    const p = requireStaff(principal, ['admin']);
    const rows = (await this.ctx.db.all<HookRow>('SELECT * FROM webhooks ORDER BY created_at')).filter((r) =>
      this.visibleTo(p.staff.centreIds, r),
    );
    const counts = await this.ctx.db.all<{ webhook_id: string; status: string; n: number }>(
      `SELECT webhook_id, status, COUNT(*) AS n FROM webhook_deliveries
       WHERE status IN ('pending', 'retrying', 'failed') GROUP BY webhook_id, status`,
    );
    const count = (id: string, statuses: string[]) =>
      counts
        .filter((c) => c.webhook_id === id && statuses.includes(c.status))
        .reduce((a, c) => a + Number(c.n), 0);
    return rows.map((r) => ({
      id: r.id,
      url: r.url,
      events: jsonOf(r.events, []),
      active: toBool(r.active),
      pending: count(r.id, ['pending', 'retrying']),
      failed: count(r.id, ['failed']),
    }));
  }

  async deliveries(
    principal: Principal | null,
    webhookId: string,
    query: WebhookDeliveryQuery,
  ): Promise<WebhookDeliveryList> {
    const p = requireStaff(principal, ['admin']);
    const hook = await this.ctx.db.get<HookRow>('SELECT id, centre_ids FROM webhooks WHERE id = ?', [
      webhookId,
    ]);
    if (!hook || !this.visibleTo(p.staff.centreIds, hook))
      throw new DoorstepError('NOT_FOUND', `no webhook ${webhookId}`);
    const rows = await this.ctx.db.all<DeliveryRow>(
      `SELECT ${DELIVERY_COLS} FROM webhook_deliveries WHERE webhook_id = ? ${query.status ? 'AND status = ?' : ''}
       ORDER BY id DESC LIMIT ?`,
      query.status ? [webhookId, query.status, query.limit] : [webhookId, query.limit],
    );
    return { deliveries: rows.map(deliveryOf) };
  }

  /** An admin sees the hooks whose every centre is one of theirs (a NULL scope: every centre). */
  private visibleTo(own: string[], r: Pick<HookRow, 'centre_ids'>): boolean {
    const scope = r.centre_ids === null ? this.centres : jsonOf<string[]>(r.centre_ids, []);
    return scope.every((c) => own.includes(c));
  }

  /**
   * Stops: no new attempt starts, one under way is cancelled (it is not counted and is made again
   * after a restart), and this instance's leases are released so that the next one starts at once.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.poller) clearInterval(this.poller);
    for (const lane of this.lanes.values()) lane.timer?.();
    for (const c of this.inFlight) c.abort();
    await Promise.allSettled([...this.lanes.values()].map((l) => l.running));
    if (this.ctx.db.kind === 'postgres') {
      await this.ctx.db
        .run('UPDATE webhook_cursors SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?', [
          this.owner,
        ])
        .catch(() => undefined);
    }
  }

  private onEvent(e: EventEnvelope): void {
    for (const h of this.hooks.values())
      if (h.events.includes(e.type) && inScope(h, e.centreId)) this.kick(h.id, e.centreId);
  }

  private kickAll(): void {
    for (const h of this.hooks.values()) for (const c of this.centres) if (inScope(h, c)) this.kick(h.id, c);
  }

  private kick(hookId: string, centreId: string): void {
    if (this.closed) return;
    const key = `${hookId}\u0000${centreId}`;
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { hookId, centreId, running: null, again: false, timer: null }));
    if (lane.running) {
      lane.again = true;
      return;
    }
    if (lane.timer) return; // the head delivery waits for its next attempt
    const l = lane;
    l.running = this.drain(l)
      .catch(() => this.wakeAt(l, this.now() + this.opts.pollMs)) // database trouble: try again later
      .finally(() => {
        l.running = null;
        if (l.again) {
          l.again = false;
          this.kick(hookId, centreId);
        }
      });
  }

  private wakeAt(lane: Lane, at: number): void {
    if (this.closed) return;
    lane.timer?.();
    lane.timer = this.opts.timers.at(at, () => {
      lane.timer = null;
      this.kick(lane.hookId, lane.centreId);
    });
  }

  /** Sends the lane's deliveries in order until none is due now. */
  private async drain(lane: Lane): Promise<void> {
    for (;;) {
      const hook = this.hooks.get(lane.hookId);
      if (this.closed || !hook || !inScope(hook, lane.centreId)) return;
      if (!(await this.claim(lane))) return; // another instance holds it; the poll looks again
      try {
        const head = (await this.head(lane)) ?? (await this.enqueueNext(lane, hook));
        if (!head) return;
        const due = Number(head.next_attempt_at ?? 0);
        if (due > this.now()) return this.wakeAt(lane, due);
        await this.attempt(hook, head);
      } finally {
        await this.release(lane);
      }
    }
  }

  /** Takes (or renews) the lane's lease; SQLite has one central process per file, so it always holds. */
  private async claim(lane: Lane): Promise<boolean> {
    if (this.ctx.db.kind === 'sqlite') return true;
    const now = this.now();
    await this.ctx.db.run(
      `INSERT INTO webhook_cursors (webhook_id, centre_id, last_event_id, lease_until) VALUES (?, ?, 0, 0)
       ON CONFLICT (webhook_id, centre_id) DO NOTHING`,
      [lane.hookId, lane.centreId],
    );
    const n = await this.ctx.db.run(
      `UPDATE webhook_cursors SET lease_owner = ?, lease_until = ?
       WHERE webhook_id = ? AND centre_id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)`,
      [this.owner, now + this.opts.timeoutMs + 15_000, lane.hookId, lane.centreId, this.owner, now],
    );
    return n === 1;
  }

  private async release(lane: Lane): Promise<void> {
    if (this.ctx.db.kind === 'sqlite') return;
    await this.ctx.db.run(
      `UPDATE webhook_cursors SET lease_owner = NULL, lease_until = 0
       WHERE webhook_id = ? AND centre_id = ? AND lease_owner = ?`,
      [lane.hookId, lane.centreId, this.owner],
    );
  }

  private head(lane: Lane): Promise<DeliveryRow | undefined> {
    return this.ctx.db.get<DeliveryRow>(
      `SELECT ${DELIVERY_COLS} FROM webhook_deliveries
       WHERE webhook_id = ? AND centre_id = ? AND status IN ${OPEN} ORDER BY event_id LIMIT 1`,
      [lane.hookId, lane.centreId],
    );
  }

  /** Queues the hook's next event of the centre past its cursor, or moves the cursor past the rest. */
  private enqueueNext(lane: Lane, hook: Hook): Promise<DeliveryRow | undefined> {
    return this.ctx.db.tx(async (q) => {
      let cursor = await q.get<{ last_event_id: number }>(
        'SELECT last_event_id FROM webhook_cursors WHERE webhook_id = ? AND centre_id = ?',
        [lane.hookId, lane.centreId],
      );
      if (!cursor) {
        // A centre added after the hook: all its events are newer than the hook.
        await q.run(
          'INSERT INTO webhook_cursors (webhook_id, centre_id, last_event_id, lease_until) VALUES (?, ?, 0, 0)',
          [lane.hookId, lane.centreId],
        );
        cursor = { last_event_id: 0 };
      }
      const after = Number(cursor.last_event_id);
      // One statement, one snapshot: the newest id seen and the first matching one past the cursor.
      // Within a centre ids commit in order, so no matching event can appear below `top` later.
      const found = await q.get<{ top: number | null; next: number | null }>(
        `SELECT MAX(id) AS top, MIN(CASE WHEN type IN (${hook.events.map(() => '?').join(', ')}) THEN id END) AS next
         FROM events WHERE centre_id = ? AND id > ?`,
        [...hook.events, lane.centreId, after],
      );
      const next = found?.next === null || found?.next === undefined ? null : Number(found.next);
      if (next === null) {
        if (found?.top !== null && found?.top !== undefined) {
          await q.run('UPDATE webhook_cursors SET last_event_id = ? WHERE webhook_id = ? AND centre_id = ?', [
            Number(found.top),
            lane.hookId,
            lane.centreId,
          ]);
        }
        return undefined;
      }
      const type = await q.get<{ type: string }>('SELECT type FROM events WHERE id = ?', [next]);
      const now = this.now();
      const row = await q.get<DeliveryRow>(
        `INSERT INTO webhook_deliveries
           (webhook_id, centre_id, event_id, event_type, attempts, status, last_status, next_attempt_at, updated_at)
         VALUES (?, ?, ?, ?, 0, 'pending', NULL, ?, ?) RETURNING ${DELIVERY_COLS}`,
        [lane.hookId, lane.centreId, next, type?.type ?? null, now, now],
      );
      await q.run('UPDATE webhook_cursors SET last_event_id = ? WHERE webhook_id = ? AND centre_id = ?', [
        next,
        lane.hookId,
        lane.centreId,
      ]);
      return row;
    });
  }

  /** One POST of the event; writes down the outcome and when the next attempt is due. */
  private async attempt(hook: Hook, d: DeliveryRow): Promise<void> {
    const row = await this.ctx.db.get<{
      id: number;
      centre_id: string;
      type: string;
      at: number;
      data: string;
    }>('SELECT id, centre_id, type, at, data FROM events WHERE id = ?', [d.event_id]);
    let status: number | null = null;
    let error: string | null = null;
    if (row) {
      const body = outsiderJson(envelopeOf(row));
      const ts = String(Math.floor(this.now() / 1000));
      const abort = new AbortController();
      this.inFlight.add(abort);
      try {
        // The target is checked again at each attempt (a name may now point inside), and a redirect is
        // an answer, not a hop: the receiver is the URL the admin gave.
        await checkTarget(hook.url, this.opts.targets);
        const res = await fetch(hook.url, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/json',
            'x-doorstep-event-id': String(row.id),
            'x-doorstep-timestamp': ts,
            'x-doorstep-signature': signature(hook.secret, ts, body),
          },
          body,
          signal: AbortSignal.any([abort.signal, AbortSignal.timeout(this.opts.timeoutMs)]),
        });
        status = res.status;
        await res.body?.cancel();
      } catch (err) {
        // Unreachable or timed out: retried below like a non-2xx answer.
        error = errorText(err);
      } finally {
        this.inFlight.delete(abort);
      }
      if (abort.signal.aborted) return; // closing: this attempt does not count
    } else {
      error = 'the event is no longer stored';
    }
    const ok = status !== null && status >= 200 && status < 300;
    const attempts = Number(d.attempts) + 1;
    const gaveUp = !ok && (attempts >= this.opts.maxAttempts || !row);
    const state = ok ? 'delivered' : gaveUp ? 'failed' : 'retrying';
    const nextAt =
      state === 'retrying'
        ? this.now() + backoffDelay(attempts, this.opts.backoffMs, this.opts.maxBackoffMs)
        : null;
    if (!ok && error === null) error = `HTTP ${status}`;
    await this.ctx.db.run(
      `UPDATE webhook_deliveries SET attempts = ?, status = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
       updated_at = ? WHERE id = ?`,
      [attempts, state, status, ok ? null : error, nextAt, this.now(), d.id],
    );
  }
}

const inScope = (h: Hook, centreId: string) => h.centres === null || h.centres.includes(centreId);

function errorText(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return (e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err)).slice(0, 200);
}
