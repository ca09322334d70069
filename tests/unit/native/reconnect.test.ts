import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../../native/errors';
import { DeviceLifecycle, type DeviceStatusEvent } from '../../../native/reconnect';

// The reconnect lifecycle both serial drivers use (the PTY tests in tests/integration/native run it
// against real unplugs): the wait between attempts doubles up to its cap, a fault that repeats is
// reported once, a new one again, and stopping ends the attempts.

function lifecycle() {
  const statuses: DeviceStatusEvent[] = [];
  const errors: string[] = [];
  const logged: string[] = [];
  const waits: number[] = [];
  const life = new DeviceLifecycle({
    kind: 'qr_scanner',
    path: '/dev/ttyS9',
    label: 'QR scanner',
    reconnectMinMs: 100,
    reconnectMaxMs: 500,
    logger: (_level, message) => logged.push(message),
    status: (s) => statuses.push(s),
    error: (e) => errors.push(e.code),
    waiter: { sleep: async (ms) => void waits.push(ms), interrupt: () => undefined },
  });
  return { life, statuses, errors, logged, waits };
}

describe('the serial drivers’ reconnect lifecycle', () => {
  it('waits 100, 200, 400, 500, 500 ms between failed attempts and reports the same fault once', async () => {
    const { life, statuses, errors, logged, waits } = lifecycle();
    await life.start(
      true,
      async () => undefined,
      async () => undefined,
    );
    let tries = 0;
    let closes = 0;
    const connected = await life.reconnect(
      async () => {
        if (++tries <= 5) throw new DeviceError('DEVICE_NOT_FOUND', 'no such port');
      },
      async () => void closes++,
    );
    expect(connected).toBe(true);
    expect(waits).toEqual([100, 200, 400, 500, 500]);
    expect(closes).toBe(5); // each failed attempt leaves nothing open
    expect(statuses.map((s) => [s.state, s.error])).toEqual([['reconnecting', 'DEVICE_NOT_FOUND']]);
    expect(errors).toEqual(['DEVICE_NOT_FOUND']);
    expect(logged).toEqual(['QR scanner on /dev/ttyS9: DEVICE_NOT_FOUND no such port']);
  });

  it('reports a different fault, and the same one again after the device answered well', async () => {
    const { life, errors } = lifecycle();
    life.report(new DeviceError('DEVICE_DISCONNECTED', 'closed'), 'reconnecting');
    life.report(new DeviceError('DEVICE_DISCONNECTED', 'closed'), 'reconnecting');
    life.report(new DeviceError('DEVICE_TIMEOUT', 'no answer'), 'reconnecting');
    life.healthy();
    life.report(new DeviceError('DEVICE_TIMEOUT', 'no answer'), 'reconnecting');
    expect(errors).toEqual(['DEVICE_DISCONNECTED', 'DEVICE_TIMEOUT', 'DEVICE_TIMEOUT']);
  });

  it('stops trying once stopped, and a failed first open closes again with the error', async () => {
    const { life, statuses } = lifecycle();
    await expect(
      life.start(
        false,
        async () => {
          throw new DeviceError('DEVICE_NOT_FOUND', 'no such port');
        },
        async () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect(life.running).toBe(false);
    expect(statuses.at(-1)?.state).toBe('closed');

    await life.start(
      true,
      async () => undefined,
      async () => undefined,
    );
    let tries = 0;
    const connected = await life.reconnect(
      async () => {
        if (++tries === 2) life.stop(); // close() while the device is away
        throw new DeviceError('DEVICE_NOT_FOUND', 'no such port');
      },
      async () => undefined,
    );
    expect(connected).toBe(false);
    expect(tries).toBe(2);
  });
});
