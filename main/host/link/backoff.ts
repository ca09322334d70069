// Exponential backoff with full jitter, for reconnects and retries: min·2^n capped at max, then a
// random point in [max/2, max] of that step so a fleet of kiosks does not reconnect in lockstep.

export class Backoff {
  private attempt = 0;
  constructor(
    private readonly minMs = 500,
    private readonly maxMs = 30_000,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.minMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 20);
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** A timer that close() cancels, so no retry outlives its owner. */
export class Timer {
  private handle: NodeJS.Timeout | undefined;
  schedule(ms: number, fn: () => void): void {
    this.cancel();
    this.handle = setTimeout(fn, ms);
    this.handle.unref?.();
  }
  cancel(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
  }
}
