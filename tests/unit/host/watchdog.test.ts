import { afterEach, describe, expect, it, vi } from 'vitest';
import { pingIntervalMs, startWatchdog } from '../../../main/host/watchdog';

// The host tells systemd it is ready, then pings the watchdog four times per WatchdogSec, only when
// systemd asked this process.

describe('host watchdog', () => {
  afterEach(() => vi.useRealTimers());

  it('pings at a quarter of WatchdogSec when systemd set a watchdog for this process', () => {
    expect(pingIntervalMs({ NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '60000000' }, 42)).toBe(
      15_000,
    );
    expect(
      pingIntervalMs(
        { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '60000000', WATCHDOG_PID: '42' },
        42,
      ),
    ).toBe(15_000);
  });

  it('does not ping without a notify socket, a watchdog, or when the watchdog is another process’s', () => {
    expect(pingIntervalMs({ WATCHDOG_USEC: '60000000' }, 42)).toBeNull();
    expect(pingIntervalMs({ NOTIFY_SOCKET: '/run/systemd/notify' }, 42)).toBeNull();
    expect(
      pingIntervalMs(
        { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '60000000', WATCHDOG_PID: '7' },
        42,
      ),
    ).toBeNull();
  });

  it('says READY at once and with every watchdog ping, until stopped', () => {
    vi.useFakeTimers();
    const sent: string[][] = [];
    const stop = startWatchdog({ NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '4000000' }, (m) =>
      sent.push(m),
    );
    expect(sent).toEqual([['READY=1', 'WATCHDOG=1']]);
    vi.advanceTimersByTime(3000);
    expect(sent).toHaveLength(4);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(4);
  });

  it('under systemd without a watchdog says READY a few times (a missed message), then stops', () => {
    vi.useFakeTimers();
    const sent: string[][] = [];
    startWatchdog({ NOTIFY_SOCKET: '/run/systemd/notify' }, (m) => sent.push(m));
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([['READY=1'], ['READY=1'], ['READY=1'], ['READY=1']]);
  });

  it('tells nothing when not started by systemd (a developer machine)', () => {
    const sent: string[][] = [];
    startWatchdog({ WATCHDOG_USEC: '4000000' }, (m) => sent.push(m));
    expect(sent).toEqual([]);
  });
});
