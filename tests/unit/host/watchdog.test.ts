import { describe, expect, it } from 'vitest';
import { pingIntervalMs } from '../../../main/host/watchdog';

// The host pings systemd's watchdog four times per WatchdogSec, only when systemd asked this process.

describe('host watchdog', () => {
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
});
