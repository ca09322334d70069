import type { FastifyRequest } from 'fastify';
import { DoorstepError } from '../../contract/errors';

// Limits on guessing (sign-in, kiosk enrollment), in memory.
//
// - Per client (IP; the real client behind a trusted proxy, see --trust-proxy): at most `limit`
//   failed attempts per window. The attempt is reserved *before* the password or code is checked,
//   so 30 guesses sent at once cannot all pass a limit of 10; a success gives its reservation back.
// - Per account (`backoff` keys): never a lock-out that anyone who knows a username could impose.
//   After `limit` failures the account waits 1 min, then 2, 4 … at most 15 min between attempts,
//   one attempt at a time; the first success clears it, an hour without failures forgets it.
// One central instance per district keeps this honest; behind a load balancer each instance limits
// on its own, which still bounds guessing.

interface Window {
  start: number;
  n: number;
}
interface Backoff {
  failures: number;
  lastAt: number;
  inFlight: number;
}

const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 15 * 60_000;
const FORGET_MS = 3600_000;

export class RateLimiter {
  private readonly hits = new Map<string, Window>();
  private readonly accounts = new Map<string, Backoff>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The wait before the next attempt on an account with `failures` failures. */
  backoffMs(failures: number): number {
    if (failures < this.limit) return 0;
    return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - this.limit));
  }

  /**
   * Runs an attempt: refused with 429 RATE_LIMITED when a client key has used up its window or an
   * account key is backing off; reserved on every key before `fn` runs; given back on success.
   */
  async attempt<T>(keys: string[], fn: () => Promise<T>, backoffKeys: string[] = []): Promise<T> {
    const t = this.now();
    // Check and reserve in one synchronous step: no other attempt can interleave.
    const windows = keys.map((k) => this.window(k, t));
    if (windows.some((w) => w.n >= this.limit)) throw limited();
    const accounts = backoffKeys.map((k) => this.account(k, t));
    for (const a of accounts) {
      if (a.failures + a.inFlight < this.limit) continue;
      if (a.inFlight > 0 || t < a.lastAt + this.backoffMs(a.failures)) throw limited();
    }
    windows.forEach((w) => w.n++);
    accounts.forEach((a) => a.inFlight++);
    try {
      const r = await fn();
      windows.forEach((w) => (w.n = Math.max(0, w.n - 1)));
      backoffKeys.forEach((k) => this.accounts.delete(k));
      return r;
    } catch (err) {
      accounts.forEach((a) => {
        a.failures++;
        a.lastAt = this.now();
      });
      throw err;
    } finally {
      accounts.forEach((a) => (a.inFlight = Math.max(0, a.inFlight - 1)));
    }
  }

  private window(key: string, t: number): Window {
    let h = this.hits.get(key);
    if (!h || t - h.start >= this.windowMs) {
      h = { start: t, n: 0 };
      this.hits.set(key, h);
      if (this.hits.size > 10_000) this.sweep(t);
    }
    return h;
  }

  private account(key: string, t: number): Backoff {
    let a = this.accounts.get(key);
    if (!a || (a.inFlight === 0 && t - a.lastAt >= FORGET_MS)) {
      a = { failures: 0, lastAt: t, inFlight: 0 };
      this.accounts.set(key, a);
      if (this.accounts.size > 10_000) this.sweep(t);
    }
    return a;
  }

  private sweep(t: number): void {
    for (const [k, h] of this.hits) if (t - h.start >= this.windowMs) this.hits.delete(k);
    for (const [k, a] of this.accounts)
      if (a.inFlight === 0 && t - a.lastAt >= FORGET_MS) this.accounts.delete(k);
  }
}

const limited = () => new DoorstepError('RATE_LIMITED', 'too many attempts; wait a minute');

/** The client's address: with --trust-proxy, the one the proxy reports (X-Forwarded-For). */
export const clientKey = (req: FastifyRequest) => req.ip;
