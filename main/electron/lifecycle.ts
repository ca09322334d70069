import type { App, BrowserWindow, PowerSaveBlocker, RenderProcessGoneDetails } from 'electron';

// Keeping the kiosk alive: one instance, a renderer that crashes is reloaded, other child processes
// that die are logged, and the display never sleeps while the app runs (electron.md §1).

export interface LifecycleLog {
  info(message: string): void;
  error(message: string): void;
}

/** Prevents display sleep; the blocker is injected so this runs under plain Node in tests. */
export class PreventDisplaySleep {
  private id: number | null = null;
  constructor(private readonly blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>) {}

  enable(): void {
    if (this.id !== null && this.blocker.isStarted(this.id)) return;
    this.id = this.blocker.start('prevent-display-sleep');
  }

  disable(): void {
    if (this.id !== null) this.blocker.stop(this.id);
    this.id = null;
  }
}

/** Reload after a renderer crash, with a limit so a crash loop does not spin the CPU. */
export class RendererWatchdog {
  private recent: number[] = [];
  constructor(
    private readonly log: LifecycleLog,
    private readonly maxReloadsPerMinute = 5,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns true when the window should be reloaded. */
  onGone(details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>): boolean {
    this.log.error(`renderer gone: ${details.reason} (exit ${details.exitCode})`);
    if (details.reason === 'clean-exit') return false;
    const t = this.now();
    this.recent = this.recent.filter((x) => t - x < 60_000);
    if (this.recent.length >= this.maxReloadsPerMinute) {
      this.log.error('renderer crashed too often in one minute; not reloading, restart the kiosk');
      return false;
    }
    this.recent.push(t);
    return true;
  }
}

export function installLifecycle(app: App, window: () => BrowserWindow | null, log: LifecycleLog): void {
  const watchdog = new RendererWatchdog(log);
  app.on('render-process-gone', (_e, contents, details) => {
    if (watchdog.onGone(details) && !contents.isDestroyed()) contents.reload();
  });
  app.on('child-process-gone', (_e, details) => {
    log.error(
      `child process gone: ${details.type} ${details.name ?? ''} ${details.reason} (exit ${details.exitCode})`,
    );
  });
  app.on('second-instance', () => {
    const w = window();
    if (w) {
      if (w.isMinimized()) w.restore();
      w.focus();
    }
  });
}
