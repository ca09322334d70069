import type { FastifyRequest } from 'fastify';
import { DoorstepError } from '../../contract/errors';

// A fixed-window limiter in memory (login and enrollment): at most `limit` failed attempts per key per
// window; successful ones do not count.
// One central instance per district keeps this honest; behind a load balancer each instance limits
// on its own, which still bounds guessing.

export class RateLimiter {
  private readonly hits = new Map<string, { start: number; n: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 RATE_LIMITED when the key has used up its attempts in this window. */
  check(key: string): void {
    const h = this.hits.get(key);
    if (h && this.now() - h.start < this.windowMs && h.n >= this.limit) {
      throw new DoorstepError('RATE_LIMITED', 'too many attempts; wait a minute');
    }
  }

  /** Runs an attempt, counting it against the key when it fails (a wrong password or code). */
  async attempt<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    for (const k of keys) this.check(k);
    try {
      return await fn();
    } catch (err) {
      for (const k of keys) this.count(k);
      throw err;
    }
  }

  private count(key: string): void {
    const t = this.now();
    let h = this.hits.get(key);
    if (!h || t - h.start >= this.windowMs) {
      h = { start: t, n: 0 };
      this.hits.set(key, h);
      if (this.hits.size > 10_000) this.sweep(t);
    }
    h.n++;
  }

  private sweep(t: number): void {
    for (const [k, h] of this.hits) if (t - h.start >= this.windowMs) this.hits.delete(k);
  }
}

export const clientKey = (req: FastifyRequest) => req.ip;
