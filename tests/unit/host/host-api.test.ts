import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../../../contract/device';
import type { KioskEvent } from '../../../contract/kiosk';
import { hashPin } from '../../../main/host/config';
import type { DriverFactory, PrintDocument } from '../../../main/host/devices/drivers';
import { createKioskHost, type KioskHost } from '../../../main/host/host';

// The host facade on its own: no central (an address nothing listens on), devices replaced by small
// stand-ins. Requests are validated, errors carry codes, technician mode needs the PIN.

const okStatus: PrinterStatus = {
  online: true,
  paper: 'ok',
  coverOpen: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  ready: true,
};

function standIns() {
  const reader = Object.assign(new EventEmitter(), {
    state: 'ready' as const,
    open: async () => undefined,
    close: async () => undefined,
  });
  let status = okStatus;
  const printed: PrintDocument[] = [];
  const drivers: DriverFactory = {
    reader: () => reader as never,
    printer: () => ({
      state: 'ready',
      open: async () => undefined,
      close: async () => undefined,
      status: async () => status,
      print: async (doc) => (printed.push(doc), { printed: true, jobId: String(printed.length) }),
    }),
    detect: async () => ({ reader: null, printer: null }),
  };
  return { reader, drivers, printed, setStatus: (s: PrinterStatus) => (status = s) };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'RESOLVED',
    (e: { code?: string }) => e.code ?? 'NO_CODE',
  );

let dir: string;
let host: KioskHost;
let devices: ReturnType<typeof standIns>;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-host-'));
  devices = standIns();
  host = await createKioskHost({
    dataDir: dir,
    drivers: devices.drivers,
    config: {
      centralUrl: 'http://127.0.0.1:9',
      reader: { path: '/dev/reader' },
      printer: { path: '/dev/printer' },
      techPinHash: hashPin('2468'),
    },
  });
});
afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kiosk host facade', () => {
  it('refuses an invalid request with VALIDATION_FAILED and the field', async () => {
    const err = await host
      .call('identity.manual', { idNumber: '11010519491231003X' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', body: { error: { code: 'VALIDATION_FAILED' } } });
    expect((err as { body: { error: { fields: unknown[] } } }).body.error.fields).toEqual([
      { path: 'idNumber', message: 'invalid ID number' },
    ]);
    expect(await codeOf(host.call('session.end', { extra: 1 } as never))).toBe('VALIDATION_FAILED');
  });

  it('a typed ID number starts a session and sends the masked identity', async () => {
    const events: KioskEvent[] = [];
    host.subscribe((e) => events.push(e));
    const id = await host.call('identity.manual', { idNumber: '11010519491231002x' });
    expect(id).toMatchObject({ source: 'manual', idMasked: '110105********002X', senior: true });
    expect(events).toContainEqual({ type: 'identity', identity: id });
  });

  it('a card removed ends the session and tells the renderer', async () => {
    const events: KioskEvent[] = [];
    host.subscribe((e) => events.push(e));
    devices.reader.emit('card', {
      cardType: 'resident',
      name: '李四',
      sex: 'female',
      birthDate: '1990-01-01',
      idNumber: '11010519491231002X',
      validFrom: '2020-01-01',
      validTo: 'long_term',
      expired: false,
    });
    devices.reader.emit('removed');
    expect(events.map((e) => e.type)).toEqual(['identity', 'card.removed']);
  });

  it('says UNAVAILABLE for what needs central when central is unreachable', async () => {
    expect(await codeOf(host.call('catalog.get', {}))).toBe('UNAVAILABLE');
    expect((await host.call('link.status', {})).online).toBe(false);
  });

  it('keeps technician functions locked until the PIN is given', async () => {
    expect(await codeOf(host.call('tech.info', {}))).toBe('FORBIDDEN');
    expect(await host.call('tech.unlock', { pin: '1357' })).toEqual({ ok: false });
    expect(await host.call('tech.unlock', { pin: '2468' })).toEqual({ ok: true });
    const info = await host.call('tech.info', {});
    expect(info).toMatchObject({
      centralUrl: 'http://127.0.0.1:9',
      stationId: null,
      devices: { canPrint: true },
    });
    expect(await host.call('tech.testPrint', {})).toEqual({ printed: true, reason: null });
    expect(devices.printed.at(-1)?.kind).toBe('test');
    await host.call('session.end', {});
    expect(await codeOf(host.call('tech.info', {}))).toBe('FORBIDDEN');
  });

  it('locks technician mode after five wrong PINs', async () => {
    for (let i = 0; i < 5; i++) expect((await host.call('tech.unlock', { pin: '0000' })).ok).toBe(false);
    expect(await codeOf(host.call('tech.unlock', { pin: '2468' }))).toBe('RATE_LIMITED');
  });

  it('knows the printer is out of paper before printing, and says so', async () => {
    devices.setStatus({ ...okStatus, paper: 'out', ready: false, problem: 'DEVICE_PAPER_OUT' });
    const status = await host.call('devices.status', {});
    expect(status.printer.state).toBe('paper_out');
    expect(status.canPrint).toBe(false);
    await host.call('tech.unlock', { pin: '2468' });
    const before = devices.printed.length;
    expect(await host.call('tech.testPrint', {})).toEqual({ printed: false, reason: 'DEVICE_PAPER_OUT' });
    expect(devices.printed.length).toBe(before);
  });
});
