import { readdirSync } from 'node:fs';
import type { SerialPort } from 'serialport';
import type { DetectedDevice } from '../contract/device';
import { FrameDecoder, samCommand, toReply } from './idcard/frame';
import { cmd } from './printer/escpos';
import { isRealtimeReply } from './printer/status';
import { closePort, openPort } from './serial';

// Auto-detect: which candidate port (and baud) has the ID card reader and which the printer, found
// by asking each its status. The printer question goes first: DLE EOT 1 is 3 bytes a SAM module
// ignores (no preamble), while a SAM frame sent to a printer would be printed as text.

export interface DetectOptions {
  ports?: string[];
  bauds?: number[];
  /** Time to wait for an answer to each question. */
  answerMs?: number;
  /** Ports to skip (e.g. already in use by the kiosk). */
  exclude?: string[];
}

/** /dev/ttyUSB*, /dev/ttyACM*, /dev/ttyS* as they exist on this machine. */
export function defaultCandidatePorts(): string[] {
  try {
    return readdirSync('/dev')
      .filter((n) => /^tty(USB|ACM|S)\d+$/.test(n))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((n) => `/dev/${n}`);
  } catch {
    return [];
  }
}

function ask(
  port: SerialPort,
  bytes: Buffer,
  accept: (chunk: Buffer) => boolean,
  ms: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      if (!accept(chunk)) return;
      clearTimeout(timer);
      port.off('data', onData);
      resolve(true);
    };
    const timer = setTimeout(() => {
      port.off('data', onData);
      resolve(false);
    }, ms);
    port.on('data', onData);
    port.write(bytes);
  });
}

async function probe(path: string, baudRate: number, ms: number): Promise<DetectedDevice | null> {
  let port: SerialPort | undefined;
  try {
    port = await openPort(path, baudRate);
    // Drop bytes left in the OS buffer (a late answer to an earlier question must not count now).
    await new Promise<void>((resolve) => port!.flush(() => resolve()));
    // hardware.md 2.5: a DLE EOT 1 reply is one byte 0xx1xx10.
    if (await ask(port, Buffer.from(cmd.status(1)), (c) => [...c].some(isRealtimeReply), ms)) {
      return { kind: 'ticket_printer', path, baudRate };
    }
    // hardware.md 1.3: SAM status 11 FF; any valid reply frame means a SAM module.
    const decoder = new FrameDecoder();
    const isSam = (c: Buffer) => decoder.push(c).some((f) => toReply(f) !== null);
    if (await ask(port, samCommand(0x11, 0xff), isSam, ms)) return { kind: 'idcard_reader', path, baudRate };
    return null;
  } catch {
    return null; // a port we cannot open is simply not a candidate
  } finally {
    await closePort(port);
  }
}

/** Probes each port at each baud until both devices are found; every port is tried at most once per baud. */
export async function detectDevices(o: DetectOptions = {}): Promise<DetectedDevice[]> {
  const ports = (o.ports ?? defaultCandidatePorts()).filter((p) => !o.exclude?.includes(p));
  const bauds = o.bauds ?? [115200, 9600, 57600, 38400, 19200];
  const found: DetectedDevice[] = [];
  for (const path of ports) {
    for (const baud of bauds) {
      const hit = await probe(path, baud, o.answerMs ?? 500);
      if (hit) {
        found.push(hit);
        break;
      }
    }
    if (found.some((f) => f.kind === 'idcard_reader') && found.some((f) => f.kind === 'ticket_printer'))
      break;
  }
  return found;
}
