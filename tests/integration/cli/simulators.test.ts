import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { IdCardRecord } from '../../../contract/idcard';
import { IdCardReader, PROFILES, TicketPrinter, testTicket } from '../../../native';
import { SIM_CARDS } from '../../../native/sim/cards';
import { run, Running } from './run';

// `npm run sim:idcard` and `npm run sim:printer` as a developer uses them: --help, usage errors
// (exit 2), and --pty: the kiosk-side path it prints is a real serial port the kiosk's own drivers
// open, and a command typed on stdin changes what the device answers there.

const dir = mkdtempSync(join(tmpdir(), 'doorstep-sim-cli-'));
let sim: Running | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IDCARD = 'native/sim/idcard-cli.ts';
const PRINTER = 'native/sim/printer-cli.ts';
const cli = (file: string, ...args: string[]) => run(['--import', 'tsx', file, ...args]);

describe('simulator command lines: help and usage', () => {
  it.each([
    [IDCARD, 'npm run sim:idcard', ['place N', 'unplug', '--read-time MS']],
    [PRINTER, 'npm run sim:printer', ['paper ok|near_end|out', '--out DIR', '--paper 58mm|80mm']],
  ])('%s --help', async (file, usage, words) => {
    const r = await cli(file, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: ${usage} -- (--port PATH | --pty)`);
    for (const w of ['--pty', '--port PATH', '--control-port N', ...words]) expect(r.out).toContain(w);
  });

  it.each([
    [IDCARD, ['--baud', '9600'], 'give exactly one of --port PATH or --pty, and a positive --baud'],
    [IDCARD, ['--pty', '--read-time', 'soon'], '--read-time is a number of milliseconds, got "soon"'],
    [PRINTER, ['--pty', '--paper', '60mm'], '--paper is 58mm or 80mm, got "60mm"'],
    [PRINTER, ['--bogus'], "Unknown option '--bogus'"],
  ])('%s %j is a usage error: exit 2, what is wrong, then the usage', async (file, args, message) => {
    const r = await cli(file, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('Usage: npm run sim:');
    expect(r.out).toBe('');
  });
});

describe('simulators on a PTY', () => {
  it('ID card reader: the printed kiosk path reads the card placed from stdin', async () => {
    sim = new Running(['--import', 'tsx', IDCARD, '--pty', '--read-time', '10']);
    const [, kioskPath] = await sim.waitFor(/^kiosk side: (\S+)$/m);
    await sim.waitFor(/^commands \(stdin or control API\):/m);
    expect(existsSync(kioskPath!)).toBe(true);

    sim.write('place 2');
    await sim.waitFor(/^card 2 placed \(.+\)$/m);
    const reader = new IdCardReader({ path: kioskPath!, baudRate: 115200 });
    const card = new Promise<IdCardRecord>((resolve) => reader.once('card', resolve));
    await reader.open();
    try {
      expect((await card).idNumber).toBe(SIM_CARDS[1]!.fields.idNumber);
    } finally {
      await reader.close();
    }

    sim.write('place 99');
    await sim.waitFor(/^error: card number 1-\d+; "cards" lists them$/m);
    sim.write('frobnicate');
    await sim.waitFor(/^error: unknown command "frobnicate"; try "help"$/m);

    expect(await sim.stop()).toBe(0);
    expect(existsSync(kioskPath!)).toBe(false); // the PTY pair is closed with it
  });

  it('printer: "paper out" on stdin is what the kiosk driver sees; a printed ticket is reported', async () => {
    const out = join(dir, 'printed');
    sim = new Running(['--import', 'tsx', PRINTER, '--pty', '--speed', '0', '--out', out]);
    const [, kioskPath] = await sim.waitFor(/^kiosk side: (\S+)$/m);
    await sim.waitFor(/^commands \(stdin or control API\):/m);
    const printer = new TicketPrinter({
      path: kioskPath!,
      baudRate: 115200,
      queueFile: join(dir, 'jobs.json'),
    });
    await printer.open();
    try {
      sim.write('paper out');
      await sim.waitFor(/^paper out$/m);
      expect(await printer.status()).toMatchObject({ paper: 'out', ready: false });
      sim.write('paper ok');
      await sim.waitFor(/^paper ok$/m);
      expect(await printer.status()).toMatchObject({ paper: 'ok', ready: true });
      const result = await printer.print({ kind: 'test', bytes: testTicket(PROFILES['80mm']) });
      expect(result.printed).toBe(true);
    } finally {
      await printer.close();
    }
    const [, ticketFile] = await sim.waitFor(/^ticket 1: (\S+)$/m);
    expect(ticketFile!.startsWith(out)).toBe(true);
    expect(existsSync(ticketFile!)).toBe(true);
    sim.write('tickets');
    await sim.waitFor(/^ {2}1\. \S+$/m);
    expect(await sim.stop()).toBe(0);
  });
});
