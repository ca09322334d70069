import { createHmac } from 'node:crypto';
import type { Webhook, WebhookCreateRequest } from '../../contract/api/admin';
import type { EventEnvelope } from '../../contract/events';
import { jsonOf, toBool } from '../db/db';
import { newId } from '../security/secrets';
import { type Ctx, type Principal, requireStaff } from './context';

// Outbound webhooks for other systems: ticket and appointment events, POSTed as the event envelope,
// signed with HMAC-SHA256 over "<timestamp>.<body>" (X-Doorstep-Signature: sha256=<hex>), retried with
// exponential backoff on anything but a 2xx. Secrets are stored encrypted with the PII key.

interface HookRow {
  id: string;
  url: string;
  secret_enc: string;
  events: string;
  active: number;
}

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class WebhookDispatcher {
  private hooks: Array<{ id: string; url: string; secret: string; events: Set<string> }> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly opts: { backoffMs: number; maxAttempts: number; timeoutMs: number } = {
      backoffMs: 1000,
      maxAttempts: 8,
      timeoutMs: 5000,
    },
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = this.ctx.hub.subscribeAll((e) => this.onEvent(e));
  }

  async reload(): Promise<void> {
    const rows = await this.ctx.db.all<HookRow>('SELECT * FROM webhooks WHERE active = 1');
    this.hooks = rows.map((r) => ({
      id: r.id,
      url: r.url,
      secret: this.ctx.pii.decrypt(r.secret_enc),
      events: new Set(jsonOf<string[]>(r.events, [])),
    }));
  }

  async create(principal: Principal | null, body: WebhookCreateRequest): Promise<Webhook> {
    requireStaff(principal, ['admin']);
    const id = newId('wh');
    await this.ctx.db.run(
      'INSERT INTO webhooks (id, url, secret_enc, events, active, created_at) VALUES (?, ?, ?, ?, 1, ?)',
      [
        id,
        body.url,
        this.ctx.pii.encrypt(body.secret),
        JSON.stringify(body.events),
        this.ctx.clock().getTime(),
      ],
    );
    await this.reload();
    return { id, url: body.url, events: body.events, active: true };
  }

  async list(principal: Principal | null): Promise<Webhook[]> {
    requireStaff(principal, ['admin']);
    const rows = await this.ctx.db.all<HookRow>('SELECT * FROM webhooks ORDER BY created_at');
    return rows.map((r) => ({
      id: r.id,
      url: r.url,
      events: jsonOf(r.events, []),
      active: toBool(r.active),
    }));
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
  }

  private onEvent(e: EventEnvelope): void {
    for (const h of this.hooks) if (h.events.has(e.type)) void this.deliver(h, e, 1, null);
  }

  private async deliver(
    h: WebhookDispatcher['hooks'][number],
    e: EventEnvelope,
    attempt: number,
    rowId: number | null,
  ) {
    if (this.closed) return;
    const body = JSON.stringify(e);
    const ts = String(Math.floor(Date.now() / 1000));
    let status: number | null = null;
    try {
      const res = await fetch(h.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-doorstep-event-id': String(e.id),
          'x-doorstep-timestamp': ts,
          'x-doorstep-signature': signature(h.secret, ts, body),
        },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel();
    } catch {
      // unreachable or timed out: retried below like a non-2xx answer
    }
    if (this.closed) return;
    const ok = status !== null && status >= 200 && status < 300;
    const state = ok ? 'delivered' : attempt >= this.opts.maxAttempts ? 'failed' : 'retrying';
    const now = this.ctx.clock().getTime();
    if (rowId === null) {
      const r = await this.ctx.db.get<{ id: number }>(
        'INSERT INTO webhook_deliveries (webhook_id, event_id, attempts, status, last_status, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
        [h.id, e.id, attempt, state, status, now],
      );
      rowId = Number(r!.id);
    } else {
      await this.ctx.db.run(
        'UPDATE webhook_deliveries SET attempts = ?, status = ?, last_status = ?, updated_at = ? WHERE id = ?',
        [attempt, state, status, now, rowId],
      );
    }
    if (state !== 'retrying') return;
    const id = rowId;
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        void this.deliver(h, e, attempt + 1, id);
      },
      this.opts.backoffMs * 2 ** (attempt - 1),
    );
    t.unref();
    this.timers.add(t);
  }
}
