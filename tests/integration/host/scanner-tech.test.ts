import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskEvent } from '../../../contract/kiosk';
import { createPtyPair } from '../../../native/pty/socat-pair';
import { startScannerSimulator } from '../../../native/sim/scanner-sim';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { codeOf, nextEvent, readerFinds, takeCardOff } from './events';

// The serial QR scanner and the technician's port settings and test card read on a real kiosk stack:
// central (demo seed), the kiosk host with its native drivers, and the reader, printer and scanner
// simulators on real PTYs.

const PIN = '482913';
let stack: KioskStack;
const events: KioskEvent[] = [];
beforeAll(async () => {
  stack = await startKioskStack({ headless: true, pin: PIN });
  stack.host.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await stack?.close();
});

/** Events of a type seen since `from` (an index into `events`). */
const since = (from: number, type: KioskEvent['type']) => events.slice(from).filter((e) => e.type === type);

describe('serial QR scanner in the kiosk host', () => {
  it('is reported with the other devices and a scan reaches the page as the scan event', async () => {
    const status = await stack.host.call('devices.status', {});
    expect(status.scanner).toEqual({ state: 'ok', port: stack.scannerSim.kioskPath });
    const scan = nextEvent(stack.host, 'scan');
    await stack.scannerSim.scan('K7Q2M9');
    expect((await scan).code).toBe('K7Q2M9');
  });

  it('drops garbage and an over-long line: no scan event, nothing else disturbed', async () => {
    const from = events.length;
    await stack.scannerSim.sendRaw(Buffer.from([0x00, 0xff, 0x13, 0x88, 0xfe, 0x9c, 0x7f, 0x1b, 0x0d]));
    await stack.scannerSim.sendRaw(Buffer.concat([Buffer.alloc(800, 0x41), Buffer.from('\r')]));
    const next = nextEvent(stack.host, 'scan');
    await stack.scannerSim.scan('P3X8L1');
    expect((await next).code).toBe('P3X8L1');
    expect(since(from, 'scan')).toEqual([{ type: 'scan', code: 'P3X8L1' }]);
    expect(since(from, 'identity')).toEqual([]);
    expect((await stack.host.call('devices.status', {})).scanner?.state).toBe('ok');
  });

  it('unplugged, the status says so; plugged back, it recovers by itself and scans again', async () => {
    const gone = nextEvent(stack.host, 'devices', (e) => e.status.scanner?.state === 'no_device');
    await stack.scannerSim.unplug();
    expect((await gone).status.scanner?.port).toBe(stack.scannerSim.kioskPath);
    const back = nextEvent(stack.host, 'devices', (e) => e.status.scanner?.state === 'ok');
    const t0 = Date.now();
    await stack.scannerSim.replug();
    await back;
    expect(Date.now() - t0).toBeLessThan(5000);
    const scan = nextEvent(stack.host, 'scan');
    await stack.scannerSim.scan('Z9D4F6');
    expect((await scan).code).toBe('Z9D4F6');
  });
});

describe('technician port settings and test card read', () => {
  it('offers the ports in use and the baud rates, and moves the scanner to another port', async () => {
    expect(await codeOf(stack.host.call('tech.ports', {}))).toBe('FORBIDDEN');
    await stack.host.call('tech.unlock', { pin: PIN });
    const ports = await stack.host.call('tech.ports', {});
    const before = await stack.host.call('devices.status', {});
    expect(ports.candidates).toEqual(
      expect.arrayContaining([before.reader.port, before.printer.port, stack.scannerSim.kioskPath]),
    );
    expect(ports.bauds).toEqual(expect.arrayContaining([9600, 115200]));
    expect(ports.current).toMatchObject({
      reader: { path: before.reader.port, baudRate: 115200 },
      scanner: { path: stack.scannerSim.kioskPath, baudRate: 9600 },
      paperWidth: '80mm',
      qr: true,
    });

    // A second scanner on a new port: the kiosk listens there and no longer on the first.
    const pair = await createPtyPair({ name: 'scanner2' });
    const other = await startScannerSimulator({ path: pair.devicePath, baudRate: 19200 });
    try {
      const moved = await stack.host.call('tech.setPorts', {
        scanner: { path: pair.kioskPath, baudRate: 19200 },
      });
      expect(moved.scanner).toEqual({ state: 'ok', port: pair.kioskPath });
      expect(moved.reader.port).toBe(before.reader.port); // untouched devices stay where they were
      const scan = nextEvent(stack.host, 'scan');
      await other.scan('W2E4R6');
      expect((await scan).code).toBe('W2E4R6');
      const saved = JSON.parse(readFileSync(join(stack.host.dataDir, 'kiosk.json'), 'utf8')) as {
        scanner: { path: string; baudRate: number };
      };
      expect(saved.scanner).toMatchObject({ path: pair.kioskPath, baudRate: 19200 });

      // No serial scanner at all (a keyboard-wedge one): off, and saved so.
      const off = await stack.host.call('tech.setPorts', { scanner: null });
      expect(off.scanner).toEqual({ state: 'off', port: null });
      expect(
        JSON.parse(readFileSync(join(stack.host.dataDir, 'kiosk.json'), 'utf8')).scanner.path,
      ).toBeNull();
    } finally {
      await stack.host.call('tech.setPorts', {
        scanner: { path: stack.scannerSim.kioskPath!, baudRate: 9600 },
      });
      await other.close();
      await pair.close();
    }
    expect((await stack.host.call('devices.status', {})).scanner?.state).toBe('ok');
  });

  it('changes the printer profile: a 58 mm ticket comes out and kiosk.json keeps it', async () => {
    await stack.host.call('tech.unlock', { pin: PIN });
    const status = await stack.host.call('tech.setPorts', { printerProfile: { paperWidth: '58mm' } });
    expect(status.printer.state).toBe('ok');
    const saved = JSON.parse(readFileSync(join(stack.host.dataDir, 'kiosk.json'), 'utf8')) as {
      printer: { profile: { paperWidth: string } };
    };
    expect(saved.printer.profile.paperWidth).toBe('58mm');
    expect((await stack.host.call('tech.ports', {})).current.paperWidth).toBe('58mm');
    const first = stack.printerSim.nextTicket(15_000);
    await stack.host.call('tech.testPrint', {});
    const narrow = (await first).transcript;
    await stack.host.call('tech.setPorts', { printerProfile: { paperWidth: '80mm' } });
    const again = stack.printerSim.nextTicket(15_000);
    await stack.host.call('tech.testPrint', {});
    // The rule across the paper is as wide as the profile: 58 mm paper has fewer columns than 80 mm.
    const ruleOf = (t: string) =>
      Math.max(...t.split('\n').map((l) => (/^[-=─━]+$/.test(l.trim()) ? l.trim().length : 0)));
    expect(ruleOf(narrow)).toBeLessThan(ruleOf((await again).transcript));
  });

  it('test card read: waits for a card and shows it masked, without starting a resident session', async () => {
    await stack.host.call('tech.unlock', { pin: PIN });
    const from = events.length;
    const looked = readerFinds(stack.idcardSim, 1);
    const read = stack.host.call('tech.testCard', { timeoutSec: 10 });
    await looked; // the read waits while the reader finds no card; the technician places it then
    stack.idcardSim.placeCard(3); // the Hong Kong/Macao/Taiwan residence permit
    const { card } = await read;
    const sim = stack.idcardSim.cards[3]!.fields;
    expect(card).toEqual({
      cardType: 'hmt_residence_permit',
      nameMasked: `${[...sim.name][0]}${'*'.repeat([...sim.name].length - 1)}`,
      idMasked: `${sim.idNumber.slice(0, 6)}********${sim.idNumber.slice(-4)}`,
      expired: false,
    });
    expect(JSON.stringify(card)).not.toContain(sim.idNumber);
    expect(JSON.stringify(card)).not.toContain(sim.name);
    // Taking the test card off ends no session and does not lock technician mode.
    await takeCardOff(stack.idcardSim);
    expect(since(from, 'identity')).toEqual([]);
    expect(since(from, 'card.removed')).toEqual([]);
    expect((await stack.host.call('tech.info', {})).devices.reader.state).toBe('ok');
    // Once the technician leaves (回到首页), a resident's card is a resident's card again.
    await stack.host.call('session.end', {});
    const identity = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(0);
    expect((await identity).identity.name).toBe(stack.idcardSim.cards[0]!.fields.name);
    const removed = nextEvent(stack.host, 'card.removed');
    stack.idcardSim.removeCard();
    await removed;
  });

  it('with a card already on the reader: the test read answers it at once, and no card starts a session', async () => {
    // A resident's card left on the reader when the technician comes (it opened a session then).
    const placed = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(0);
    await placed;
    await stack.host.call('tech.unlock', { pin: PIN });
    const from = events.length;
    const sim = stack.idcardSim.cards[0]!.fields;
    const { card } = await stack.host.call('tech.testCard', { timeoutSec: 5 });
    expect(card).toMatchObject({
      cardType: 'resident',
      idMasked: `${sim.idNumber.slice(0, 6)}********${sim.idNumber.slice(-4)}`,
    });
    // Off and on again in technician mode: no resident session, no full name, still unlocked.
    await takeCardOff(stack.idcardSim);
    stack.idcardSim.placeCard(0);
    expect((await stack.host.call('tech.testCard', { timeoutSec: 5 })).card?.idMasked).toBe(card?.idMasked);
    expect(since(from, 'identity')).toEqual([]);
    expect(since(from, 'card.removed')).toEqual([]);
    expect((await stack.host.call('tech.info', {})).version).toBeTruthy();
    await takeCardOff(stack.idcardSim);
    await stack.host.call('session.end', {});
  });

  it('test card read with no card answers null after the wait; the expired card is flagged', async () => {
    await stack.host.call('tech.unlock', { pin: PIN });
    const t0 = Date.now();
    expect(await stack.host.call('tech.testCard', { timeoutSec: 1 })).toEqual({ card: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const expiredIndex = stack.idcardSim.cards.findIndex((c) => /expired|过期/i.test(c.label));
    const read = stack.host.call('tech.testCard', { timeoutSec: 10 });
    stack.idcardSim.placeCard(expiredIndex);
    expect((await read).card).toMatchObject({ cardType: 'resident', expired: true });
    await takeCardOff(stack.idcardSim);
  });

  it('leaving technician mode ends a waiting test read: the next card is a resident again', async () => {
    await takeCardOff(stack.idcardSim); // whatever a test before left on the reader is gone
    await stack.host.call('tech.unlock', { pin: PIN });
    const t0 = Date.now();
    const read = stack.host.call('tech.testCard', { timeoutSec: 60 });
    await stack.host.call('session.end', {}); // the technician taps 回到首页
    expect(await read).toEqual({ card: null });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await codeOf(stack.host.call('tech.info', {}))).toBe('FORBIDDEN');
    const identity = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(1);
    expect((await identity).identity.name).toBe(stack.idcardSim.cards[1]!.fields.name);
    const removed = nextEvent(stack.host, 'card.removed');
    stack.idcardSim.removeCard();
    await removed;
  });
});
