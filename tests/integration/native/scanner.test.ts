import { mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QrScanner, type ScannerStatus } from '../../../native/scanner/scanner';
import { startScannerSimulator, type ScannerSimulator } from '../../../native/sim/scanner-sim';
import { next } from './helpers';

// The serial QR scanner driver on the real serialport package, through a real socat PTY pair to the
// scanner simulator: scans arrive, garbage and over-long lines are dropped without harm, and a pulled
// cable (the PTY really disappears) is recovered by path.

type Scan = { text: string; at: string };

describe('serial QR scanner driver against the simulator on a PTY', () => {
  let sim: ScannerSimulator | undefined;
  let scanner: QrScanner | undefined;
  afterEach(async () => {
    await scanner?.close();
    await sim?.close();
    scanner = sim = undefined;
  });

  it('emits each scan once, in order, with the prefix and suffix the scanner adds taken off', async () => {
    sim = await startScannerSimulator({ pty: {}, baudRate: 9600, prefix: 'hex:02', suffix: 'hex:03' });
    scanner = new QrScanner({ path: sim.kioskPath!, baudRate: 9600, prefix: 'hex:02', suffix: 'hex:03' });
    const seen: string[] = [];
    scanner.on('scan', (s) => seen.push(s.text));
    await scanner.open();
    expect(scanner.state).toBe('ready');
    const third = next<[Scan]>(scanner, 'scan', 5000, (s) => s.text === 'B5N7C2');
    await sim.scan('K7Q2M9');
    await sim.scan('https://example.org/a/P3X8L1');
    await sim.scan('B5N7C2');
    await third;
    expect(seen).toEqual(['K7Q2M9', 'https://example.org/a/P3X8L1', 'B5N7C2']);
  });

  it('reads GB18030 text from a scanner set to CRLF', async () => {
    sim = await startScannerSimulator({ pty: {}, terminator: 'crlf', encoding: 'gb18030' });
    scanner = new QrScanner({ path: sim.kioskPath!, terminator: 'crlf' });
    await scanner.open();
    const got = next<[Scan]>(scanner, 'scan');
    await sim.scan('张江镇 预约 K7Q2M9');
    expect((await got)[0].text).toBe('张江镇 预约 K7Q2M9');
  });

  it('drops binary garbage and an over-long line without a crash or a wrong scan, then reads on', async () => {
    sim = await startScannerSimulator({ pty: {}, baudRate: 115200 });
    scanner = new QrScanner({ path: sim.kioskPath!, baudRate: 115200, maxBytes: 256 });
    const scans: string[] = [];
    const rejected: Array<{ reason: string; bytes: number }> = [];
    scanner.on('scan', (s) => scans.push(s.text));
    scanner.on('rejected', (r) => rejected.push(r));
    await scanner.open();
    // Line noise (a wrong baud rate looks like this): control and high bytes, no line end inside.
    const noise = Buffer.from([0x00, 0xff, 0x13, 0x88, 0xfe, 0x01, 0x9c, 0x7f, 0xc3, 0x28, 0x1b, 0x80]);
    await sim.sendRaw(Buffer.concat([noise, Buffer.from('\r')]));
    // A scanner streaming without a terminator, far over the cap (20 kB), then one.
    await sim.sendRaw(Buffer.alloc(20_000, 0x41));
    await sim.sendRaw(Buffer.from('\r'));
    const ok = next<[Scan]>(scanner, 'scan');
    await sim.scan('K7Q2M9');
    expect((await ok)[0].text).toBe('K7Q2M9');
    expect(scans).toEqual(['K7Q2M9']);
    expect(rejected).toEqual([
      { reason: 'not_text', bytes: noise.length },
      { reason: 'too_long', bytes: 20_000 },
    ]);
    expect(scanner.state).toBe('ready');
  });

  it('recovers by path after the scanner is unplugged and plugged back in', async () => {
    sim = await startScannerSimulator({ pty: {}, baudRate: 9600 });
    scanner = new QrScanner({ path: sim.kioskPath!, reconnectMinMs: 100, reconnectMaxMs: 800 });
    const states: string[] = [];
    scanner.on('status', (s) => states.push(`${s.state}${s.error ? ` ${s.error}` : ''}`));
    await scanner.open();
    // Generous bounds: a loaded machine (the suite shares two cores) can take seconds to see the PTY go.
    const lost = next<[ScannerStatus]>(scanner, 'status', 15_000, (s) => s.state === 'reconnecting');
    await sim.unplug();
    expect((await lost)[0].error).toBe('DEVICE_DISCONNECTED');
    await expect(sim.scan('LOST01')).rejects.toThrow(/unplugged/);
    const back = next<[ScannerStatus]>(scanner, 'status', 15_000, (s) => s.state === 'ready');
    const t0 = Date.now();
    await sim.replug();
    await back;
    expect(Date.now() - t0).toBeLessThan(10_000); // retries every 0.8 s at most
    const got = next<[Scan]>(scanner, 'scan');
    await sim.scan('Z9D4F6');
    expect((await got)[0].text).toBe('Z9D4F6');
    expect(states).toContain('reconnecting DEVICE_DISCONNECTED');
  });

  it('notices when its path names another device, as a by-id link after a re-plug, and reads from that one', async () => {
    const { createPtyPair } = await import('../../../native/pty/socat-pair');
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-scanner-byid-'));
    const first = await createPtyPair({ name: 'first' });
    const second = await createPtyPair({ name: 'second' });
    const other = await startScannerSimulator({ path: second.devicePath });
    try {
      sim = await startScannerSimulator({ path: first.devicePath });
      const link = join(dir, 'usb-scanner-if00');
      symlinkSync(first.kioskPath, link);
      scanner = new QrScanner({ path: link, presenceCheckMs: 200, reconnectMinMs: 100, reconnectMaxMs: 400 });
      await scanner.open();
      // The first device stays open and silent (nothing closes under the driver): only the path moves.
      const moved = next<[ScannerStatus]>(scanner, 'status', 10_000, (s) => s.state === 'reconnecting');
      symlinkSync(second.kioskPath, `${link}.new`);
      renameSync(`${link}.new`, link);
      const [lost] = await moved;
      expect(lost.error).toBe('DEVICE_DISCONNECTED');
      expect(lost.detail).toMatch(/another device/);
      const ready = next<[ScannerStatus]>(scanner, 'status', 10_000, (s) => s.state === 'ready');
      await ready;
      const got = next<[Scan]>(scanner, 'scan');
      await other.scan('M3N5P7');
      expect((await got)[0].text).toBe('M3N5P7');
    } finally {
      await scanner?.close();
      await sim?.close();
      await other.close();
      scanner = sim = undefined;
      await first.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits for a scanner that is not plugged in yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-scanner-wait-'));
    try {
      scanner = new QrScanner({ path: join(dir, 'qr-kiosk'), waitForDevice: true, reconnectMaxMs: 500 });
      const missing = next<[ScannerStatus]>(scanner, 'status', 5000, (s) => s.state === 'reconnecting');
      await scanner.open(); // resolves although the port does not exist yet
      expect((await missing)[0].error).toBe('DEVICE_NOT_FOUND');
      const ready = next<[ScannerStatus]>(scanner, 'status', 5000, (s) => s.state === 'ready');
      sim = await startScannerSimulator({ pty: { dir, name: 'qr' } });
      await ready;
      const got = next<[Scan]>(scanner, 'scan');
      await sim.scan('W2E4R6');
      expect((await got)[0].text).toBe('W2E4R6');
    } finally {
      await scanner?.close();
      await sim?.close();
      scanner = sim = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without its own PTY, unplug only falls silent (the far end cannot tell)', async () => {
    const { createPtyPair } = await import('../../../native/pty/socat-pair');
    const pair = await createPtyPair({ name: 'qr' });
    try {
      sim = await startScannerSimulator({ path: pair.devicePath });
      expect(sim.kioskPath).toBeNull();
      scanner = new QrScanner({ path: pair.kioskPath });
      await scanner.open();
      await sim.unplug();
      await expect(sim.scan('X')).rejects.toThrow(/unplugged/);
      await sim.replug();
      const got = next<[Scan]>(scanner, 'scan');
      await sim.scan('Q1W2E3');
      expect((await got)[0].text).toBe('Q1W2E3');
      expect(scanner.state).toBe('ready');
    } finally {
      await scanner?.close();
      await sim?.close();
      scanner = sim = undefined;
      await pair.close();
    }
  });
});
