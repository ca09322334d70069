import type { IceConfig } from '../../../contract/video';

// TURN credentials held by the kiosk host ahead of the call (issue 19, fast setup). Fetched when the
// kiosk page starts watching for video calls and renewed before they age, so the ring's peer gets
// them from the host at once instead of paying a round trip to central (through the fault-prone
// community link: 200 ms and more, several times that when a TCP segment is lost) before `ready`.
//
// A credential is handed out only while at least half of its lifetime is left: the TURN server
// checks it again when the allocation is refreshed during the call, so a call started with it keeps
// at least TTL/2 (30 min at the default hour) before coturn could refuse. Renewal happens at a
// quarter of the lifetime, so a call normally gets three quarters. Config without TURN (no expiry)
// is kept FOREVER_MS, then asked again (an admin may add TURN meanwhile).

export interface IceCacheTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: IceCacheTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A renewal never keeps the host process alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** How long a config without TURN (no expiry) is used before asking central again. */
export const FOREVER_MS = 10 * 60_000;
/** After a failed prefetch, try again this soon (the page asks directly meanwhile). */
export const RETRY_MS = 30_000;
/** Never renew more often than this (a credential central issues already short-lived). */
export const MIN_RENEW_MS = 30_000;

interface Held {
  config: IceConfig;
  fetchedAt: number;
  expiresAt: number;
}

export class IceCache {
  private held: Held | null = null;
  private inflight: Promise<IceConfig> | null = null;
  private timer: unknown = null;
  private stopped = false;
  /** Requests made to central (for tests and the log). */
  fetches = 0;

  constructor(
    private readonly fetch: () => Promise<IceConfig>,
    private readonly timers: IceCacheTimers = realTimers,
  ) {}

  /** Credentials with at least half their lifetime left: held ones, else fresh from central. */
  async get(): Promise<IceConfig> {
    const h = this.held;
    if (h && this.fresh(h)) return h.config;
    return this.load();
  }

  /** Starts fetching (if nothing usable is held) without waiting; failures are retried later. */
  prefetch(): void {
    if (this.stopped) return;
    const h = this.held;
    if (h && this.fresh(h)) return;
    this.load().catch(() => this.schedule(RETRY_MS));
  }

  /**
   * Fetches new credentials in the background, handing out the held ones meanwhile. Called on each
   * ring: the call that rings now does not wait for it, and a TURN secret an admin changed reaches the
   * kiosk by the next call instead of after the next renewal.
   */
  renew(): void {
    if (this.stopped) return;
    this.load().catch(() => this.schedule(RETRY_MS));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private fresh(h: Held): boolean {
    const now = this.timers.now();
    return now < h.fetchedAt + (h.expiresAt - h.fetchedAt) / 2 && now < h.expiresAt;
  }

  private load(): Promise<IceConfig> {
    // One request at a time: a ring that comes while the prefetch is on its way waits for it.
    this.inflight ??= (async () => {
      try {
        this.fetches++;
        const config = await this.fetch();
        const fetchedAt = this.timers.now();
        const expiry = config.expiresAt ? Date.parse(config.expiresAt) : NaN;
        // Central's expiry read on our clock: NTP keeps them close; a host clock far ahead would
        // make the lifetime look short, which only means asking more often (never below MIN_RENEW_MS).
        const lifetime = Number.isFinite(expiry) ? expiry - fetchedAt : FOREVER_MS;
        this.held = { config, fetchedAt, expiresAt: fetchedAt + lifetime };
        this.schedule(Math.max(MIN_RENEW_MS, lifetime / 4));
        return config;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      // Renew: a held credential is replaced only by a successful fetch.
      this.load().catch(() => this.schedule(RETRY_MS));
    }, ms);
  }
}
