import { EventEmitter } from 'node:events';
import type { SerialPort } from 'serialport';
import type { DeviceState } from '../../contract/device';
import { DeviceError, asDeviceError, emitErrorSafely } from '../errors';
import { silentLogger, type Logger } from '../log';
import { closePort, openPort, Waiter } from '../serial';
import { ScanLineDecoder, type LineDecoderOptions, type RejectReason } from './line-decoder';

// A serial barcode/QR scanner (the kind that sends the decoded text on a serial port, as opposed to a
// keyboard-wedge scanner that types into the page): listens on the port and emits each scanned line.
// The device only ever talks, so there is nothing to poll; a pulled cable closes the port under us, and
// the driver reopens the same path with backoff until the device is back.

export interface QrScannerOptions extends LineDecoderOptions {
  path: string;
  /** Most serial scanners ship at 9600 8N1; many can be set to 115200. */
  baudRate?: number;
  /**
   * For scanners set to send no terminator: an unfinished line counts as complete after this many ms
   * of silence. 0 (default) waits for the terminator.
   */
  idleFlushMs?: number;
  /** The same text again within this many ms is one scan (scanners in continuous mode re-read). */
  repeatGuardMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** When true, open() resolves at once and the driver keeps trying to open the port in the background. */
  waitForDevice?: boolean;
  logger?: Logger;
}

export interface ScannerStatus {
  kind: 'qr_scanner';
  path: string;
  state: DeviceState;
  error?: DeviceError['code'];
  detail?: string;
  at: string;
}

export interface QrScannerEvents {
  scan: [{ text: string; at: string }];
  /** A line that was not passed on: longer than the cap, or not text (binary garbage, wrong encoding). */
  rejected: [{ reason: RejectReason; bytes: number }];
  status: [ScannerStatus];
  error: [DeviceError];
}

export class QrScanner extends EventEmitter<QrScannerEvents> {
  private readonly o: Required<Omit<QrScannerOptions, keyof LineDecoderOptions>>;
  private readonly decoder: ScanLineDecoder;
  private readonly waiter = new Waiter();
  private port: SerialPort | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private lostWake: (() => void) | undefined;
  private lostBecause: DeviceError | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private last: { text: string; at: number } | undefined;
  private lastErrorCode: string | undefined;
  private _state: DeviceState = 'closed';

  constructor(options: QrScannerOptions) {
    super();
    const { terminator, prefix, suffix, encoding, maxBytes, ...rest } = options;
    this.decoder = new ScanLineDecoder({ terminator, prefix, suffix, encoding, maxBytes });
    this.o = {
      baudRate: 9600,
      idleFlushMs: 0,
      repeatGuardMs: 1500,
      reconnectMinMs: 200,
      reconnectMaxMs: 1500,
      waitForDevice: false,
      logger: silentLogger,
      ...rest,
    };
  }

  get state(): DeviceState {
    return this._state;
  }

  get path(): string {
    return this.o.path;
  }

  /** Opens the port; rejects with a DeviceError unless `waitForDevice`. */
  async open(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (!this.o.waitForDevice) {
      try {
        await this.connect();
      } catch (err) {
        this.running = false;
        await this.disconnect();
        this.setState('closed');
        throw asDeviceError(err);
      }
    }
    this.loop = this.run();
  }

  async close(): Promise<void> {
    this.running = false;
    this.waiter.interrupt();
    this.lostWake?.();
    await this.loop;
    await this.disconnect();
    this.setState('closed');
  }

  private async connect(): Promise<void> {
    if (this._state !== 'reconnecting') this.setState('connecting');
    const port = await openPort(this.o.path, this.o.baudRate);
    if (!this.running) {
      await closePort(port);
      return;
    }
    this.port = port;
    this.lostBecause = undefined;
    this.decoder.reset();
    const lose = (err: DeviceError) => {
      if (this.port !== port) return;
      this.lostBecause ??= err;
      this.lostWake?.();
    };
    port.on('data', (chunk: Buffer) => {
      if (this.port === port) this.onData(chunk);
    });
    port.on('close', () => lose(new DeviceError('DEVICE_DISCONNECTED', `${this.o.path} closed`)));
    port.on('error', (err: Error) => lose(asDeviceError(err)));
    this.lastErrorCode = undefined;
    this.setState('ready');
    this.o.logger('info', `QR scanner ready on ${this.o.path} at ${this.o.baudRate} baud`);
  }

  private async disconnect(): Promise<void> {
    clearTimeout(this.idleTimer);
    const port = this.port;
    this.port = undefined;
    this.decoder.reset();
    await closePort(port);
  }

  private async run(): Promise<void> {
    let backoff = this.o.reconnectMinMs;
    while (this.running) {
      if (!this.port) {
        try {
          await this.connect();
          backoff = this.o.reconnectMinMs;
        } catch (err) {
          await this.disconnect();
          if (!this.running) break;
          this.report(asDeviceError(err), 'reconnecting');
          await this.waiter.sleep(backoff);
          backoff = Math.min(backoff * 2, this.o.reconnectMaxMs);
          continue;
        }
        if (!this.port) continue;
      }
      // The device only talks: wait until the port goes away (or close()).
      await new Promise<void>((resolve) => {
        this.lostWake = resolve;
        if (this.lostBecause || !this.running) resolve();
      });
      this.lostWake = undefined;
      if (!this.running) break;
      const why = this.lostBecause ?? new DeviceError('DEVICE_DISCONNECTED', `${this.o.path} closed`);
      await this.disconnect();
      this.report(why, 'reconnecting');
      await this.waiter.sleep(this.o.reconnectMinMs);
    }
  }

  private onData(chunk: Buffer): void {
    clearTimeout(this.idleTimer);
    this.deliver(this.decoder.push(chunk));
    if (this.o.idleFlushMs > 0 && this.decoder.pending > 0) {
      this.idleTimer = setTimeout(() => this.deliver(this.decoder.flush()), this.o.idleFlushMs);
    }
  }

  private deliver(lines: ReturnType<ScanLineDecoder['push']>): void {
    for (const r of lines) {
      if (!r.ok) {
        this.o.logger('warn', `QR scanner on ${this.o.path}: dropped a line (${r.reason}, ${r.bytes} bytes)`);
        this.emit('rejected', { reason: r.reason, bytes: r.bytes });
        continue;
      }
      const now = Date.now();
      if (this.last && this.last.text === r.text && now - this.last.at < this.o.repeatGuardMs) {
        this.last.at = now;
        continue;
      }
      this.last = { text: r.text, at: now };
      // The text may be personal (what a resident holds up is not ours to log): its length only.
      this.o.logger('info', `QR scanner: scanned ${r.text.length} characters`);
      this.emit('scan', { text: r.text, at: new Date(now).toISOString() });
    }
  }

  /** Reports an error once per distinct code, so a device that stays away does not flood the log. */
  private report(err: DeviceError, state: DeviceState): void {
    const fresh = this.lastErrorCode !== err.code;
    this.lastErrorCode = err.code;
    if (state !== this._state || fresh) this.setState(state, err);
    if (fresh) {
      this.o.logger('warn', `QR scanner on ${this.o.path}: ${err.code} ${err.message}`);
      emitErrorSafely(this, err);
    }
  }

  private setState(state: DeviceState, err?: DeviceError): void {
    this._state = state;
    this.emit('status', {
      kind: 'qr_scanner',
      path: this.o.path,
      state,
      ...(err ? { error: err.code, detail: err.message } : {}),
      at: new Date().toISOString(),
    });
  }
}
