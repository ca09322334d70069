import { describe, expect, it } from 'vitest';
import { ScreenWatchdog } from '../../../main/host/screen-watchdog';

// A Chromium that runs but never shows the page (seen under qemu: a white window for good) gets its
// display session restarted by the host, with growing waits; a page that shows life is left alone.

function setup(graceMs = 1000) {
  let now = 0;
  const restarts: number[] = [];
  const logs: string[] = [];
  const w = new ScreenWatchdog({
    graceMs,
    maxGraceMs: 4000,
    restart: () => restarts.push(now),
    log: (_level, _scope, m) => logs.push(m),
    now: () => now,
  });
  return { w, restarts, logs, at: (t: number) => (now = t) };
}

describe('screen watchdog', () => {
  it('restarts a screen on which no page has shown life for the grace period, waiting longer each time', () => {
    const s = setup();
    s.at(999);
    expect(s.w.check()).toBe(false);
    s.at(1000);
    expect(s.w.check()).toBe(true);
    s.at(2999);
    expect(s.w.check()).toBe(false); // twice the grace after a restart
    s.at(3000);
    expect(s.w.check()).toBe(true);
    s.at(7000);
    expect(s.w.check()).toBe(true); // capped at maxGraceMs
    s.at(11_000);
    expect(s.w.check()).toBe(true);
    expect(s.restarts).toEqual([1000, 3000, 7000, 11_000]);
    expect(s.logs[0]).toMatch(/no kiosk page has shown on the screen for 1 s: restarting the display/);
  });

  it('leaves a screen alone while its page polls, and starts again from the grace once it is back', () => {
    const s = setup();
    for (let t = 500; t <= 10_000; t += 500) {
      s.at(t);
      s.w.alive();
      expect(s.w.check()).toBe(false);
    }
    s.at(11_000);
    expect(s.w.check()).toBe(true);
    s.at(11_500);
    s.w.alive();
    expect(s.logs.at(-1)).toMatch(/showing again after 1 display restart/);
    s.at(12_500);
    expect(s.w.check()).toBe(true); // the grace is back to 1 s, not 2 s
  });

  it('counts an attached kiosk page as alive however long it stays quiet', () => {
    const s = setup();
    s.w.setAttached(true);
    s.at(60_000);
    expect(s.w.check()).toBe(false);
    s.w.setAttached(false);
    s.at(60_999);
    expect(s.w.check()).toBe(false);
    s.at(61_000);
    expect(s.w.check()).toBe(true);
  });
});
