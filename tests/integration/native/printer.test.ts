import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILES } from '../../../native/printer/layout';
import { queueTicket, testTicket, type QueueTicketData } from '../../../native/printer/layouts';
import { TicketPrinter } from '../../../native/printer/printer';
import { createPtyPair, type PtyPair } from '../../../native/pty/socat-pair';
import { startPrinterSimulator, type PrinterSimulator } from '../../../native/sim/printer-sim';

// The real printer driver through a real socat PTY pair to the ESC/POS printer simulator.

const TICKET: QueueTicketData = {
  centre: { zh: '花木街道社区事务受理服务中心', en: 'Huamu Community Affairs Centre' },
  station: { zh: '牡丹居委家门口服务站', en: 'Mudan Doorstep Station' },
  number: 'V012',
  service: { zh: '居住证办理', en: 'Residence permit' },
  channel: 'video',
  waitingAhead: 3,
  issuedAt: '2026-11-21T02:05:00Z',
  statusUrl: 'https://doorstep.example/t/8f3a2c',
};

function decodeQr(pngPath: string): string | null {
  const png = PNG.sync.read(readFileSync(pngPath));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

describe('ticket printer driver against the simulator on a PTY', () => {
  let dir: string;
  let pair: PtyPair;
  let sim: PrinterSimulator;
  let printer: TicketPrinter;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-printer-'));
    pair = await createPtyPair();
    sim = await startPrinterSimulator({ path: pair.devicePath, outDir: join(dir, 'out'), speedMmPerSec: 0 });
    // statusTimeoutMs: the simulator renders PNGs in this process, which a loaded machine may stall.
    printer = new TicketPrinter({
      path: pair.kioskPath,
      queueFile: join(dir, 'jobs.json'),
      pollMs: 50,
      statusTimeoutMs: 3000,
    });
    await printer.open();
  });
  afterEach(async () => {
    await printer.close();
    await sim.close();
    await pair.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a queue ticket: the number, Chinese text, and a QR code that scans to the status URL', async () => {
    const paper = sim.nextTicket();
    const result = await printer.print({ id: 'ticket-1', bytes: queueTicket(TICKET) });
    expect(result).toEqual({ printed: true, jobId: 'ticket-1', evidence: 'transmit_status' });
    const t = await paper;
    expect(t.transcript).toContain('V012');
    expect(t.transcript).toContain('花木街道社区事务受理服务中心');
    expect(t.transcript).toContain('居住证办理');
    expect(t.transcript).toContain('前面还有 3 人 3 ahead of you');
    expect(t.transcript).toContain('2026-11-21 10:05'); // issued time shown in China time
    expect(t.transcript).toContain(`[QR M ${TICKET.statusUrl}]`);
    expect(decodeQr(t.pngPath!)).toBe(TICKET.statusUrl);
  });

  it('prints on 58 mm paper within its 32 columns', async () => {
    const paper = sim.nextTicket();
    expect((await printer.print({ bytes: queueTicket(TICKET, PROFILES['58mm']) })).printed).toBe(true);
    const lines = (await paper).ticket.elements.flatMap((e) => (e.kind === 'text' ? [e] : []));
    for (const l of lines) {
      const cols = [...l.text].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1), 0);
      expect(cols * l.width, l.text).toBeLessThanOrEqual(32);
    }
  });

  it('prints a job at most once, and again only when a person asks for a reprint', async () => {
    const bytes = testTicket();
    expect((await printer.print({ id: 'job-7', bytes })).printed).toBe(true);
    const again = await printer.print({ id: 'job-7', bytes });
    expect(again).toEqual({ printed: true, jobId: 'job-7', alreadyPrinted: true });
    expect(sim.tickets).toHaveLength(1);
    const paper = sim.nextTicket();
    expect(await printer.reprint('job-7')).toMatchObject({ printed: true, jobId: 'job-7' });
    await paper;
    expect(sim.tickets).toHaveLength(2);
    expect(await printer.reprint('nope')).toMatchObject({ printed: false, reason: 'PRINT_JOB_UNKNOWN' });
  });

  it('refuses to start a job when the paper is out, and says why', async () => {
    sim.setPaper('out');
    const r = await printer.print({ id: 'j1', bytes: testTicket() });
    expect(r).toMatchObject({ printed: false, reason: 'DEVICE_PAPER_OUT', partial: false });
    expect(sim.tickets).toHaveLength(0);
    expect((await printer.status()).paper).toBe('out');
    sim.setPaper('ok');
    expect((await printer.print({ id: 'j1', bytes: testTicket() })).printed).toBe(true);
  });

  it('reports a failure when the paper runs out in the middle of a job, and reprints after a new roll', async () => {
    sim.paperOutAfterBytes(300);
    const r = await printer.print({ id: 'mid', bytes: queueTicket(TICKET) });
    expect(r).toMatchObject({ printed: false, reason: 'DEVICE_PAPER_OUT', partial: true });
    expect(printer.jobs().find((j) => j.id === 'mid')?.state).toBe('failed');
    sim.setPaper('ok'); // the half-printed ticket finishes first, as a real printer resumes its buffer
    await sim.nextTicket();
    const paper = sim.nextTicket();
    expect((await printer.reprint('mid')).printed).toBe(true);
    expect((await paper).transcript).toContain('V012');
  });

  it('refuses with the cover open or offline, warns when the paper is near its end', async () => {
    sim.openCover();
    expect(await printer.print({ bytes: testTicket() })).toMatchObject({ reason: 'DEVICE_COVER_OPEN' });
    sim.closeCover();
    sim.setOffline();
    expect(await printer.print({ bytes: testTicket() })).toMatchObject({ reason: 'DEVICE_OFFLINE' });
    sim.setOffline(false);
    sim.setPaper('near_end');
    const r = await printer.print({ bytes: testTicket() });
    expect(r).toMatchObject({ printed: true, warning: 'DEVICE_PAPER_NEAR_END' });
    expect(await printer.status()).toMatchObject({ ready: true, paper: 'near_end' });
  });

  it('reports a timeout when the printer stops answering, and prints again once it answers', async () => {
    sim.unplug();
    expect(await printer.print({ bytes: testTicket() })).toMatchObject({
      printed: false,
      reason: 'DEVICE_TIMEOUT',
    });
    sim.replug();
    expect((await printer.print({ bytes: testTicket() })).printed).toBe(true);
  });

  it('keeps the job queue across a restart of the driver', async () => {
    await printer.print({ id: 'persist-1', bytes: testTicket() });
    await printer.close();
    printer = new TicketPrinter({ path: pair.kioskPath, queueFile: join(dir, 'jobs.json') });
    expect(await printer.print({ id: 'persist-1', bytes: testTicket() })).toMatchObject({
      alreadyPrinted: true,
    });
    expect(printer.jobs().map((j) => [j.id, j.state])).toEqual([['persist-1', 'printed']]);
  });
});

describe('ticket printer: a real unplug and replug of the serial device', () => {
  it('reports the lost printer, then prints again on the same path once it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-printer-replug-'));
    let pair = await createPtyPair({ dir, name: 'prn' });
    let sim = await startPrinterSimulator({
      path: pair.devicePath,
      outDir: join(dir, 'out'),
      speedMmPerSec: 0,
    });
    const printer = new TicketPrinter({
      path: pair.kioskPath,
      queueFile: join(dir, 'jobs.json'),
      pollMs: 50,
    });
    try {
      await printer.open();
      expect((await printer.print({ bytes: testTicket() })).printed).toBe(true);
      await sim.close();
      await pair.close();
      const lost = await printer.print({ id: 'while-gone', bytes: testTicket() });
      expect(lost).toMatchObject({ printed: false, partial: false });
      expect(['DEVICE_NOT_FOUND', 'DEVICE_DISCONNECTED', 'DEVICE_TIMEOUT']).toContain(
        lost.printed ? '' : lost.reason,
      );
      pair = await createPtyPair({ dir, name: 'prn' });
      sim = await startPrinterSimulator({
        path: pair.devicePath,
        outDir: join(dir, 'out'),
        speedMmPerSec: 0,
      });
      const paper = sim.nextTicket();
      expect(await printer.print({ id: 'while-gone', bytes: testTicket() })).toMatchObject({
        printed: true,
        jobId: 'while-gone',
      });
      expect((await paper).transcript).toContain('打印测试');
    } finally {
      await printer.close();
      await sim.close();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ticket printer at 9600 baud', () => {
  it('prints back-to-back tickets whose bytes take longer on the wire than the status time limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-printer-9600-'));
    const pair = await createPtyPair();
    const sim = await startPrinterSimulator({
      path: pair.devicePath,
      outDir: dir,
      baudRate: 9600,
      render: false,
    });
    const printer = new TicketPrinter({
      path: pair.kioskPath,
      baudRate: 9600,
      queueFile: join(dir, 'jobs.json'),
      statusTimeoutMs: 500,
      pollMs: 50,
    });
    try {
      const bytes = queueTicket(TICKET); // ~1000 bytes ≈ 1.05 s at 9600 8N1
      for (let i = 0; i < 2; i++) expect((await printer.print({ bytes })).printed).toBe(true);
      expect(sim.tickets).toHaveLength(2);
    } finally {
      await printer.close();
      await sim.close();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
