import type { Log } from './log';

// The screen's own watchdog. systemd restarts a host that stops answering, and the display unit
// restarts a Chromium that exits; neither notices a Chromium that runs but never shows the page —
// seen under qemu, where its network service crashed during start and the window stayed white
// for good. The host does notice: the page it serves shows life (the "not provisioned" page polls
// its state every second; the kiosk page stays attached to the bridge). When no page has shown life
// for the grace period, the host asks for the display session to be restarted (the same request
// as the technician's restart-display command) and waits twice as long before asking again, up to
// `maxGraceMs`, so a screen that never comes up is not restarted in a tight loop.

export interface ScreenWatchdogOptions {
  /** How long the screen may go without a sign of a page (ms); a slow start must fit in it. */
  graceMs: number;
  /** The longest wait between two restarts of a screen that stays dark (ms). */
  maxGraceMs?: number;
  /** Asks for the display session to be restarted. */
  restart: () => void;
  log: Log;
  now?: () => number;
}

export class ScreenWatchdog {
  private readonly now: () => number;
  private lastSign: number;
  private grace: number;
  private attached = false;
  private restarts = 0;

  constructor(private readonly o: ScreenWatchdogOptions) {
    this.now = o.now ?? Date.now;
    this.lastSign = this.now();
    this.grace = o.graceMs;
  }

  /** A page showed life (a request only a loaded page makes). */
  alive(): void {
    this.lastSign = this.now();
    if (this.restarts > 0) {
      this.o.log(
        'info',
        'screen',
        `the kiosk page is showing again after ${this.restarts} display restart(s)`,
      );
      this.restarts = 0;
    }
    this.grace = this.o.graceMs;
  }

  /** A kiosk page is attached to the bridge (alive as long as it stays). */
  setAttached(attached: boolean): void {
    this.attached = attached;
    this.alive();
  }

  /** Restarts the display when the page has been dark for the grace period; true when it did. */
  check(): boolean {
    if (this.attached) {
      this.alive();
      return false;
    }
    const dark = this.now() - this.lastSign;
    if (dark < this.grace) return false;
    this.restarts++;
    this.o.log(
      'warn',
      'screen',
      `no kiosk page has shown on the screen for ${Math.round(dark / 1000)} s: restarting the display session (restart ${this.restarts})`,
    );
    this.o.restart();
    this.lastSign = this.now();
    this.grace = Math.min(this.grace * 2, this.o.maxGraceMs ?? this.o.graceMs * 8);
    return true;
  }

  /** Checks every `everyMs` (default: a quarter of the grace, at most 5 s); returns the stop function. */
  start(everyMs = Math.min(5000, Math.max(250, this.o.graceMs / 4))): () => void {
    const timer = setInterval(() => this.check(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
