import type { Outbox, OutboxEntry } from '../store/outbox';
import type { Log } from '../log';
import { describeError } from '../errors';
import { CentralRequestError, type CentralHttp } from './http';

// Replays the outbox to central strictly in order: the head entry must be accepted (or refused for
// good) before the next is sent, so central sees the kiosk's mutations in the order they happened.
// Each carries its idempotency key, so a replay of something central already has changes nothing.
// Only a failure that may pass blocks the replay (see mayPass); any other refusal marks the entry
// rejected, logs it as an error with its code, and the replay goes on with the next entry.

export interface ReplayResult {
  sent: number;
  rejected: number;
  /** Stopped early because central is out of reach. */
  blocked: boolean;
}

export class OutboxReplayer {
  private running: Promise<ReplayResult> | undefined;
  private again = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly http: CentralHttp,
    private readonly log: Log,
    /** Called with each accepted entry and central's answer (e.g. to record uploaded tickets). */
    private readonly onAccepted: (entry: OutboxEntry, answer: unknown) => void = () => undefined,
  ) {}

  /** Sends what is pending; concurrent calls share one run (and trigger one more pass after it). */
  flush(): Promise<ReplayResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no replay is running. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<ReplayResult> {
    const result: ReplayResult = { sent: 0, rejected: 0, blocked: false };
    // Bounded: at most 20 passes of 100 entries per flush; the next trigger continues.
    for (let pass = 0; pass < 20; pass++) {
      this.again = false;
      const batch = this.outbox.pending(100);
      if (batch.length === 0) break;
      for (const entry of batch) {
        const outcome = await this.send(entry);
        if (outcome === 'blocked') {
          result.blocked = true;
          return result;
        }
        if (outcome === 'sent') result.sent++;
        else result.rejected++;
      }
      if (!this.again && batch.length < 100) break;
    }
    return result;
  }

  private async send(entry: OutboxEntry): Promise<'sent' | 'rejected' | 'blocked'> {
    try {
      const answer = await this.http.request(entry.method, entry.path, {
        body: entry.body,
        idempotencyKey: entry.idempotencyKey,
      });
      this.outbox.markSent(entry.seq);
      this.log('info', 'outbox', `#${entry.seq} ${entry.kind} accepted by central`);
      try {
        this.onAccepted(entry, answer);
      } catch (err) {
        this.log('warn', 'outbox', `#${entry.seq} after-accept step failed: ${(err as Error).message}`);
      }
      return 'sent';
    } catch (err) {
      const e = err instanceof CentralRequestError ? err : null;
      if (!e || mayPass(e)) {
        this.outbox.markAttemptFailed(entry.seq, describeError(err));
        this.log('warn', 'outbox', `#${entry.seq} ${entry.kind} not delivered yet: ${describeError(err)}`);
        return 'blocked';
      }
      // Kept with its code (e.g. "CONFLICT: POST /api/v1/... → 409: ...") for technician mode and the log.
      this.outbox.markRejected(entry.seq, describeError(e));
      this.log(
        'error',
        'outbox',
        `#${entry.seq} ${entry.kind} refused by central (${describeError(e)}); marked rejected, the outbox goes on`,
      );
      return 'rejected';
    }
  }
}

/**
 * Whether a failed delivery may pass if tried again later, so the replay stops and keeps the entry at
 * the head: central out of reach (network, 5xx), the first request with this key still running
 * centrally (409 REQUEST_IN_PROGRESS), too many requests (429) or the station token not taken (401).
 * Every other answer is central's decision on the entry (a business 409 such as CONFLICT or
 * INVALID_TRANSITION included) and will not change by waiting: blocking on it would hold back every
 * later entry, offline tickets included, for good.
 */
export function mayPass(e: CentralRequestError): boolean {
  return e.unreachable || e.code === 'REQUEST_IN_PROGRESS' || e.code === 'RATE_LIMITED' || e.status === 401;
}
