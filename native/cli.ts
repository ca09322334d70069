#!/usr/bin/env node
// npm run device -- <command>: the technician's command line for the serial devices.
// Exit codes: 0 done, 1 device error (the message says what to check), 2 usage.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { IdCardRecord } from '../contract/idcard';
import { defaultCandidatePorts, detectDevices } from './detect';
import { DeviceError } from './errors';
import { IdCardReader } from './idcard/reader';
import { maskedRecord } from './log';
import { testTicket } from './printer/layouts';
import { TicketPrinter } from './printer/printer';
import {
  FAMILIES,
  describeCapabilities,
  describeProfile,
  layoutProfile,
  type ProfileFields,
} from './printer/profile';
import { describeStatus } from './printer/status';
import { usbPrinterByVidPid } from './usblp';

const USAGE = `Usage: npm run device -- <command> [options]

Commands:
  detect [--ports a,b] [--bauds 115200,9600] [--usb-printers /dev/usb/lp0,...]
                                               probe serial ports and USB printer-class devices; print
                                               which has the reader / printer, what the printer answers
                                               and the profile chosen from it
  read-card --port PATH [--baud N] [--reveal] [--timeout S]
                                               wait for a card, print the record as JSON
                                               (name and ID number masked unless --reveal)
  status (--port PATH | --usb VID:PID) [--baud N] [--usblp]
                                               printer status and capabilities in words
  print-test (--port PATH | --usb VID:PID) [--baud N] [--usblp] [--profile 58mm|80mm] [--family F]
                                               print a test ticket (Chinese text and a QR code) with the
                                               detected profile, or the paper width / family given

A path under /dev/usb/ (or --usblp) is a USB printer-class device; --usb finds it by vendor:product id.
Printer families: ${Object.keys(FAMILIES).join(', ')}.

Exit codes: 0 done, 1 device error (the message says what to check), 2 usage.`;

const HINT: Partial<Record<string, string>> = {
  DEVICE_NOT_FOUND:
    'check the port path (ls /dev/ttyUSB* /dev/ttyACM* /dev/ttyS*), the cable, and that no other program holds the port',
  DEVICE_TIMEOUT: 'the device did not answer: check the power, the cable and the baud rate (--baud)',
  DEVICE_DISCONNECTED: 'the port went away: check the USB cable',
  IDCARD_SAM_FAULT: 'the SAM module failed its self-test: power-cycle the reader; if it persists, replace it',
  DEVICE_PAPER_OUT: 'load a new paper roll',
  DEVICE_COVER_OPEN: 'close the printer cover',
  DEVICE_OFFLINE: 'the printer is offline: check the cover, paper and its online button',
  PRINT_UNCONFIRMED:
    'the printer cannot report back (write-only port): look at the ticket; prefer a two-way USB or serial connection',
};

class Usage extends Error {}

function fail(err: unknown): never {
  if (err instanceof Usage) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const e =
    err instanceof DeviceError
      ? err
      : new DeviceError('DEVICE_BAD_REPLY', String((err as Error).message ?? err));
  console.error(`error ${e.code}: ${e.message}`);
  const hint = HINT[e.code];
  if (hint) console.error(`check: ${hint}`);
  process.exit(1);
}

function args(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        baud: { type: 'string', default: '115200' },
        ports: { type: 'string' },
        bauds: { type: 'string' },
        profile: { type: 'string' },
        family: { type: 'string' },
        usb: { type: 'string' },
        usblp: { type: 'boolean', default: false },
        'usb-printers': { type: 'string' },
        reveal: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '60' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new Usage((err as Error).message);
  }
}

const positiveInt = (s: string, what: string) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new Usage(`${what} must be a positive whole number`);
  return n;
};

async function readCard(port: string, baudRate: number, reveal: boolean, timeoutS: number): Promise<void> {
  const reader = new IdCardReader({ path: port, baudRate });
  await reader.open();
  console.error(`reader ready on ${port}; place a card (waiting up to ${timeoutS} s)`);
  try {
    const rec = await new Promise<IdCardRecord>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new DeviceError('DEVICE_TIMEOUT', `no card within ${timeoutS} s`)),
        timeoutS * 1000,
      );
      reader.once('card', (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    const { photoWlt, ...rest } = rec;
    const shown = reveal
      ? { ...rest, photoWlt: photoWlt ? `(${Buffer.from(photoWlt, 'base64').length} bytes WLT)` : undefined }
      : maskedRecord(rec);
    console.log(JSON.stringify(shown, null, 2));
  } finally {
    await reader.close();
  }
}

interface PrinterTarget {
  path: string;
  baudRate: number;
  usblp: boolean;
  profile?: Partial<ProfileFields>;
}

async function withPrinter<T>(t: PrinterTarget, fn: (p: TicketPrinter) => Promise<T>): Promise<T> {
  // The technician's test jobs are not the kiosk's: a throwaway queue file.
  const queueFile = join(mkdtempSync(join(tmpdir(), 'doorstep-device-')), 'jobs.json');
  const printer = new TicketPrinter({
    path: t.path,
    baudRate: t.baudRate,
    queueFile,
    transport: t.usblp ? 'usblp' : 'serial',
    profile: t.profile,
  });
  try {
    await printer.open();
    return await fn(printer);
  } finally {
    await printer.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = args(rest);
  if (!command || command === '--help' || command === 'help' || values.help) {
    console.log(USAGE);
    return;
  }
  const baud = positiveInt(values.baud!, '--baud');
  const needPort = () => {
    if (!values.port) throw new Usage(`${command} needs --port PATH`);
    return values.port;
  };
  const printerTarget = (): PrinterTarget => {
    let path = values.port;
    if (values.usb) {
      if (!/^[0-9a-f]{4}:[0-9a-f]{4}$/i.test(values.usb))
        throw new Usage('--usb is VID:PID in hex, e.g. 0519:2013');
      path = usbPrinterByVidPid(values.usb) ?? undefined;
      if (!path) throw new DeviceError('DEVICE_NOT_FOUND', `no USB printer ${values.usb} is plugged in`);
    }
    if (!path) throw new Usage(`${command} needs --port PATH or --usb VID:PID`);
    const profile: Partial<ProfileFields> = {};
    if (values.family !== undefined) {
      if (!FAMILIES[values.family]) throw new Usage(`--family is one of ${Object.keys(FAMILIES).join(', ')}`);
      profile.family = values.family;
    }
    if (values.profile !== undefined) {
      if (values.profile !== '58mm' && values.profile !== '80mm')
        throw new Usage('--profile is 58mm or 80mm');
      profile.paperWidth = values.profile;
    }
    return { path, baudRate: baud, usblp: values.usblp! || path.startsWith('/dev/usb/'), profile };
  };
  if (command === 'detect') {
    const ports = values.ports ? values.ports.split(',').filter(Boolean) : defaultCandidatePorts();
    const bauds = values.bauds ? values.bauds.split(',').map((b) => positiveInt(b, '--bauds')) : undefined;
    const usbPrinters = values['usb-printers']?.split(',').filter(Boolean);
    console.error(`probing ${ports.length} port(s): ${ports.join(', ') || '(none found)'}`);
    const found = await detectDevices({ ports, bauds, usbPrinters });
    for (const d of found) {
      if (d.kind === 'idcard_reader') console.log(`ID card reader: ${d.path} at ${d.baudRate} baud`);
      else if (d.transport === 'usblp') console.log(`ticket printer: ${d.path} (USB printer class)`);
      else console.log(`ticket printer: ${d.path} at ${d.baudRate} baud`);
      if (d.capabilities) console.log(`  answers: ${describeCapabilities(d.capabilities)}`);
      if (d.profile) console.log(`  profile: ${describeProfile(d.profile)}`);
    }
    if (!found.some((d) => d.kind === 'idcard_reader')) console.log('ID card reader: not found');
    if (!found.some((d) => d.kind === 'ticket_printer')) console.log('ticket printer: not found');
    if (found.length === 0)
      throw new DeviceError('DEVICE_NOT_FOUND', 'no device answered on any candidate port');
  } else if (command === 'read-card') {
    await readCard(needPort(), baud, values.reveal!, positiveInt(values.timeout!, '--timeout'));
  } else if (command === 'status') {
    const { s, caps, profile } = await withPrinter(printerTarget(), async (p) => ({
      caps: p.capabilities,
      profile: p.profile,
      s: p.capabilities?.completion === 'none' ? undefined : await p.status(),
    }));
    console.log(s ? describeStatus(s) : 'status unknown: the printer does not report back');
    if (caps) console.log(`answers: ${describeCapabilities(caps)}`);
    console.log(`profile: ${describeProfile(profile)}`);
  } else if (command === 'print-test') {
    const { result, profile } = await withPrinter(printerTarget(), async (p) => ({
      profile: p.profile,
      result: await p.print({ kind: 'test', bytes: testTicket(layoutProfile(p.profile)) }),
    }));
    if (!result.printed) throw new DeviceError(result.reason, result.detail);
    const how = result.evidence === 'realtime_poll' ? 'confirmed by DLE EOT' : 'confirmed by GS r 1';
    console.log(
      `printed test ticket (${profile.paperWidth}, ${profile.family}; ${how})${result.warning ? `; warning: ${result.warning}` : ''}`,
    );
  } else {
    throw new Usage(`unknown command "${command}"`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => fail(err),
);
