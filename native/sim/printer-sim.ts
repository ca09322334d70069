import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PaperWidth } from '../../contract/device';
import { PROFILES } from '../printer/layout';
import { closePort, openPort } from '../serial';
import { EscPosInterpreter, transcript, type Ticket } from './escpos-interpreter';
import { PrinterState } from './printer-state';
import { ensureCjkFont, renderTicket } from './render';
import { sleepUntil, wireMs } from './wire';

// An ESC/POS thermal printer on the device side of a serial port: receives at the wire speed of its
// baud rate, answers DLE EOT at once (real-time, hardware.md 2.5) and GS r 1 in sequence, prints at
// a configurable speed, stalls on paper out / cover open / offline, and writes every ticket it cuts
// as a PNG and a text transcript.

export interface PrinterSimulatorOptions {
  path: string;
  outDir: string;
  baudRate?: number;
  paperWidth?: PaperWidth;
  /** Print speed; 0 prints instantly. Thermal kiosk printers do about 150-250 mm/s. */
  speedMmPerSec?: number;
  /** Set false to skip PNG rendering (transcripts are always written). */
  render?: boolean;
  /** A printer family's behaviour (docs/devices.md matrix); single switches below override it. */
  family?: SimFamily;
  /** Answers GS r 1 (default true). Many low-cost printers answer only DLE EOT. */
  transmitStatus?: boolean;
  /** Sends an ASB block when GS a n enables it (default true). */
  asb?: boolean;
  /** What GS I 66 / 67 answer; absent = silent (many printers do not answer GS I). */
  identity?: { maker: string; model: string };
  /** gbk: prints a 4-byte GB18030 sequence as garbage (default gb18030). */
  codePage?: 'gb18030' | 'gbk';
  /** False: ignores GS ( k, so QR codes must come as raster images (default true). */
  qrCommand?: boolean;
}

/**
 * Behaviour bundles of the printer families a station may buy (issue 17). Behaviour, not a claim
 * about a vendor's firmware: `docs/devices.md` says what each row stands for.
 */
export const SIM_FAMILIES = {
  /** GS r 1, ASB, GS I, GB18030, GS ( k, 80 mm: an Epson-compatible full command set. */
  full: {
    transmitStatus: true,
    asb: true,
    identity: { maker: 'EPSON', model: 'TM-T82III (simulated)' },
    codePage: 'gb18030',
    qrCommand: true,
    paperWidth: '80mm',
  },
  /** DLE EOT only: no GS r 1, no ASB, no GS I; GB18030 and GS ( k. */
  'no-gsr': {
    transmitStatus: false,
    asb: false,
    codePage: 'gb18030',
    qrCommand: true,
    paperWidth: '80mm',
  },
  /** No GS r 1, GBK only, identifies itself as a Gprinter-like model. */
  'gbk-80': {
    transmitStatus: false,
    asb: true,
    identity: { maker: 'Gprinter', model: 'GP-80 (simulated)' },
    codePage: 'gbk',
    qrCommand: true,
    paperWidth: '80mm',
  },
  /** 58 mm, GBK only, no GS ( k (raster QR only), no GS r 1, no ASB, no GS I. */
  'basic-58': {
    transmitStatus: false,
    asb: false,
    codePage: 'gbk',
    qrCommand: false,
    paperWidth: '58mm',
  },
} as const satisfies Record<string, Partial<PrinterSimulatorOptions>>;
export type SimFamily = keyof typeof SIM_FAMILIES;

export interface PrintedTicket {
  seq: number;
  transcript: string;
  transcriptPath: string;
  pngPath?: string;
  ticket: Ticket;
}

export interface PrinterSimulator {
  readonly path: string;
  readonly tickets: readonly PrintedTicket[];
  readonly events: EventEmitter<{ ticket: [PrintedTicket] }>;
  /** The next ticket cut after this call. */
  nextTicket(timeoutMs?: number): Promise<PrintedTicket>;
  setPaper(state: 'ok' | 'near_end' | 'out'): void;
  /** The paper runs out after `n` more bytes are printed: a failure in the middle of a job. */
  paperOutAfterBytes(n: number): void;
  openCover(): void;
  closeCover(): void;
  setCoverOpen(open: boolean): void;
  setOffline(offline?: boolean): void;
  setCutterError(error: boolean): void;
  /** Stops answering, as a printer switched off; replug() brings it back. */
  unplug(): void;
  replug(): void;
  close(): Promise<void>;
}

export async function startPrinterSimulator(options: PrinterSimulatorOptions): Promise<PrinterSimulator> {
  const o: PrinterSimulatorOptions = { ...(options.family ? SIM_FAMILIES[options.family] : {}), ...options };
  const baud = o.baudRate ?? 115200;
  const dots = PROFILES[o.paperWidth ?? '80mm'].dots;
  const speed = o.speedMmPerSec ?? 200;
  mkdirSync(o.outDir, { recursive: true });
  // Loading the CJK font takes a while: at start, not in the middle of the first ticket's replies.
  if (o.render !== false) ensureCjkFont();
  const port = await openPort(o.path, baud);
  const state = new PrinterState();
  const interp = new EscPosInterpreter({ codePage: o.codePage, qrCommand: o.qrCommand });
  const events = new EventEmitter<{ ticket: [PrintedTicket] }>();
  const tickets: PrintedTicket[] = [];
  const runId = Date.now().toString(36);
  let ready = Buffer.alloc(0);
  const future: Array<{ bytes: Buffer; at: number }> = [];
  let wireClock = 0;
  let printClock = 0;
  let carry = Buffer.alloc(0);
  let plugged = true;
  let closed = false;

  const reply = (bytes: number | number[], at: number) => {
    const out = Buffer.from(typeof bytes === 'number' ? [bytes] : bytes);
    void sleepUntil(at + wireMs(out.length, baud)).then(
      () => !closed && plugged && port.isOpen && port.write(out),
    );
  };

  port.on('data', (chunk: Buffer) => {
    if (!plugged || closed) return;
    const now = performance.now();
    const start = Math.max(wireClock, now);
    wireClock = start + wireMs(chunk.length, baud);
    const raw = Buffer.concat([carry, chunk]);
    carry = Buffer.alloc(0);
    const keep: number[] = [];
    // DLE EOT n is executed on receipt, ahead of buffered data (hardware.md 2.5).
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === 0x10 && (raw.length - i < 2 || (raw[i + 1] === 0x04 && raw.length - i < 3))) {
        carry = Buffer.from(raw.subarray(i));
        break;
      }
      if (raw[i] === 0x10 && raw[i + 1] === 0x04) {
        reply(state.realtime(raw[i + 2]!), start + wireMs(i + 3, baud));
        i += 2;
      } else keep.push(raw[i]!);
    }
    for (let off = 0; off < keep.length; off += 64) {
      const bytes = Buffer.from(keep.slice(off, off + 64));
      future.push({ bytes, at: start + wireMs(off + bytes.length, baud) });
    }
    state.wake();
  });

  function save(ticket: Ticket): void {
    const seq = tickets.length + 1;
    const base = join(o.outDir, `ticket-${runId}-${String(seq).padStart(4, '0')}`);
    const text = transcript(ticket);
    writeFileSync(`${base}.txt`, text);
    let pngPath: string | undefined;
    if (o.render !== false) {
      pngPath = `${base}.png`;
      writeFileSync(pngPath, renderTicket(ticket, dots));
    }
    const printed: PrintedTicket = { seq, transcript: text, transcriptPath: `${base}.txt`, pngPath, ticket };
    tickets.push(printed);
    events.emit('ticket', printed);
  }

  async function pump(): Promise<void> {
    // Runs until close(); every pass consumes bytes or waits for data, time or a state change.
    while (!closed) {
      while (future.length > 0 && future[0]!.at <= performance.now())
        ready = Buffer.concat([ready, future.shift()!.bytes]);
      if (!state.canPrint || !plugged) {
        printClock = 0;
        await state.changed(1000);
        continue;
      }
      const { used, effects } = interp.step(ready);
      if (used === 0) {
        printClock = 0;
        if (future.length > 0) await sleepUntil(future[0]!.at);
        else await state.changed(1000);
        continue;
      }
      ready = ready.subarray(used);
      state.consumed(used);
      for (const fx of effects) {
        if (fx.kind === 'printed' && speed > 0) {
          // On an absolute clock from when printing (re)started, so timer lateness on a loaded
          // machine does not add up line by line; an idle printer (waiting for bytes) restarts it.
          printClock = (printClock || performance.now()) + (fx.dots / 8 / speed) * 1000;
          await sleepUntil(printClock);
        } else if (fx.kind === 'transmitStatus') {
          if (o.transmitStatus !== false) reply(state.transmitStatus(), performance.now());
        } else if (fx.kind === 'info') {
          // GS I 66 maker, 67 model: `5F text 00` (Epson ESC/POS); other n are not simulated.
          const text = fx.n === 66 ? o.identity?.maker : fx.n === 67 ? o.identity?.model : undefined;
          if (text) reply([0x5f, ...Buffer.from(text, 'latin1'), 0x00], performance.now());
        } else if (fx.kind === 'asb') {
          // GS a n (n ≠ 0) with ASB: the first status block goes out at once (hardware.md 2.6).
          if (o.asb !== false && fx.n !== 0) reply(state.asbBlock(), performance.now());
        } else if (fx.kind === 'ticket') save(fx.ticket);
      }
    }
  }
  const pumping = pump();

  return {
    path: o.path,
    tickets,
    events,
    nextTicket(timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('ticket', on);
          reject(new Error(`no ticket within ${timeoutMs} ms`));
        }, timeoutMs);
        const on = (t: PrintedTicket) => {
          clearTimeout(timer);
          resolve(t);
        };
        events.once('ticket', on);
      });
    },
    setPaper: (p) => state.set({ paper: p }),
    paperOutAfterBytes: (n) => state.set({ paperLeftBytes: n }),
    openCover: () => state.set({ coverOpen: true }),
    closeCover: () => state.set({ coverOpen: false }),
    setCoverOpen: (open) => state.set({ coverOpen: open }),
    setOffline: (offline = true) => state.set({ offline }),
    setCutterError: (cutterError) => state.set({ cutterError }),
    unplug: () => {
      plugged = false;
    },
    replug: () => {
      plugged = true;
      state.wake();
    },
    async close() {
      closed = true;
      state.wake();
      await pumping;
      await closePort(port);
    },
  };
}
