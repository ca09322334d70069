import type { SerialPort } from 'serialport';
import { FrameDecoder, samCommand, toReply, type SamReply } from './frame';
import { DeviceError, asDeviceError } from '../errors';
import { wireMs, writeAll } from '../serial';

// One command at a time over an open port: send a SAM frame, await the one reply frame. Bytes that
// arrive with no command in flight are dropped (a late reply after a timeout must not answer the next).

export class SamLink {
  private readonly decoder = new FrameDecoder();
  private pending: { resolve: (r: SamReply) => void; reject: (e: DeviceError) => void } | undefined;
  private lost: DeviceError | undefined;

  constructor(
    private readonly port: SerialPort,
    private readonly baudRate: number,
  ) {
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('close', () => this.fail(new DeviceError('DEVICE_DISCONNECTED', 'the port closed')));
    port.on('error', (err: Error) => this.fail(new DeviceError('DEVICE_DISCONNECTED', err.message)));
  }

  get isLost(): boolean {
    return this.lost !== undefined;
  }

  get lostBecause(): DeviceError | undefined {
    return this.lost;
  }

  /**
   * Sends CMD PARA and waits for the reply. The time limit is `baseMs` plus the wire time of the
   * request and of the longest expected reply, so slow baud rates do not time out early.
   */
  async command(cmd: number, para: number, baseMs: number, replyBytes = 16): Promise<SamReply> {
    if (this.lost) throw this.lost;
    if (this.pending) throw new DeviceError('DEVICE_BUSY', 'a command is already in flight');
    const frame = samCommand(cmd, para);
    const limit = baseMs + wireMs(frame.length + replyBytes, this.baudRate);
    this.decoder.reset();
    const reply = new Promise<SamReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(
          new DeviceError('DEVICE_TIMEOUT', `no reply to ${hex2(cmd, para)} within ${Math.round(limit)} ms`),
        );
      }, limit);
      this.pending = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
    // Not awaited: a write to a port that dies under it may never call back, and the reply's time
    // limit must still hold. A write error fails the link, which rejects the reply at once.
    writeAll(this.port, frame).catch((err: unknown) => this.fail(asDeviceError(err)));
    return reply;
  }

  private onData(chunk: Buffer): void {
    for (const frame of this.decoder.push(chunk)) {
      const reply = toReply(frame);
      const p = this.pending;
      if (!reply || !p) continue;
      this.pending = undefined;
      p.resolve(reply);
    }
  }

  private fail(err: DeviceError): void {
    this.lost ??= err;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }
}

const hex2 = (a: number, b: number) =>
  [a, b].map((n) => n.toString(16).padStart(2, '0').toUpperCase()).join(' ');
