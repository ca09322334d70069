import { describe, expect, it } from 'vitest';
import { idlePhase, TapCounter } from '../../../renderer/kiosk/session/idle';
import { appointmentCodeOf, WedgeScanner } from '../../../renderer/kiosk/identify/scanner';

const settings = { idleSec: 60, countdownSec: 10 };

describe('inactivity timer', () => {
  it('stays active for the idle time, counts down, then expires', () => {
    expect(idlePhase(59_999, 0, settings)).toEqual({ phase: 'active' });
    expect(idlePhase(60_000, 0, settings)).toEqual({ phase: 'countdown', remainingSec: 10 });
    expect(idlePhase(65_500, 0, settings)).toEqual({ phase: 'countdown', remainingSec: 5 });
    expect(idlePhase(70_000, 0, settings)).toEqual({ phase: 'expired' });
  });

  it('a touch starts the wait over', () => {
    expect(idlePhase(65_000, 64_000, settings)).toEqual({ phase: 'active' });
  });
});

describe('technician corner gesture', () => {
  it('opens on five taps within three seconds, not on slow taps', () => {
    const slow = new TapCounter();
    expect([0, 1000, 2000, 3000, 4000].map((t) => slow.tap(t))).toEqual([false, false, false, false, false]);
    const quick = new TapCounter();
    expect([0, 400, 800, 1200, 1600].map((t) => quick.tap(t))).toEqual([false, false, false, false, true]);
    expect(quick.tap(1700)).toBe(false); // starts over
  });
});

describe('keyboard-wedge scanner', () => {
  it('takes fast keystrokes ending in Enter as a scan and ignores a person typing', () => {
    const w = new WedgeScanner();
    let t = 0;
    const results = [...'AP12345', 'Enter'].map((k) => w.key(k, (t += 10)));
    expect(results.at(-1)).toBe('AP12345');
    const slow = [...'AP12345', 'Enter'].map((k) => w.key(k, (t += 300)));
    expect(slow.at(-1)).toBeNull();
  });

  it('reads the appointment code from a bare code or a URL', () => {
    expect(appointmentCodeOf(' K7Q2M9 ')).toBe('K7Q2M9');
    expect(appointmentCodeOf('https://x.example/a/K7Q2M9')).toBe('K7Q2M9');
    expect(appointmentCodeOf('https://x.example/checkin?code=K7Q2M9&v=1')).toBe('K7Q2M9');
  });
});
