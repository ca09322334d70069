import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../contract/device';
import type { IdCardRecord } from '../../../contract/idcard';
import type { DeviceError } from '../../../native/errors';
import { IdCardReader } from '../../../native/idcard/reader';
import { SW3_TABLE } from '../../../native/idcard/status';
import { createPtyPair, type PtyPair } from '../../../native/pty/socat-pair';
import { startIdCardSimulator, type IdCardSimulator } from '../../../native/sim/idcard-sim';
import { next } from './helpers';

// The real driver through a real socat PTY pair and the real serialport package to the simulator.

describe('ID card reader driver against the simulator on a PTY', () => {
  let pair: PtyPair;
  let sim: IdCardSimulator;
  let reader: IdCardReader;

  beforeEach(async () => {
    pair = await createPtyPair();
    sim = await startIdCardSimulator({ path: pair.devicePath, readTimeMs: 20 });
    reader = new IdCardReader({ path: pair.kioskPath, pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await reader.close();
    await sim.close();
    await pair.close();
  });

  it('emits the card once per placement and removed when it leaves', async () => {
    await reader.open();
    const cards: IdCardRecord[] = [];
    reader.on('card', (c) => cards.push(c));
    const first = next<[IdCardRecord]>(reader, 'card');
    sim.placeCard(0);
    const [rec] = await first;
    expect(rec).toMatchObject({ cardType: 'resident', name: '王小明', sex: 'male', nation: '汉' });
    expect(rec.idNumber).toBe(sim.cards[0]!.fields.idNumber);
    expect(Buffer.from(rec.photoWlt!, 'base64').equals(sim.cards[0]!.photo)).toBe(true);
    // Several polls with the card still on the reader: no second event.
    let polls = 0;
    await next(sim.events, 'request', 3000, (r: { cmd: number }) => r.cmd === 0x20 && ++polls >= 6);
    expect(cards).toHaveLength(1);
    const removed = next(reader, 'removed');
    sim.removeCard();
    await removed;
    const again = next<[IdCardRecord]>(reader, 'card');
    sim.placeCard(1);
    expect((await again)[0]).toMatchObject({ name: '李秀英', validTo: 'long_term', expired: false });
  });

  it('reads every card type and flags the expired card', async () => {
    await reader.open();
    const seen: IdCardRecord[] = [];
    for (let n = 0; n < sim.cards.length; n++) {
      const card = next<[IdCardRecord]>(reader, 'card');
      sim.placeCard(n);
      seen.push((await card)[0]);
      const removed = next(reader, 'removed');
      sim.removeCard();
      await removed;
    }
    expect(seen.map((r) => r.cardType)).toEqual([
      'resident',
      'resident',
      'resident',
      'hmt_residence_permit',
      'foreign_permanent',
      'foreign_permanent_2023',
    ]);
    expect(seen.map((r) => r.expired)).toEqual([false, false, true, false, false, false]);
    expect(seen[3]).toMatchObject({ passNumber: 'H01234567', issueCount: 1 });
    expect(seen[4]).toMatchObject({ name: '史密斯', nameLatin: 'SMITH, JOHN TEST', nationality: 'USA' });
  });

  it('reports a typed error for every SAM status code and keeps reading afterwards', async () => {
    await reader.open();
    sim.placeCard(0);
    await next(reader, 'card');
    for (const [sw3, info] of Object.entries(SW3_TABLE)) {
      const code = Number(sw3);
      if (code === 0x80) continue; // "no card" is the normal idle answer, not an error
      const removed = next(reader, 'removed');
      sim.removeCard();
      await removed;
      const step = code === 0x60 || code === 0x66 ? 'find' : code === 0x81 ? 'select' : 'read';
      const err = next<[DeviceError]>(reader, 'error', 5000, (e) => e.sw3 === code);
      sim.failNext(code, step);
      sim.placeCard(0);
      const [e] = await err;
      expect(e.code, `SW3 ${sw3}`).toBe(info.code);
      await next(reader, 'card');
    }
  });

  it('gives up opening with a clear error when the SAM self-test fails', async () => {
    sim.failNext(0x60, 'status');
    await expect(reader.open()).rejects.toMatchObject({ code: 'IDCARD_SAM_FAULT' });
  });

  it('recovers within 5 s when the reader stops answering and comes back', async () => {
    await reader.open();
    sim.placeCard(0);
    await next(reader, 'card');
    const lost = next<[DeviceStatus]>(reader, 'status', 5000, (s) => s.state === 'reconnecting');
    sim.unplug();
    expect((await lost)[0].error).toBe('DEVICE_TIMEOUT');
    const t0 = Date.now();
    const ready = next<[DeviceStatus]>(reader, 'status', 5000, (s) => s.state === 'ready');
    sim.replug();
    await ready;
    expect(Date.now() - t0).toBeLessThan(5000);
    // The card is read again after the device returns.
    await next(reader, 'card');
  });

  it('keeps the card and the session when a single command goes unanswered (a busy machine)', async () => {
    await reader.close();
    // One reply lost: the driver asks again on the next poll; the resident standing there notices nothing.
    reader = new IdCardReader({
      path: pair.kioskPath,
      pollIntervalMs: 50,
      logger: (level, msg) => {
        if (level === 'warn' && msg.includes('asking again')) sim.replug();
      },
    });
    await reader.open();
    sim.placeCard(0);
    await next(reader, 'card');
    const events: string[] = [];
    reader.on('removed', () => events.push('removed'));
    reader.on('card', () => events.push('card'));
    reader.on('status', (s) => events.push(s.state));
    sim.unplug(); // stops answering; the logger above plugs it back after the first unanswered command
    let polls = 0;
    await next(sim.events, 'request', 5000, (r: { cmd: number }) => r.cmd === 0x20 && ++polls >= 4);
    expect(events).toEqual([]);
    expect(reader.state).toBe('ready');
    // Taking the card away still ends it as before.
    const removed = next(reader, 'removed');
    sim.removeCard();
    await removed;
  });
});

describe('ID card reader: a real unplug (the serial device disappears) and replug', () => {
  it('reconnects by path within 5 s after a new PTY appears under the same name', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-replug-'));
    let pair = await createPtyPair({ dir, name: 'idr' });
    let sim = await startIdCardSimulator({ path: pair.devicePath, readTimeMs: 10 });
    const reader = new IdCardReader({ path: pair.kioskPath, pollIntervalMs: 50 });
    try {
      await reader.open();
      sim.placeCard(0);
      await next(reader, 'card');
      const lost = next<[DeviceStatus]>(reader, 'status', 5000, (s) => s.state === 'reconnecting');
      await sim.close();
      await pair.close();
      await lost;
      pair = await createPtyPair({ dir, name: 'idr' });
      sim = await startIdCardSimulator({ path: pair.devicePath, readTimeMs: 10 });
      const t0 = Date.now();
      const card = next<[IdCardRecord]>(reader, 'card', 8000);
      sim.placeCard(3);
      expect((await card)[0].cardType).toBe('hmt_residence_permit');
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      await reader.close();
      await sim.close();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ID card reader: slow reads, waiting for the device, photo plug-in', () => {
  it('waits for a reader that is not there yet, reads slowly-read cards, and hands the WLT to the photo decoder', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-wait-'));
    const seen: Buffer[] = [];
    const reader = new IdCardReader({
      path: join(dir, 'idr-kiosk'),
      pollIntervalMs: 50,
      waitForDevice: true,
      photoDecoder: {
        decode: async (wlt) => {
          seen.push(wlt);
          return { image: Buffer.from('BM'), mime: 'image/bmp' };
        },
      },
    });
    await reader.open(); // resolves although the port does not exist yet
    const pair = await createPtyPair({ dir, name: 'idr' });
    const sim = await startIdCardSimulator({ path: pair.devicePath, readTimeMs: 900 });
    try {
      const photo = next<[{ mime: string }]>(reader, 'photo', 8000);
      const card = next<[IdCardRecord]>(reader, 'card', 8000);
      sim.placeCard(5);
      expect((await card)[0].cardType).toBe('foreign_permanent_2023');
      expect((await photo)[0].mime).toBe('image/bmp');
      expect(seen[0]!.equals(sim.cards[5]!.photo)).toBe(true);
    } finally {
      await reader.close();
      await sim.close();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
