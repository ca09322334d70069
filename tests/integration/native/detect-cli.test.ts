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
      usbPrinters: [],
    });
    expect(found).toMatchObject([
      { kind: 'idcard_reader', path: readerPty.kioskPath, baudRate: 115200 },
      {
        kind: 'ticket_printer',
        path: printerPty.kioskPath,
        baudRate: 115200,
        transport: 'serial',
        capabilities: { transmitStatus: true, completion: 'transmit_status' },
        profile: { family: 'gb18030-80', source: 'default' },
      },
    ]);
    expect(printer.tickets).toHaveLength(0);
  });

  it('detect, status, print-test and read-card (masked unless --reveal) from the command line', async () => {
    const detect = await device([
      'detect',
      '--ports',
      `${printerPty.kioskPath},${readerPty.kioskPath}`,
      '--usb-printers',
      '',
    ]);
    expect(detect.code).toBe(0);
    expect(detect.out).toContain(`ticket printer: ${printerPty.kioskPath} at 115200 baud`);
    expect(detect.out).toContain('  answers: serial, two-way, DLE EOT 1,2,3,4, GS r 1, ASB;');
    expect(detect.out).toContain('  profile: gb18030-80 (default): 80mm, GB18030, QR by GS ( k');
    expect(detect.out).toContain(`ID card reader: ${readerPty.kioskPath}`);

    const status = await device(['status', '--port', printerPty.kioskPath]);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^ready: online, paper ok, cover closed\nanswers: serial, two-way/);

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

describe('the device command line with a printer without GS r 1 and a reader at 9600 baud', () => {
  it('detects both and prints the test ticket, confirmed by DLE EOT (exit 0, not a timeout)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-detect-nogsr-'));
    const readerPty = await createPtyPair();
    const printerPty = await createPtyPair();
    const reader = await startIdCardSimulator({ path: readerPty.devicePath, baudRate: 9600, readTimeMs: 10 });
    const printer = await startPrinterSimulator({
      path: printerPty.devicePath,
      outDir: dir,
      family: 'gbk-80',
      speedMmPerSec: 0,
      render: false,
    });
    try {
      const found = await detectDevices({
        ports: [readerPty.kioskPath, printerPty.kioskPath],
        // A PTY carries any baud, so this shows the 9600 setting and the simulator's 9600 pacing work
        // together; which baud a real USB-serial bridge needs is found by trying each in turn.
        bauds: [9600],
        usbPrinters: [],
        answerMs: 300,
      });
      expect(found).toMatchObject([
        { kind: 'idcard_reader', path: readerPty.kioskPath, baudRate: 9600 },
        {
          kind: 'ticket_printer',
          capabilities: { transmitStatus: false, asb: true, maker: 'Gprinter', completion: 'realtime_poll' },
          profile: { family: 'gbk-80', codePage: 'gbk', source: 'detected' },
        },
      ]);
      const ticket = printer.nextTicket();
      const test = await device(['print-test', '--port', printerPty.kioskPath]);
      expect(test.err).toBe('');
      expect(test).toMatchObject({ code: 0 });
      expect(test.out).toContain('printed test ticket (80mm, gbk-80; confirmed by DLE EOT)');
      expect((await ticket).ticket.fourByteSequences).toBeUndefined();
    } finally {
      await reader.close();
      await printer.close();
      await readerPty.close();
      await printerPty.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
