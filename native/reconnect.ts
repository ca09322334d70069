import type { DeviceState } from '../contract/device';
import { asDeviceError, type DeviceError } from './errors';
import type { Logger } from './log';
import { Waiter } from './serial';

// The lifecycle the serial drivers share (ID card reader, QR scanner): open (at once, or in the
// background with waitForDevice), reconnect by path with a doubling wait until the device is back, and
// report a fault once per distinct code — so a device that stays away does not flood the log or the
// host — while every state change is a status event. The drivers keep what differs: what "connected"
// means (the reader asks the SAM, the scanner just opens), how a loss is noticed, how they close.

export interface DeviceStatusEvent {
  kind: 'idcard_reader' | 'qr_scanner';
  path: string;
  state: DeviceState;
  error?: DeviceError['code'];
  detail?: string;
  at: string;
}

export interface LifecycleOptions {
  kind: DeviceStatusEvent['kind'];
  path: string;
  /** The device in log lines ("ID card reader"). */
  label: string;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  logger: Logger;
  status: (s: DeviceStatusEvent) => void;
  /** A fault newly met (the driver's `error` event, when someone listens). */
  error: (err: DeviceError) => void;
  /** The waits between attempts (tests: a waiter that records them). */
  waiter?: Pick<Waiter, 'sleep' | 'interrupt'>;
}

export class DeviceLifecycle {
  running = false;
  readonly waiter: Pick<Waiter, 'sleep' | 'interrupt'>;
  private current: DeviceState = 'closed';
  private lastErrorCode: string | undefined;

  constructor(private readonly o: LifecycleOptions) {
    this.waiter = o.waiter ?? new Waiter();
  }

  get state(): DeviceState {
    return this.current;
  }

  /**
   * Starts the driver: connects now (a failure closes again and rejects with a DeviceError) or, with
   * `waitForDevice`, leaves that to the driver's loop. False when it was running already.
   */
  async start(waitForDevice: boolean, connect: () => Promise<void>, disconnect: () => Promise<void>) {
    if (this.running) return false;
    this.running = true;
    if (waitForDevice) return true;
    try {
      await connect();
    } catch (err) {
      this.running = false;
      await disconnect();
      this.setState('closed');
      throw asDeviceError(err);
    }
    return true;
  }

  /** Stops the loop: the next wait ends at once and no further attempt is made. */
  stop(): void {
    this.running = false;
    this.waiter.interrupt();
  }

  /**
   * Connects, retrying after reconnectMinMs, then twice as long each time up to reconnectMaxMs, until it
   * succeeds or the driver stops; each failure is reported as `reconnecting`. Resolves whether connected.
   */
  async reconnect(connect: () => Promise<void>, disconnect: () => Promise<void>): Promise<boolean> {
    let backoff = this.o.reconnectMinMs;
    while (this.running) {
      try {
        await connect();
        return true;
      } catch (err) {
        await disconnect();
        if (!this.running) return false;
        this.report(asDeviceError(err), 'reconnecting');
        await this.waiter.sleep(backoff);
        backoff = Math.min(backoff * 2, this.o.reconnectMaxMs);
      }
    }
    return false;
  }

  /** The device answered well: the next fault, even one with the same code, is reported again. */
  healthy(): void {
    this.lastErrorCode = undefined;
  }

  /** Reports a fault once per distinct code; the state changes (with a status event) when it differs. */
  report(err: DeviceError, state: DeviceState): void {
    const fresh = this.lastErrorCode !== err.code;
    this.lastErrorCode = err.code;
    if (state !== this.current || fresh) this.setState(state, err);
    if (fresh) {
      this.o.logger('warn', `${this.o.label} on ${this.o.path}: ${err.code} ${err.message}`);
      this.o.error(err);
    }
  }

  setState(state: DeviceState, err?: DeviceError): void {
    this.current = state;
    this.o.status({
      kind: this.o.kind,
      path: this.o.path,
      state,
      ...(err ? { error: err.code, detail: err.message } : {}),
      at: new Date().toISOString(),
    });
  }
}
