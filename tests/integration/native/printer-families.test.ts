import { constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { setReplacementListener } from '../../../native/printer/escpos';
import { queueTicket, testTicket, type QueueTicketData } from '../../../native/printer/layouts';
import { TicketPrinter, type TicketPrinterOptions } from '../../../native/printer/printer';
import { layoutProfile } from '../../../native/printer/profile';
import { createPtyPair, type PtyPair } from '../../../native/pty/socat-pair';
import { EscPosInterpreter, type Ticket } from '../../../native/sim/escpos-interpreter';
import {
  startPrinterSimulator,
  type PrinterSimulator,
  type PrinterSimulatorOptions,
} from '../../../native/sim/printer-sim';

// Issue 17: the driver against each printer family's behaviour (docs/devices.md matrix), over real
// PTYs: no GS r 1, no ASB, GBK only, raster-only QR, 58 mm, and a USB printer-class device (a PTY
// opened as a character device for two-way, a FIFO for write-only).

const TICKET: QueueTicketData = {
  centre: { zh: '花木街道社区事务受理服务中心', en: 'Huamu Community Affairs Centre' },
  station: { zh: '牡丹居委𠀀家门口服务站', en: 'Mudan Doorstep Station' }, // 𠀀 U+20000: not in GBK
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

interface Rig {
  dir: string;
  pair: PtyPair;
  sim: PrinterSimulator;
  printer: TicketPrinter;
  logs: string[];
}
let rig: Rig | undefined;

async function start(
  sim: Omit<PrinterSimulatorOptions, 'path' | 'outDir'>,
  driver: Partial<TicketPrinterOptions> = {},
): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-family-'));
  const pair = await createPtyPair();
  const s = await startPrinterSimulator({ path: pair.devicePath, outDir: join(dir, 'out'), ...sim });
  const logs: string[] = [];
  const printer = new TicketPrinter({
    path: pair.kioskPath,
    queueFile: join(dir, 'jobs.json'),
    pollMs: 50,
    // The simulator renders PNGs in this process: a loaded machine may stall both for a second.
    statusTimeoutMs: 3000,
    logger: (_l, m) => logs.push(m),
    ...driver,
  });
  rig = { dir, pair, sim: s, printer, logs };
  await printer.open();
  return rig;
}

afterEach(async () => {
  setReplacementListener(undefined);
  if (!rig) return;
  await rig.printer.close();
  await rig.sim.close();
  await rig.pair.close();
  rmSync(rig.dir, { recursive: true, force: true });
  rig = undefined;
});

describe('a printer that answers DLE EOT but not GS r 1', () => {
  it('prints a ticket and reports it printed, from DLE EOT after the computed print time', async () => {
    // The simulator prints at 200 mm/s; the driver's profile assumes a cautious 120 mm/s (the
    // simulator shares this machine's CPU with the test, so it may run a little late).
    const { sim, printer } = await start(
      { family: 'no-gsr', speedMmPerSec: 200, render: false },
      { profile: { speedMmPerSec: 120 } },
    );
    expect(printer.capabilities).toMatchObject({
      realtime: [1, 2, 3, 4],
      transmitStatus: false,
      asb: false,
      completion: 'realtime_poll',
    });
    const r = await printer.print({ id: 't1', bytes: queueTicket(TICKET) });
    expect(r).toEqual({ printed: true, jobId: 't1', evidence: 'realtime_poll' });
    // Reported only once the paper was out of the printer.
    expect(sim.tickets).toHaveLength(1);
    expect(sim.tickets[0]!.transcript).toContain('V012');
  });

  it('refuses a job when the paper is out before it, and catches paper out during it', async () => {
    const { sim, printer } = await start({ family: 'no-gsr', speedMmPerSec: 200, render: false });
    sim.setPaper('out');
    expect(await printer.print({ id: 'before', bytes: queueTicket(TICKET) })).toMatchObject({
      printed: false,
      reason: 'DEVICE_PAPER_OUT',
      partial: false,
    });
    expect(sim.tickets).toHaveLength(0);
    sim.setPaper('ok');
    sim.paperOutAfterBytes(300);
    expect(await printer.print({ id: 'during', bytes: queueTicket(TICKET) })).toMatchObject({
      printed: false,
      reason: 'DEVICE_PAPER_OUT',
      partial: true,
    });
    expect(printer.jobs().find((j) => j.id === 'during')?.state).toBe('failed');
    sim.setPaper('ok');
    await sim.nextTicket(); // the half-printed ticket finishes first
    expect(await printer.reprint('during')).toMatchObject({ printed: true, evidence: 'realtime_poll' });
  });

  it('is probed again after connecting with the paper out, and then uses GS r 1 where answered', async () => {
    const { sim, printer } = await start({ family: 'full', speedMmPerSec: 0, render: false });
    expect(printer.capabilities?.transmitStatus).toBe(true);
    await printer.close();
    sim.setPaper('out');
    await printer.open();
    // Not ready at connect: the in-sequence questions were not asked (they would wait in its buffer).
    expect(printer.capabilities?.transmitStatus).toBe(false);
    sim.setPaper('ok');
    expect(await printer.print({ bytes: testTicket() })).toMatchObject({
      printed: true,
      evidence: 'transmit_status',
    });
    expect(printer.capabilities?.transmitStatus).toBe(true);
  });
});

describe('printer families', () => {
  it('full command set: GS r 1, ASB and GS I answered, profile detected from the maker', async () => {
    const { printer } = await start({ family: 'full', speedMmPerSec: 0, render: false });
    expect(printer.capabilities).toMatchObject({
      transport: 'serial',
      bidirectional: true,
      realtime: [1, 2, 3, 4],
      transmitStatus: true,
      asb: true,
      maker: 'EPSON',
      completion: 'transmit_status',
    });
    expect(printer.profile).toMatchObject({ family: 'gb18030-80', source: 'detected' });
  });

  it('GBK only: the detected profile never sends a 4-byte GB18030 sequence; the character is replaced and logged', async () => {
    const replaced: number[] = [];
    setReplacementListener((cp) => replaced.push(cp));
    const { sim, printer } = await start({ family: 'gbk-80', speedMmPerSec: 0, render: false });
    expect(printer.profile).toMatchObject({ family: 'gbk-80', codePage: 'gbk', source: 'detected' });
    const paper = sim.nextTicket();
    const bytes = queueTicket(TICKET, layoutProfile(printer.profile));
    expect(await printer.print({ bytes })).toMatchObject({ printed: true, evidence: 'realtime_poll' });
    const t = await paper;
    expect(t.ticket.fourByteSequences).toBeUndefined();
    expect(t.transcript).toContain('牡丹居委□家门口服务站');
    expect(replaced).toEqual([0x20000]);
    // The same ticket in GB18030 is what such a printer would have printed as garbage.
    const garbage = sim.nextTicket();
    await printer.print({ bytes: queueTicket(TICKET) });
    expect((await garbage).ticket.fourByteSequences).toBe(1);
  });

  it('58 mm without GS ( k: the technician profile prints the QR as a raster image that scans to the status URL', async () => {
    const { sim, printer } = await start(
      { family: 'basic-58', speedMmPerSec: 0 },
      { profile: { family: 'gbk-raster-58', speedMmPerSec: 400 } },
    );
    expect(printer.capabilities).toMatchObject({ transmitStatus: false, asb: false });
    expect(printer.capabilities?.maker).toBeUndefined();
    expect(printer.profile).toMatchObject({ paperWidth: '58mm', qrMode: 'raster', source: 'technician' });
    const paper = sim.nextTicket();
    const r = await printer.print({ bytes: queueTicket(TICKET, layoutProfile(printer.profile)) });
    expect(r).toMatchObject({ printed: true });
    const t = await paper;
    expect(t.ticket.unknown).toEqual([]);
    expect(t.ticket.cut).toBe('full'); // GS V 0
    expect(t.ticket.elements.some((e) => e.kind === 'image')).toBe(true);
    expect(decodeQr(t.pngPath!)).toBe(TICKET.statusUrl);
    // A GS ( k QR is lost on this printer: the simulator says so.
    const lost = sim.nextTicket();
    await printer.print({ bytes: queueTicket(TICKET) });
    expect((await lost).ticket.unknown).toContain('GS ( k (QR) not supported');
  });
});

/** A FIFO's reading end, non-blocking, as a stream (the test plays the write-only printer). */
async function fifoReader(
  path: string,
): Promise<{ tickets: Ticket[]; close(): void; next(): Promise<Ticket> }> {
  const fh = await open(path, constants.O_RDWR | constants.O_NONBLOCK);
  const sock = new Socket({ fd: fh.fd, readable: true, writable: false });
  const interp = new EscPosInterpreter();
  const tickets: Ticket[] = [];
  let pending = Buffer.alloc(0);
  const waiters: Array<(t: Ticket) => void> = [];
  sock.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    // Bounded: each step consumes bytes or stops.
    for (;;) {
      const { used, effects } = interp.step(pending);
      if (used === 0) break;
      pending = pending.subarray(used);
      for (const fx of effects)
        if (fx.kind === 'ticket') {
          tickets.push(fx.ticket);
          waiters.shift()?.(fx.ticket);
        }
    }
  });
  return {
    tickets,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => sock.destroy(),
  };
}

describe('USB printer class', () => {
  it('two-way: a character device (a PTY standing in for /dev/usb/lp0) prints with status through the same reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-usblp-'));
    const pair = await createPtyPair();
    const sim = await startPrinterSimulator({
      path: pair.devicePath,
      outDir: dir,
      family: 'full',
      speedMmPerSec: 0,
      render: false,
    });
    const printer = new TicketPrinter({
      path: pair.kioskPath,
      transport: 'usblp',
      queueFile: join(dir, 'jobs.json'),
      pollMs: 50,
    });
    try {
      await printer.open();
      expect(printer.capabilities).toMatchObject({
        transport: 'usblp',
        bidirectional: true,
        transmitStatus: true,
        completion: 'transmit_status',
      });
      const paper = sim.nextTicket();
      expect(await printer.print({ bytes: queueTicket(TICKET) })).toMatchObject({ printed: true });
      expect((await paper).transcript).toContain('V012');
      sim.setPaper('out');
      expect(await printer.print({ bytes: queueTicket(TICKET) })).toMatchObject({
        printed: false,
        reason: 'DEVICE_PAPER_OUT',
      });
    } finally {
      await printer.close();
      await sim.close();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('write-only: a FIFO standing in for a unidirectional printer gets the ticket, reported unconfirmed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-usblp-fifo-'));
    const fifo = join(dir, 'lp0');
    execFileSync('mkfifo', [fifo]);
    const device = await fifoReader(fifo);
    const printer = new TicketPrinter({ path: fifo, transport: 'usblp', queueFile: join(dir, 'jobs.json') });
    try {
      await printer.open();
      expect(printer.capabilities).toMatchObject({
        transport: 'usblp',
        bidirectional: false,
        completion: 'none',
      });
      const paper = device.next();
      const r = await printer.print({ id: 'w1', bytes: queueTicket(TICKET) });
      expect(r).toMatchObject({ printed: false, reason: 'PRINT_UNCONFIRMED', partial: true });
      const t = await paper;
      expect(t.elements.some((e) => e.kind === 'text' && e.text === 'V012')).toBe(true);
    } finally {
      await printer.close();
      device.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
