import { readdirSync } from 'node:fs';
import type { SerialPort } from 'serialport';
import type { DetectedDevice } from '../contract/device';
import { FrameDecoder, samCommand, toReply } from './idcard/frame';
import { cmd } from './printer/escpos';
import { PrinterLink } from './printer/link';
import { chooseProfile } from './printer/profile';
import { isRealtimeReply } from './printer/status';
import { closePort, openPort, type BytePort } from './serial';
import { openUsbPrinter, usbPrinterPaths } from './usblp';

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
  /** USB printer-class devices to try (default /dev/usb/lp* as they exist). */
  usbPrinters?: string[];
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
      return {
        kind: 'ticket_printer',
        path,
        baudRate,
        transport: 'serial',
        ...(await printerInfo(port, baudRate, ms, 'serial')),
      };
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

/** What the printer answers (issue 17) and the profile that follows from it, asked on the open port. */
async function printerInfo(
  port: BytePort,
  baudRate: number,
  ms: number,
  transport: 'serial' | 'usblp',
  readable = true,
): Promise<Pick<DetectedDevice, 'capabilities' | 'profile'>> {
  const caps = await new PrinterLink(port, baudRate, ms, transport, readable).probe(ms);
  if (transport === 'usblp' && caps.realtime.length === 0 && !caps.transmitStatus) {
    const writeOnly = { ...caps, bidirectional: false, completion: 'none' as const };
    return { capabilities: writeOnly, profile: chooseProfile(writeOnly) };
  }
  return { capabilities: caps, profile: chooseProfile(caps) };
}

/** A USB printer-class device is a printer by its class: probed for what it answers, not for what it is. */
async function probeUsb(path: string, ms: number): Promise<DetectedDevice | null> {
  let port: Awaited<ReturnType<typeof openUsbPrinter>> | undefined;
  try {
    port = await openUsbPrinter(path);
    const info = await printerInfo(port, 1_000_000, ms, 'usblp', port.readable);
    return { kind: 'ticket_printer', path, baudRate: 1_000_000, transport: 'usblp', ...info };
  } catch {
    return null;
  } finally {
    await closePort(port);
  }
}

/** Probes each port at each baud until both devices are found; every port is tried at most once per baud. */
export async function detectDevices(o: DetectOptions = {}): Promise<DetectedDevice[]> {
  const ports = (o.ports ?? defaultCandidatePorts()).filter((p) => !o.exclude?.includes(p));
  const bauds = o.bauds ?? [115200, 9600, 57600, 38400, 19200];
  const found: DetectedDevice[] = [];
  // USB printer-class devices first: they can only be printers, and asking them costs no baud search.
  for (const path of (o.usbPrinters ?? usbPrinterPaths()).filter((p) => !o.exclude?.includes(p))) {
    const hit = await probeUsb(path, o.answerMs ?? 500);
    if (hit) {
      found.push(hit);
      break;
    }
  }
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
