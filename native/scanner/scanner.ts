import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import type { SerialPort } from 'serialport';
import type { DeviceState } from '../../contract/device';
import { DeviceError, asDeviceError, emitErrorSafely } from '../errors';
import { silentLogger, type Logger } from '../log';
import { DeviceLifecycle } from '../reconnect';
import { closePort, openPort } from '../serial';
import { ScanLineDecoder, type LineDecoderOptions, type RejectReason } from './line-decoder';

// A serial barcode/QR scanner (the kind that sends the decoded text on a serial port, as opposed to a
// keyboard-wedge scanner that types into the page): listens on the port and emits each scanned line.
// The device only ever talks, so there is nothing to ask it; a pulled cable usually closes the port
// under us, but not always: a port opened a moment before its device node went away can stay open and
// silent (seen with PTYs under load: 5 of 123 unplugs a few ms after the open were never reported). So while
// connected the driver also checks every `presenceCheckMs` that the path still names the device it
// opened (same device number), and treats a missing or different node as a pulled cable. Either way it
// reopens the same path with backoff until the device is back.

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
  /** How often the path is checked for the device opened (0: never), default 1000 ms. */
  presenceCheckMs?: number;
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
  private readonly life: DeviceLifecycle;
  private port: SerialPort | undefined;
  private loop: Promise<void> | undefined;
  private lostWake: (() => void) | undefined;
  private lostBecause: DeviceError | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private last: { text: string; at: number } | undefined;
  /** The device number of the node opened, for the presence check. */
  private openedDevice: number | undefined;

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
      presenceCheckMs: 1000,
      waitForDevice: false,
      logger: silentLogger,
      ...rest,
    };
    this.life = new DeviceLifecycle({
      kind: 'qr_scanner',
      path: this.o.path,
      label: 'QR scanner',
      reconnectMinMs: this.o.reconnectMinMs,
      reconnectMaxMs: this.o.reconnectMaxMs,
      logger: this.o.logger,
      status: (s) => this.emit('status', { ...s, kind: 'qr_scanner' }),
      error: (err) => emitErrorSafely(this, err),
    });
  }

  get state(): DeviceState {
    return this.life.state;
  }

  get path(): string {
    return this.o.path;
  }

  /** Opens the port; rejects with a DeviceError unless `waitForDevice`. */
  async open(): Promise<void> {
    if (
      !(await this.life.start(
        this.o.waitForDevice,
        () => this.connect(),
        () => this.disconnect(),
      ))
    )
      return;
    this.loop = this.run();
  }

  async close(): Promise<void> {
    this.life.stop();
    this.lostWake?.();
    await this.loop;
    await this.disconnect();
    this.life.setState('closed');
  }

  private async connect(): Promise<void> {
    if (this.life.state !== 'reconnecting') this.life.setState('connecting');
    const port = await openPort(this.o.path, this.o.baudRate);
    this.openedDevice = await deviceNumber(this.o.path);
    if (!this.life.running) {
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
    this.life.healthy();
    this.life.setState('ready');
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
    while (this.life.running) {
      if (!this.port) {
        if (
          !(await this.life.reconnect(
            () => this.connect(),
            () => this.disconnect(),
          ))
        )
          break;
        if (!this.port) continue;
      }
      // The device only talks: wait until the port goes away (or close()).
      const presence = this.watchPresence();
      await new Promise<void>((resolve) => {
        this.lostWake = resolve;
        if (this.lostBecause || !this.life.running) resolve();
      });
      clearInterval(presence);
      this.lostWake = undefined;
      if (!this.life.running) break;
      const why = this.lostBecause ?? new DeviceError('DEVICE_DISCONNECTED', `${this.o.path} closed`);
      await this.disconnect();
      this.life.report(why, 'reconnecting');
      await this.life.waiter.sleep(this.o.reconnectMinMs);
    }
  }

  /** Wakes the loop when the path no longer names the device that was opened. */
  private watchPresence(): NodeJS.Timeout | undefined {
    if (this.o.presenceCheckMs <= 0) return undefined;
    const port = this.port;
    const timer = setInterval(() => {
      void deviceNumber(this.o.path).then((now) => {
        if (this.port !== port || this.lostBecause || now === this.openedDevice) return;
        this.lostBecause = new DeviceError(
          'DEVICE_DISCONNECTED',
          now === undefined ? `${this.o.path} went away` : `${this.o.path} is another device now`,
        );
        this.lostWake?.();
      });
    }, this.o.presenceCheckMs);
    timer.unref();
    return timer;
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
}

/** The device number (major/minor) the path names now, following links; undefined when it is gone. */
async function deviceNumber(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).rdev;
  } catch {
    return undefined;
  }
}
