import type { SerialPort } from 'serialport';
import type { PrinterStatus } from '../../contract/device';
import { DeviceError, asDeviceError } from '../errors';
import { wireMs, writeAll } from '../serial';
import { cmd } from './escpos';
import { StatusStream, decodeStatus } from './status';

// What goes over the printer's port: job bytes out, DLE EOT real-time replies and in-sequence GS r
// replies back. GS r replies are counted: the k-th reply answers the k-th GS r sent, so a late reply
// of a failed job is never taken for the next job's "finished".

export class PrinterLink {
  private readonly stream = new StatusStream();
  private readonly realtimeWaiters: Array<(b: number) => void> = [];
  private barriersSent = 0;
  private barriersAnswered = 0;
  private barrierWake: (() => void) | undefined;
  lost: DeviceError | undefined;
  /** When the bytes written so far will have left a real UART (performance.now() clock). */
  private txUntil = 0;

  constructor(
    private readonly port: SerialPort,
    private readonly baudRate: number,
    private readonly statusTimeoutMs: number,
  ) {
    port.on('data', (chunk: Buffer) => {
      for (const ev of this.stream.push(chunk)) {
        if (ev.kind === 'realtime') this.realtimeWaiters.shift()?.(ev.byte);
        else if (ev.kind === 'transmit') {
          this.barriersAnswered++;
          this.barrierWake?.();
        }
        // ASB blocks (hardware.md 2.6) carry nothing we do not ask for with DLE EOT: tolerated, dropped.
      }
    });
    port.on('close', () => (this.lost ??= new DeviceError('DEVICE_DISCONNECTED', 'the printer port closed')));
    port.on('error', (e: Error) => (this.lost ??= new DeviceError('DEVICE_DISCONNECTED', e.message)));
  }

  /** One DLE EOT n query; the printer answers at once even when offline (hardware.md 2.5). */
  private async realtime(n: 1 | 2 | 3 | 4): Promise<number> {
    if (this.lost) throw this.lost;
    // DLE EOT queues behind job bytes still on the wire, so its time limit starts when they are out.
    const limit = this.statusTimeoutMs + this.busyMs() + wireMs(4, this.baudRate);
    this.sent(3);
    const reply = new Promise<number>((resolve, reject) => {
      const waiter = (b: number) => {
        clearTimeout(timer);
        resolve(b);
      };
      const timer = setTimeout(() => {
        const i = this.realtimeWaiters.indexOf(waiter);
        if (i >= 0) this.realtimeWaiters.splice(i, 1);
        reject(
          new DeviceError(
            'DEVICE_TIMEOUT',
            `the printer did not answer DLE EOT ${n} within ${Math.round(limit)} ms`,
          ),
        );
      }, limit);
      this.realtimeWaiters.push(waiter);
    });
    // Not awaited: a write to a dead port may never call back; the reply's time limit still holds.
    writeAll(this.port, Buffer.from(cmd.status(n))).catch((e: unknown) => (this.lost ??= asDeviceError(e)));
    return reply;
  }

  async status(): Promise<PrinterStatus> {
    const printer = await this.realtime(1);
    const offline = await this.realtime(2);
    const error = await this.realtime(3);
    const paper = await this.realtime(4);
    return decodeStatus({ printer, offline, error, paper });
  }

  /** Sends the job followed by GS r 1; returns the barrier number that marks its end. */
  async send(bytes: Buffer): Promise<number> {
    if (this.lost) throw this.lost;
    const all = Buffer.concat([bytes, Buffer.from(cmd.transmitStatus)]);
    // A write to a port that dies under it may never call back: bound it by the wire time plus 2 s.
    const limit = this.busyMs() + wireMs(all.length, this.baudRate) + 2000;
    this.sent(all.length);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeviceError('DEVICE_TIMEOUT', 'the job could not be sent')), limit);
    });
    try {
      await Promise.race([writeAll(this.port, all), late]);
    } finally {
      clearTimeout(timer);
    }
    return ++this.barriersSent;
  }

  /** Milliseconds until the bytes already written have left the UART at this baud rate. */
  busyMs(): number {
    return Math.max(0, this.txUntil - performance.now());
  }

  private sent(bytes: number): void {
    this.txUntil = performance.now() + this.busyMs() + wireMs(bytes, this.baudRate);
  }

  finished(barrier: number): boolean {
    return this.barriersAnswered >= barrier;
  }

  /** Resolves when a barrier reply arrives or after `ms`, whichever comes first. */
  waitForProgress(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.barrierWake = done;
    });
  }

  /** After a job that never finished, stop waiting for its barrier (the printer may have been reset). */
  forget(barrier: number): void {
    this.barriersAnswered = Math.max(this.barriersAnswered, barrier);
  }
}
