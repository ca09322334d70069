import { EventEmitter } from 'node:events';
import type { SerialPort } from 'serialport';
import { FrameDecoder, samFrame, type DecodedFrame } from '../idcard/frame';
import { buildReadData } from '../idcard/read-reply';
import { closePort, openPort } from '../serial';
import { SIM_CARDS, type SimCard } from './cards';
import { encodeTextBlock } from './text-encode';
import { pacedWrite, wireMs } from './wire';

// A GA 467 SAM module on the device side of a serial port: answers the frames of hardware.md 1.3 with
// the replies of 1.4, with realistic timing (wire time of the baud rate plus a card read time).

export type SamStep = 'status' | 'find' | 'select' | 'read' | 'any';

export interface IdCardSimulatorOptions {
  /** The device-side path (a PTY from createPtyPair, or a real port wired to a kiosk). */
  path: string;
  baudRate?: number;
  /** Time the SAM takes to read the card over RF before the reply starts (default 120 ms). */
  readTimeMs?: number;
  /** Processing time for the other commands (default 2 ms). */
  commandTimeMs?: number;
  cards?: readonly SimCard[];
}

export interface IdCardSimulator {
  readonly path: string;
  readonly cards: readonly SimCard[];
  placeCard(n: number): void;
  removeCard(): void;
  /** Stops answering, as a reader whose cable was pulled. */
  unplug(): void;
  replug(): void;
  /** The next `times` replies to `step` carry this SW3 (hardware.md 1.5) instead of success. */
  failNext(sw3: number, step?: SamStep, times?: number): void;
  setReadTime(ms: number): void;
  /** `request` for every frame received while plugged in, `replied` when its reply's last byte left. */
  readonly events: EventEmitter<SimEvents>;
  close(): Promise<void>;
}

type SimEvent = { cmd: number; para: number; at: number };
type SimEvents = { request: [SimEvent]; replied: [SimEvent] };

const SAM_ID = Buffer.from('0102000012345678000000010000000a', 'hex'); // 16 bytes (hardware.md 1.10)

export async function startIdCardSimulator(options: IdCardSimulatorOptions): Promise<IdCardSimulator> {
  const baud = options.baudRate ?? 115200;
  const cards = options.cards ?? SIM_CARDS;
  let readTimeMs = options.readTimeMs ?? 120;
  const commandTimeMs = options.commandTimeMs ?? 2;
  const port: SerialPort = await openPort(options.path, baud);
  const decoder = new FrameDecoder();
  const events = new EventEmitter<SimEvents>();
  let card: SimCard | undefined;
  let plugged = true;
  let closed = false;
  let generation = 0; // bumps on unplug so replies in flight are dropped
  let forced: { sw3: number; step: SamStep; times: number } | undefined;
  let queue = Promise.resolve();

  const stepOf = (cmd: number, para: number): SamStep | undefined =>
    cmd === 0x11
      ? 'status'
      : cmd === 0x20 && para === 0x01
        ? 'find'
        : cmd === 0x20
          ? 'select'
          : cmd === 0x30
            ? 'read'
            : undefined;

  function reply(cmd: number, para: number): { body: Buffer; delayMs: number } {
    const step = stepOf(cmd, para);
    const status = (sw3: number, data: Uint8Array = Buffer.alloc(0), delayMs = commandTimeMs) => ({
      body: Buffer.concat([Buffer.from([0x00, 0x00, sw3]), data]),
      delayMs,
    });
    if (forced && step && (forced.step === step || forced.step === 'any')) {
      const sw3 = forced.sw3;
      if (--forced.times <= 0) forced = undefined;
      return status(sw3);
    }
    if (cmd === 0x11 || cmd === 0x10 || cmd === 0x61) return status(0x90); // status / reset / RF size
    if (cmd === 0x12) return status(0x90, SAM_ID);
    if (cmd === 0x20 && para === 0x01) return card ? status(0x9f, Buffer.alloc(4)) : status(0x80);
    if (cmd === 0x20 && para === 0x02) return card ? status(0x90, Buffer.alloc(8)) : status(0x81);
    if (cmd === 0x30 && (para === 0x01 || para === 0x10)) {
      if (!card) return status(0x41, undefined, readTimeMs);
      const text = encodeTextBlock(card.fields);
      const fingerprint = para === 0x10 ? Buffer.alloc(0) : undefined;
      return status(0x90, buildReadData({ text, photo: card.photo, fingerprint }), readTimeMs);
    }
    if (cmd === 0x30 && para === 0x03) return status(0x91); // no appended address on test cards
    return status(0x21); // GA 467: SW3 0x21 = command error
  }

  function answer(frame: DecodedFrame, arrivedAt: number): void {
    const [cmd = 0, para = 0] = frame.body;
    events.emit('request', { cmd, para, at: arrivedAt });
    const gen = generation;
    // Processing starts when the request's last byte would have arrived over a real UART.
    const r = reply(cmd, para);
    const out = samFrame(r.body);
    const start = arrivedAt + wireMs(frame.raw.length, baud) + r.delayMs;
    queue = queue
      .then(() => pacedWrite(port, out, baud, start, () => closed || gen !== generation))
      .then(() => void events.emit('replied', { cmd, para, at: performance.now() }));
  }

  port.on('data', (chunk: Buffer) => {
    const at = performance.now();
    if (!plugged) return; // a pulled cable hears nothing
    for (const f of decoder.push(chunk)) answer(f, at);
  });

  return {
    path: options.path,
    cards,
    events,
    placeCard(n) {
      const c = cards[n];
      if (!c) throw new Error(`no test card ${n}; cards are 0..${cards.length - 1}`);
      card = c;
    },
    removeCard() {
      card = undefined;
    },
    unplug() {
      plugged = false;
      generation++;
      decoder.reset();
    },
    replug() {
      plugged = true;
    },
    failNext(sw3, step = 'any', times = 1) {
      forced = { sw3, step, times };
    },
    setReadTime(ms) {
      readTimeMs = ms;
    },
    async close() {
      closed = true;
      await queue.catch(() => {});
      await closePort(port);
    },
  };
}
