import type { DeviceTransport, PrinterCapabilities, PrinterStatus } from '../../contract/device';
import { DeviceError, asDeviceError } from '../errors';
import { wireMs, writeAll, type BytePort } from '../serial';
import { GS, cmd } from './escpos';
import { StatusStream, decodeStatus, paperOfTransmit } from './status';

// What goes over the printer's port: job bytes out, DLE EOT real-time replies, in-sequence GS r
// replies and GS I text blocks back. GS r replies are counted: the k-th reply answers the k-th GS r
// sent, so a late reply of a failed job is never taken for the next job's "finished". What the
// printer answers at all is probed once at connect (probe()), never assumed (issue 17).

/** The printer's neutral DLE EOT reply (0x12): used for an n the printer does not answer. */
const NEUTRAL = 0x12;

export class PrinterLink {
  private readonly stream = new StatusStream();
  private readonly realtimeWaiters: Array<(b: number) => void> = [];
  private barriersSent = 0;
  private barriersAnswered = 0;
  private lastTransmit = 0;
  private wake: (() => void) | undefined;
  private readonly infos: string[] = [];
  private asbBlocks = 0;
  lost: DeviceError | undefined;
  /** Set by probe(); until then the link behaves as before issue 17 (DLE EOT 1-4 and GS r). */
  caps: PrinterCapabilities | undefined;
  /**
   * The last probe found the printer not ready (paper out, cover open): in-sequence questions (GS r,
   * GS I, GS a) would wait in its buffer, so they were not asked and must be asked again later.
   */
  probedNotReady = false;
  /** When the bytes written so far will have left a real UART (performance.now() clock). */
  private txUntil = 0;

  constructor(
    private readonly port: BytePort,
    private readonly baudRate: number,
    private readonly statusTimeoutMs: number,
    private readonly transport: DeviceTransport = 'serial',
    /** False for a write-only port (a USB printer-class device without read-back). */
    private readonly readable = true,
  ) {
    port.on('data', (chunk: Buffer) => {
      for (const ev of this.stream.push(chunk)) {
        if (ev.kind === 'realtime') this.realtimeWaiters.shift()?.(ev.byte);
        else if (ev.kind === 'transmit') {
          // A reply beyond the barriers sent (one we stopped waiting for) must not finish a later job.
          if (this.barriersAnswered < this.barriersSent) this.barriersAnswered++;
          this.lastTransmit = ev.byte;
        } else if (ev.kind === 'info') this.infos.push(ev.text);
        // ASB blocks are counted for the probe; DLE EOT asks for the same bits when we need them.
        else this.asbBlocks++;
        this.wake?.();
      }
    });
    port.on('close', () => (this.lost ??= new DeviceError('DEVICE_DISCONNECTED', 'the printer port closed')));
    port.on('error', (e: Error) => (this.lost ??= new DeviceError('DEVICE_DISCONNECTED', e.message)));
  }

  /** One DLE EOT n query; the printer answers at once even when offline (hardware.md 2.5). */
  private async realtime(n: 1 | 2 | 3 | 4, timeoutMs = this.statusTimeoutMs): Promise<number> {
    if (this.lost) throw this.lost;
    // DLE EOT queues behind job bytes still on the wire, so its time limit starts when they are out.
    const limit = timeoutMs + this.busyMs() + wireMs(4, this.baudRate);
    this.sent(3);
    const reply = new Promise<number>((resolve, reject) => {
      const waiter = (b: number) => {
        clearTimeout(timer);
        resolve(b);
      };
      // After an event-loop stall the timer fires before the reply already waiting in the OS is
      // read: setImmediate runs after this loop turn's I/O, so such a reply still counts.
      const timer = setTimeout(
        () =>
          setImmediate(() => {
            const i = this.realtimeWaiters.indexOf(waiter);
            if (i < 0) return; // answered in this loop turn's I/O
            this.realtimeWaiters.splice(i, 1);
            reject(
              new DeviceError(
                'DEVICE_TIMEOUT',
                `the printer did not answer DLE EOT ${n} within ${Math.round(limit)} ms`,
              ),
            );
          }),
        limit,
      );
      this.realtimeWaiters.push(waiter);
    });
    // Not awaited: a write to a dead port may never call back; the reply's time limit still holds.
    writeAll(this.port, Buffer.from(cmd.status(n))).catch((e: unknown) => (this.lost ??= asDeviceError(e)));
    return reply;
  }

  /**
   * Asks what the printer answers: DLE EOT 1-4, GS r 1, GS I 66/67 (maker, model) and ASB (GS a).
   * Bounded by `probeMs` per question group; a printer that lacks a command simply stays silent.
   */
  async probe(probeMs: number): Promise<PrinterCapabilities> {
    if (this.lost) throw this.lost;
    const base = { transport: this.transport, bidirectional: this.readable, asb: false } as const;
    if (!this.readable) {
      this.caps = { ...base, realtime: [], transmitStatus: false, completion: 'none' };
      return this.caps;
    }
    const realtime: Array<1 | 2 | 3 | 4> = [];
    for (const n of [1, 2, 3, 4] as const) {
      try {
        await this.realtime(n, probeMs);
        realtime.push(n);
      } catch (err) {
        if (this.lost) throw this.lost;
        // No answer to DLE EOT 1 means no real-time status at all: do not wait three more times.
        if (n === 1) break;
        void err;
      }
    }
    this.probedNotReady = false;
    if (realtime.length > 0) {
      this.caps = { ...base, realtime, transmitStatus: false, completion: 'realtime_poll' };
      if (!(await this.status()).ready) {
        this.probedNotReady = true;
        return this.caps;
      }
    }
    const asbBefore = this.asbBlocks;
    const infosBefore = this.infos.length;
    const barrier = ++this.barriersSent;
    // ASB on (all bits: the printer sends its status at once), GS r 1, GS I 66 and 67, then ASB off.
    const ask = [
      ...[GS, 0x61, 0x0f],
      ...cmd.transmitStatus,
      ...[GS, 0x49, 66],
      ...[GS, 0x49, 67],
      ...cmd.asbOff,
    ];
    this.sent(ask.length);
    await writeAll(this.port, Buffer.from(ask));
    const done = () =>
      this.finished(barrier) && this.infos.length - infosBefore >= 2 && this.asbBlocks > asbBefore;
    const until = performance.now() + probeMs + this.busyMs();
    // Bounded by `until`: each pass waits for a reply or the rest of the time.
    while (!done() && performance.now() < until) await this.waitForProgress(until - performance.now());
    const transmitStatus = this.finished(barrier);
    if (!transmitStatus) this.forget(barrier);
    const [maker, model] = this.infos.slice(infosBefore);
    this.caps = {
      ...base,
      realtime,
      transmitStatus,
      asb: this.asbBlocks > asbBefore,
      ...(maker ? { maker: maker.slice(0, 64) } : {}),
      ...(model ? { model: model.slice(0, 64) } : {}),
      completion: transmitStatus ? 'transmit_status' : realtime.length > 0 ? 'realtime_poll' : 'none',
    };
    return this.caps;
  }

  async status(): Promise<PrinterStatus> {
    const answered = this.caps?.realtime ?? [1, 2, 3, 4];
    if (answered.length === 0) {
      if (this.caps?.transmitStatus) return this.statusByTransmit();
      throw new DeviceError('PRINT_UNCONFIRMED', 'the printer does not report its status (write-only port)');
    }
    const ask = async (n: 1 | 2 | 3 | 4) => (answered.includes(n) ? this.realtime(n) : NEUTRAL);
    // Asked back to back: each is answered on receipt, in order, and the waiters are a FIFO, so four
    // questions cost one round trip instead of four.
    const [printer, offline, error, paper] = await Promise.all([ask(1), ask(2), ask(3), ask(4)]);
    return decodeStatus({ printer, offline, error, paper });
  }

  /** A printer without DLE EOT but with GS r 1: only the paper sensor is known, once idle. */
  private async statusByTransmit(): Promise<PrinterStatus> {
    const barrier = await this.send(Buffer.alloc(0));
    const until = performance.now() + this.statusTimeoutMs + this.busyMs();
    while (!this.finished(barrier) && performance.now() < until)
      await this.waitForProgress(until - performance.now());
    if (!this.finished(barrier)) {
      this.forget(barrier);
      throw new DeviceError('DEVICE_TIMEOUT', 'the printer did not answer GS r 1');
    }
    const paper = paperOfTransmit(this.lastTransmit);
    return decodeStatus({
      printer: NEUTRAL,
      offline: NEUTRAL,
      error: NEUTRAL,
      paper: paper === 'out' ? 0x72 : paper === 'near_end' ? 0x1e : NEUTRAL,
    });
  }

  /** Sends the job, followed by GS r 1 when the printer answers it; returns that barrier, or 0. */
  async send(bytes: Buffer): Promise<number> {
    if (this.lost) throw this.lost;
    const barrier = this.caps?.transmitStatus ?? true;
    const all = barrier ? Buffer.concat([bytes, Buffer.from(cmd.transmitStatus)]) : bytes;
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
    return barrier ? ++this.barriersSent : 0;
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

  /** Resolves when any reply arrives or after `ms`, whichever comes first. */
  waitForProgress(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** After a job that never finished, stop waiting for its barrier (the printer may have been reset). */
  forget(barrier: number): void {
    this.barriersAnswered = Math.max(this.barriersAnswered, barrier);
  }
}
