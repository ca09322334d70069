import { randomBytes } from 'node:crypto';
import { secretMatches } from './bridge';

// Who may attach to the bridge (docs/kiosk-host.md "Bridge"). The URL that opens the kiosk page carries
// a one-time bootstrap token, because a URL is visible to every local user (Chromium's command line in
// /proc/<pid>/cmdline) and may end up in logs or the browser profile. The first page to present it gets
// a fresh session secret over the socket — which never appears in a URL, a command line or our output —
// and the bootstrap is spent. Only one page is attached at a time: a page attaching with a new bootstrap
// replaces the previous one, whose session secret stops working.

/** Bootstraps are short-lived: Chromium opens the page within seconds of being given its URL. */
const BOOTSTRAP_TTL_MS = 10 * 60_000;
/** Unused bootstraps kept at most (each kioskUrl read mints one). */
const MAX_BOOTSTRAPS = 16;

export type AttachResult =
  { ok: true; kind: 'bootstrap' | 'session'; session: string } | { ok: false; reason: string };

export class BridgeAttachments {
  private readonly bootstraps = new Map<string, number>();
  private session: string | null = null;

  /**
   * `devSecret`: development only (`npm start`, which restarts the host on the same URL): a reusable
   * secret that is also the session secret, so a page survives a host restart. Never in a kiosk.
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly devSecret?: string,
  ) {}

  /** A new one-time bootstrap token for one page load. */
  mintBootstrap(): string {
    const token = randomBytes(24).toString('hex');
    this.prune();
    while (this.bootstraps.size >= MAX_BOOTSTRAPS) {
      const oldest = this.bootstraps.keys().next().value as string;
      this.bootstraps.delete(oldest);
    }
    this.bootstraps.set(token, this.now() + BOOTSTRAP_TTL_MS);
    return token;
  }

  /** Checks an offered secret: a live session secret, or an unspent bootstrap (spent by this call). */
  attach(offered: string): AttachResult {
    if (this.devSecret && secretMatches(offered, this.devSecret))
      return { ok: true, kind: 'session', session: this.devSecret };
    if (this.session && secretMatches(offered, this.session))
      return { ok: true, kind: 'session', session: this.session };
    this.prune();
    for (const [token] of this.bootstraps) {
      if (!secretMatches(offered, token)) continue;
      this.bootstraps.delete(token);
      this.session = randomBytes(32).toString('hex');
      return { ok: true, kind: 'bootstrap', session: this.session };
    }
    return { ok: false, reason: 'wrong or spent bridge secret' };
  }

  /** Whether `session` is still the attached page's secret (a newer page replaces it). */
  isCurrent(session: string): boolean {
    return this.session !== null && secretMatches(session, this.session);
  }

  private prune(): void {
    const t = this.now();
    for (const [token, expires] of this.bootstraps) if (expires <= t) this.bootstraps.delete(token);
  }
}
