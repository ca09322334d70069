import type { FastifyRequest } from 'fastify';
import { DoorstepError } from '../../contract/errors';

// A fixed-window limiter in memory (login and enrollment): at most `limit` attempts per key per window.
// One central instance per district keeps this honest; behind a load balancer each instance limits
// on its own, which still bounds guessing.

export class RateLimiter {
  private readonly hits = new Map<string, { start: number; n: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; throws 429 RATE_LIMITED past the limit. */
  hit(key: string): void {
    const t = this.now();
    let h = this.hits.get(key);
    if (!h || t - h.start >= this.windowMs) {
      h = { start: t, n: 0 };
      this.hits.set(key, h);
      if (this.hits.size > 10_000) this.sweep(t);
    }
    h.n++;
    if (h.n > this.limit) throw new DoorstepError('RATE_LIMITED', 'too many attempts; wait a minute');
  }

  private sweep(t: number): void {
    for (const [k, h] of this.hits) if (t - h.start >= this.windowMs) this.hits.delete(k);
  }
}

export const clientKey = (req: FastifyRequest) => req.ip;
