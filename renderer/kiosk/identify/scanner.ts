// Keyboard-wedge QR scanners type the code into the page as fast keystrokes ending in Enter; a person
// types far slower. This tells a scan from typing (serial scanners arrive as the host's `scan` event).

export interface WedgeOptions {
  /** Longest gap between two keystrokes of one scan. */
  maxGapMs: number;
  minLength: number;
}

export class WedgeScanner {
  private buffer = '';
  private lastMs = -Infinity;

  constructor(private readonly opts: WedgeOptions = { maxGapMs: 60, minLength: 4 }) {}

  /** Feeds one key (KeyboardEvent.key); returns the scanned code when Enter completes a scan. */
  key(key: string, nowMs: number): string | null {
    if (nowMs - this.lastMs > this.opts.maxGapMs) this.buffer = '';
    this.lastMs = nowMs;
    if (key === 'Enter') {
      const code = this.buffer;
      this.buffer = '';
      return code.length >= this.opts.minLength ? code : null;
    }
    if (key.length === 1) this.buffer += key;
    return null;
  }
}

/** The appointment code inside a scanned QR: the code itself, or a URL carrying it. */
export function appointmentCodeOf(scanned: string): string {
  const text = scanned.trim();
  const m = /[?&]code=([^&#]+)/.exec(text) ?? /\/a(?:ppointments?)?\/([A-Za-z0-9-]+)\/?$/.exec(text);
  return m ? decodeURIComponent(m[1]!) : text;
}
