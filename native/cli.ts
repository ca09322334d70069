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
import { PROFILES } from './printer/layout';
import { testTicket } from './printer/layouts';
import { TicketPrinter } from './printer/printer';
import { describeStatus } from './printer/status';

const USAGE = `Usage: npm run device -- <command> [options]

Commands:
  detect [--ports a,b] [--bauds 115200,9600]   probe serial ports, print which has the reader / printer
  read-card --port PATH [--baud N] [--reveal] [--timeout S]
                                               wait for a card, print the record as JSON
                                               (name and ID number masked unless --reveal)
  status --port PATH [--baud N]                printer status in words
  print-test --port PATH [--baud N] [--profile 58mm|80mm]
                                               print a test ticket (Chinese text and a QR code)

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
        profile: { type: 'string', default: '80mm' },
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

async function withPrinter<T>(
  port: string,
  baudRate: number,
  fn: (p: TicketPrinter) => Promise<T>,
): Promise<T> {
  // The technician's test jobs are not the kiosk's: a throwaway queue file.
  const queueFile = join(mkdtempSync(join(tmpdir(), 'doorstep-device-')), 'jobs.json');
  const printer = new TicketPrinter({ path: port, baudRate, queueFile });
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
  if (command === 'detect') {
    const ports = values.ports ? values.ports.split(',').filter(Boolean) : defaultCandidatePorts();
    const bauds = values.bauds ? values.bauds.split(',').map((b) => positiveInt(b, '--bauds')) : undefined;
    console.error(`probing ${ports.length} port(s): ${ports.join(', ') || '(none found)'}`);
    const found = await detectDevices({ ports, bauds });
    for (const d of found)
      console.log(
        `${d.kind === 'idcard_reader' ? 'ID card reader' : 'ticket printer'}: ${d.path} at ${d.baudRate} baud`,
      );
    if (!found.some((d) => d.kind === 'idcard_reader')) console.log('ID card reader: not found');
    if (!found.some((d) => d.kind === 'ticket_printer')) console.log('ticket printer: not found');
    if (found.length === 0)
      throw new DeviceError('DEVICE_NOT_FOUND', 'no device answered on any candidate port');
  } else if (command === 'read-card') {
    await readCard(needPort(), baud, values.reveal!, positiveInt(values.timeout!, '--timeout'));
  } else if (command === 'status') {
    const s = await withPrinter(needPort(), baud, (p) => p.status());
    console.log(describeStatus(s));
  } else if (command === 'print-test') {
    const profile = values.profile;
    if (profile !== '58mm' && profile !== '80mm') throw new Usage('--profile is 58mm or 80mm');
    const result = await withPrinter(needPort(), baud, (p) =>
      p.print({ kind: 'test', bytes: testTicket(PROFILES[profile]) }),
    );
    if (!result.printed) throw new DeviceError(result.reason, result.detail);
    console.log(`printed test ticket (${profile})${result.warning ? `; warning: ${result.warning}` : ''}`);
  } else {
    throw new Usage(`unknown command "${command}"`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => fail(err),
);
