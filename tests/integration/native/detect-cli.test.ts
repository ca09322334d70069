import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDevices } from '../../../native/detect';
import { createPtyPair, type PtyPair } from '../../../native/pty/socat-pair';
import { startIdCardSimulator, type IdCardSimulator } from '../../../native/sim/idcard-sim';
import { startPrinterSimulator, type PrinterSimulator } from '../../../native/sim/printer-sim';

// Auto-detect and the technician command line against both simulators on real PTYs.

function device(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'native/cli.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('auto-detect and the device command line', () => {
  let dir: string;
  let readerPty: PtyPair;
  let printerPty: PtyPair;
  let reader: IdCardSimulator;
  let printer: PrinterSimulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-detect-'));
    readerPty = await createPtyPair();
    printerPty = await createPtyPair();
    reader = await startIdCardSimulator({ path: readerPty.devicePath, readTimeMs: 10 });
    printer = await startPrinterSimulator({ path: printerPty.devicePath, outDir: dir, speedMmPerSec: 0 });
  });
  afterAll(async () => {
    await reader.close();
    await printer.close();
    await readerPty.close();
    await printerPty.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds which port has the reader and which the printer, and prints nothing while asking', async () => {
    const missing = join(dir, 'no-such-port');
    const found = await detectDevices({
      ports: [missing, readerPty.kioskPath, printerPty.kioskPath],
      bauds: [115200],
    });
    expect(found).toEqual([
      { kind: 'idcard_reader', path: readerPty.kioskPath, baudRate: 115200 },
      { kind: 'ticket_printer', path: printerPty.kioskPath, baudRate: 115200 },
    ]);
    expect(printer.tickets).toHaveLength(0);
  });

  it('detect, status, print-test and read-card (masked unless --reveal) from the command line', async () => {
    const detect = await device(['detect', '--ports', `${printerPty.kioskPath},${readerPty.kioskPath}`]);
    expect(detect.code).toBe(0);
    expect(detect.out).toContain(`ticket printer: ${printerPty.kioskPath} at 115200 baud`);
    expect(detect.out).toContain(`ID card reader: ${readerPty.kioskPath}`);

    const status = await device(['status', '--port', printerPty.kioskPath]);
    expect(status).toMatchObject({ code: 0, out: 'ready: online, paper ok, cover closed\n' });

    const ticket = printer.nextTicket();
    const test = await device(['print-test', '--port', printerPty.kioskPath, '--profile', '58mm']);
    expect(test.code).toBe(0);
    expect((await ticket).transcript).toContain('中文打印正常');

    reader.placeCard(0);
    const card = sim0();
    const masked = await device(['read-card', '--port', readerPty.kioskPath, '--timeout', '10']);
    expect(masked.code).toBe(0);
    expect(masked.out).not.toContain(card.idNumber);
    expect(masked.out).not.toContain(card.name);
    expect(JSON.parse(masked.out)).toMatchObject({
      cardType: 'resident',
      name: '王**',
      idNumber: `${card.idNumber.slice(0, 6)}********${card.idNumber.slice(-4)}`,
    });
    const revealed = await device([
      'read-card',
      '--port',
      readerPty.kioskPath,
      '--reveal',
      '--timeout',
      '10',
    ]);
    expect(JSON.parse(revealed.out)).toMatchObject({ name: card.name, idNumber: card.idNumber });
  });

  it('exit codes: 2 for usage, 1 for a device problem with what to check', async () => {
    expect((await device(['read-card'])).code).toBe(2);
    expect((await device(['frobnicate'])).code).toBe(2);
    expect((await device(['--help'])).code).toBe(0);
    printer.setPaper('out');
    const out = await device(['print-test', '--port', printerPty.kioskPath]);
    printer.setPaper('ok');
    expect(out.code).toBe(1);
    expect(out.err).toContain('DEVICE_PAPER_OUT');
    expect(out.err).toContain('check: load a new paper roll');
    const gone = await device(['status', '--port', join(dir, 'ttyUSB9')]);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('check: check the port path');
  });

  function sim0() {
    return reader.cards[0]!.fields;
  }
});
