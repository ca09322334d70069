import { EventEmitter } from 'node:events';
import type { SerialPort } from 'serialport';
import type { DeviceState, DeviceStatus } from '../../contract/device';
import type { IdCardRecord } from '../../contract/idcard';
import { DeviceError, asDeviceError, emitErrorSafely } from '../errors';
import { silentLogger, type Logger } from '../log';
import { DeviceLifecycle } from '../reconnect';
import { closePort, openPort } from '../serial';
import { SamLink } from './link';
import { CMD_READ_BASE, CMD_READ_WITH_FINGERPRINT, parseReadData, type PhotoDecoder } from './read-reply';
import { SW3, errorOfSw3 } from './status';
import { parseTextBlock } from './text-block';

// The second-generation ID card reader driver (hardware.md 1.1 flow): SAM status, then a polling loop
// find → select → read that emits `card` once per placement and `removed` when the card leaves, and
// reconnects by path with backoff when the device goes away.

export interface IdCardReaderOptions {
  path: string;
  baudRate?: number; // GA 467 module default 115200 (hardware.md 1.1)
  pollIntervalMs?: number;
  /** Base time limit per command; the wire time of the reply is added on top. */
  commandTimeoutMs?: number;
  /** Extra allowance for the card read itself (the SAM talks to the card over RF). */
  readTimeoutMs?: number;
  /** Consecutive "no card" answers before `removed`: rides over a single missed find. */
  removalMisses?: number;
  /**
   * Consecutive unanswered commands before the device counts as lost (card dropped, port reopened):
   * rides over one reply lost on a busy machine or a noisy cable, which must not end a resident's session.
   */
  timeoutsBeforeLost?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** When true, open() resolves at once and the reader keeps trying to connect in the background. */
  waitForDevice?: boolean;
  withFingerprint?: boolean;
  photoDecoder?: PhotoDecoder;
  logger?: Logger;
}

export interface IdCardReaderEvents {
  card: [IdCardRecord];
  removed: [];
  status: [DeviceStatus];
  error: [DeviceError];
  photo: [{ image: Buffer; mime: string }];
}

export class IdCardReader extends EventEmitter<IdCardReaderEvents> {
  private readonly o: Required<Omit<IdCardReaderOptions, 'photoDecoder'>> & { photoDecoder?: PhotoDecoder };
  private port: SerialPort | undefined;
  private link: SamLink | undefined;
  private readonly life: DeviceLifecycle;
  private loop: Promise<void> | undefined;
  private cardPresent = false;
  private misses = 0;
  private timeouts = 0;

  constructor(options: IdCardReaderOptions) {
    super();
    this.o = {
      baudRate: 115200,
      pollIntervalMs: 300,
      commandTimeoutMs: 500,
      readTimeoutMs: 1500,
      removalMisses: 2,
      timeoutsBeforeLost: 2,
      reconnectMinMs: 200,
      reconnectMaxMs: 1500,
      waitForDevice: false,
      withFingerprint: false,
      logger: silentLogger,
      ...options,
    };
    this.life = new DeviceLifecycle({
      kind: 'idcard_reader',
      path: this.o.path,
      label: 'ID card reader',
      reconnectMinMs: this.o.reconnectMinMs,
      reconnectMaxMs: this.o.reconnectMaxMs,
      logger: this.o.logger,
      status: (s) => this.emit('status', { ...s, kind: 'idcard_reader' }),
      error: (err) => emitErrorSafely(this, err),
    });
  }

  get state(): DeviceState {
    return this.life.state;
  }

  /** Opens the port and checks the SAM; rejects with a DeviceError unless `waitForDevice`. */
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
    // Closing the port first fails a command in flight at once instead of waiting for its time limit.
    await this.disconnect();
    await this.loop;
    await this.disconnect(); // a reconnect that was opening the port when close() came
    this.life.setState('closed');
  }

  private async connect(): Promise<void> {
    if (this.life.state !== 'reconnecting') this.life.setState('connecting');
    this.port = await openPort(this.o.path, this.o.baudRate);
    this.link = new SamLink(this.port, this.o.baudRate);
    // GA 467 11 FF: SAM status; 0x90 = ready, 0x60 = self-test failed (hardware.md 1.3).
    const r = await this.link.command(0x11, 0xff, 1000);
    if (r.sw3 !== SW3.OK) throw errorOfSw3(r.sw3, 'SAM status');
    this.misses = 0;
    this.timeouts = 0;
    this.life.healthy();
    this.life.setState('ready');
    this.o.logger('info', `ID card reader ready on ${this.o.path} at ${this.o.baudRate} baud`);
  }

  private async disconnect(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.link = undefined;
    await closePort(port);
  }

  private async run(): Promise<void> {
    while (this.life.running) {
      if (!this.link || this.link.isLost) {
        if (this.link?.lostBecause) {
          // The port closed under us (cable pulled): whatever card was on it is gone for us too.
          this.dropCard();
          this.life.report(this.link.lostBecause, 'reconnecting');
        }
        const connect = async () => {
          await this.disconnect();
          await this.connect();
        };
        if (!(await this.life.reconnect(connect, () => this.disconnect()))) break;
      }
      try {
        await this.poll(this.link!);
      } catch (err) {
        if (!this.life.running) break;
        const e = asDeviceError(err);
        if (e.code === 'DEVICE_TIMEOUT' && ++this.timeouts < this.o.timeoutsBeforeLost) {
          // One unanswered command: ask again on the next poll (a late reply is dropped by the link).
          this.o.logger('warn', `ID card reader on ${this.o.path}: no answer in time, asking again`);
        } else if (
          e.code === 'DEVICE_TIMEOUT' ||
          e.code === 'DEVICE_DISCONNECTED' ||
          e.code === 'IDCARD_SAM_FAULT'
        ) {
          // Lost the device: a card on it is gone for us too; reconnect from scratch.
          this.dropCard();
          await this.disconnect();
          this.life.report(e, 'reconnecting');
          continue;
        } else {
          this.life.report(e, 'ready');
        }
      }
      if (this.life.running) await this.life.waiter.sleep(this.o.pollIntervalMs);
    }
  }

  private async poll(link: SamLink): Promise<void> {
    const t = this.o.commandTimeoutMs;
    const find = await link.command(0x20, 0x01, t); // GA 467 20 01: find card
    this.timeouts = 0;
    if (find.sw3 === SW3.NO_CARD) {
      if (this.cardPresent && ++this.misses >= this.o.removalMisses) this.dropCard();
      this.life.healthy();
      return;
    }
    if (find.sw3 !== SW3.FOUND) throw errorOfSw3(find.sw3, 'find card');
    this.misses = 0;
    if (this.cardPresent) return; // once per placement
    const select = await link.command(0x20, 0x02, t); // GA 467 20 02: select card
    if (select.sw3 !== SW3.OK) throw errorOfSw3(select.sw3, 'select card');
    const [cmd, para] = this.o.withFingerprint ? CMD_READ_WITH_FINGERPRINT : CMD_READ_BASE;
    const read = await link.command(cmd, para, t + this.o.readTimeoutMs, 2400);
    if (read.sw3 !== SW3.OK) throw errorOfSw3(read.sw3, 'read card');
    const blocks = parseReadData(read.data, this.o.withFingerprint);
    if (!blocks.ok) throw blocks.error;
    const parsed = parseTextBlock(blocks.blocks.text);
    if (!parsed.ok) throw parsed.error;
    const record: IdCardRecord = { ...parsed.record, photoWlt: blocks.blocks.photo.toString('base64') };
    this.cardPresent = true;
    this.life.healthy();
    this.o.logger('info', `card read: ${record.cardType}${record.expired ? ' (expired)' : ''}`);
    this.emit('card', record);
    if (this.o.photoDecoder) this.decodePhoto(this.o.photoDecoder, blocks.blocks.photo);
  }

  private decodePhoto(decoder: PhotoDecoder, wlt: Buffer): void {
    decoder.decode(wlt).then(
      (img) => this.emit('photo', img),
      (err: unknown) => this.o.logger('warn', `photo decoder failed: ${(err as Error).message}`),
    );
  }

  private dropCard(): void {
    this.misses = 0;
    if (!this.cardPresent) return;
    this.cardPresent = false;
    this.emit('removed');
  }
}
