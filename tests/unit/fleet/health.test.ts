import { describe, expect, it } from 'vitest';
import { FLEET_ONLINE_WINDOW_MS, type HeartbeatRequest } from '../../../contract/fleet';
import { healthOf, problemsOf } from '../../../central/fleet/health';

// What a heartbeat says about a kiosk, and its status as time passes (central/fleet/health.ts).

const beat = (change: Partial<HeartbeatRequest> = {}): HeartbeatRequest => ({
  appVersion: '1.0.0',
  uptimeSec: 10,
  sentAt: '2026-03-02T02:00:00.000Z',
  devices: {
    reader: { state: 'ok', port: '/dev/ttyUSB0' },
    printer: { state: 'ok', port: '/dev/ttyUSB1' },
    canPrint: true,
  },
  link: { outboxDepth: 0, clockSkewMs: 0 },
  diskFreeBytes: 10 * 1024 ** 3,
  ...change,
});

describe('kiosk health', () => {
  it('finds nothing wrong with healthy devices, and the kiosk is online', () => {
    const problems = problemsOf(beat(), 0);
    expect(problems).toEqual([]);
    expect(healthOf(1000, problems, 1000)).toBe('online');
  });

  it('faults a kiosk whose printer is out of paper or whose reader is missing, faults listed first', () => {
    const devices = {
      reader: { state: 'no_device' as const, port: null },
      printer: { state: 'paper_out' as const, port: '/dev/ttyUSB1', detail: 'paper end' },
      canPrint: false,
    };
    const problems = problemsOf(beat({ devices, diskFreeBytes: 1024 }), 0);
    expect(problems).toEqual([
      { code: 'PRINTER_PAPER_OUT', severity: 'fault', detail: 'paper end' },
      { code: 'READER_MISSING', severity: 'fault' },
      { code: 'DISK_LOW', severity: 'warning' },
    ]);
    expect(healthOf(0, problems, 0)).toBe('faulted');
  });

  it('only warns about paper near its end, a backlog and a clock that is off', () => {
    const devices = { ...beat().devices, printer: { state: 'paper_near_end' as const, port: 'p' } };
    const problems = problemsOf(beat({ devices, link: { outboxDepth: 500, clockSkewMs: null } }), -90_000);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([
      ['PRINTER_PAPER_NEAR_END', 'warning'],
      ['OUTBOX_BACKLOG', 'warning'],
      ['CLOCK_SKEW', 'warning'], // measured by central while the kiosk does not know its skew yet
    ]);
    expect(healthOf(0, problems, 0)).toBe('online');
  });

  it('is offline once nothing was heard for longer than the window, or never', () => {
    expect(healthOf(0, [], FLEET_ONLINE_WINDOW_MS)).toBe('online');
    expect(healthOf(0, [], FLEET_ONLINE_WINDOW_MS + 1)).toBe('offline');
    expect(healthOf(null, [], 0)).toBe('offline');
  });
});
