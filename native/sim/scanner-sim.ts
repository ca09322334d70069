import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { SerialPort } from 'serialport';
import { createPtyPair, type PtyPair } from '../pty/socat-pair';
import { bytesOfSpec, terminatorsOf, type TerminatorSpec } from '../scanner/line-decoder';
import { closePort, openPort } from '../serial';
import { pacedWrite } from './wire';

// A serial barcode/QR scanner on the device side of a port: each scan is the text, in UTF-8 or
// GB18030, between the configured prefix and suffix, then the terminator, paced at the wire time of the
// baud rate after a short decode time. With its own PTY pair (`pty`), unplug removes the kiosk-side
// device as a pulled USB cable does (the kiosk's port closes, the path disappears) and replug brings
// it back under the same path; on a given port (`path`) unplug can only fall silent.

export interface ScannerSimulatorOptions {
  /** Device-side port to write on (a real port wired to a kiosk, or the device end of a PTY pair). */
  path?: string;
  /** Or own a socat PTY pair, so unplug/replug are real; `kioskPath` is then the port to open. */
  pty?: { dir?: string; name?: string };
  /** Default 9600 (most serial scanners' factory setting). */
  baudRate?: number;
  /** What ends a scan; `auto` is not a thing a scanner sends, so `cr` is the default. */
  terminator?: Exclude<TerminatorSpec, 'auto'>;
  /** Text or `hex:02` sent before each scan. */
  prefix?: string;
  suffix?: string;
  encoding?: 'utf8' | 'gb18030';
  /** Time from the trigger to the first byte (the scanner decoding the image), default 30 ms. */
  decodeMs?: number;
}

export interface ScannerSimulator {
  /** The device side written to. */
  readonly path: string;
  /** With `pty`: the kiosk side to open; null when the simulator was given a port. */
  readonly kioskPath: string | null;
  readonly plugged: boolean;
  readonly baudRate: number;
  /** Sends one scan; resolves when its last byte is written. Rejects while unplugged. */
  scan(text: string): Promise<void>;
  /** Sends bytes as they are (garbage, a line without terminator, …). */
  sendRaw(bytes: Uint8Array): Promise<void>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function startScannerSimulator(o: ScannerSimulatorOptions): Promise<ScannerSimulator> {
  if (!o.path === !o.pty) throw new Error('give the scanner simulator either a path or pty');
  const baud = o.baudRate ?? 9600;
  const terminator = terminatorsOf(o.terminator ?? 'cr')[0]!;
  const prefix = bytesOfSpec(o.prefix ?? '');
  const suffix = bytesOfSpec(o.suffix ?? '');
  const encoding = o.encoding ?? 'utf8';
  const decodeMs = o.decodeMs ?? 30;
  const ownDir = o.pty && o.pty.dir === undefined;
  const dir = o.pty ? (o.pty.dir ?? mkdtempSync(join(tmpdir(), 'doorstep-scanner-'))) : '';
  const name = o.pty?.name ?? 'scanner';

  let pair: PtyPair | undefined;
  let port: SerialPort | undefined;
  let plugged = false;
  let closed = false;
  // One operation at a time, in the order asked (scans, unplug, replug), as with a real device.
  let ops: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = ops.then(fn);
    ops = run.catch(() => undefined);
    return run;
  };

  const plugIn = async () => {
    if (o.pty) pair = await createPtyPair({ dir, name });
    port = await openPort(pair ? pair.devicePath : o.path!, baud);
    plugged = true;
  };
  const pullOut = async () => {
    plugged = false;
    const p = port;
    port = undefined;
    await closePort(p);
    await pair?.close();
    pair = undefined;
  };
  await plugIn();

  const write = (bytes: Buffer): Promise<void> =>
    serial(async () => {
      if (closed) throw new Error('the scanner simulator is closed');
      if (!plugged || !port) throw new Error('the scanner is unplugged');
      await pacedWrite(port, bytes, baud, performance.now() + decodeMs);
    });

  return {
    path: o.pty ? join(dir, `${name}-device`) : o.path!,
    kioskPath: o.pty ? join(dir, `${name}-kiosk`) : null,
    get plugged() {
      return plugged;
    },
    baudRate: baud,
    scan(text) {
      const body = encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
      return write(Buffer.concat([prefix, body, suffix, terminator]));
    },
    sendRaw(bytes) {
      return write(Buffer.from(bytes));
    },
    unplug: () =>
      serial(async () => {
        if (!plugged) return;
        // On a port we do not own, the other end cannot tell: the scanner just stops sending.
        if (o.pty) await pullOut();
        else plugged = false;
      }),
    replug: () =>
      serial(async () => {
        if (plugged || closed) return;
        if (o.pty) await plugIn();
        else plugged = true;
      }),
    close: () =>
      serial(async () => {
        if (closed) return;
        closed = true;
        await pullOut();
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      }),
  };
}
