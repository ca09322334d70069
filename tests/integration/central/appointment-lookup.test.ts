import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOKUPS_PER_MINUTE } from '../../../central/http/routes/appointments';
import {
  Client,
  DBS,
  type KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from './harness';

// A kiosk looks up the appointments of the resident in front of it by ID number (card or keypad):
// only that resident's, only at the kiosk's centre, today and the next days, each with its check-in
// window; the number never comes back unmasked and every lookup is audited. On both databases; the
// clock starts at 10:00 in Shanghai on 2026-03-02.

afterAll(stopPostgres);

const slot = (centre: string, item: string, day: string, hour: number) =>
  `sl-${centre}-${item}-${day.replaceAll('-', '')}-${String(hour).padStart(2, '0')}00`;
const TODAY = '2026-03-02';
const TOMORROW = '2026-03-03';

describe.each(DBS)('appointment lookup on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let huamu: KioskClient;
  const resident = idNumber('19620202', 501);
  const neighbour = idNumber('19630303', 502);
  const booked: Record<string, { id: string; code: string }> = {};

  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk('s-zhangjiang-1');
    huamu = await c.kiosk('s-huamu-1');
    const book = async (k: KioskClient, slotId: string, idNo: string) => {
      const r = await k.post('/api/v1/appointments', { slotId, idNumber: idNo });
      expect(r.status).toBe(201);
      return r.body as { id: string; code: string };
    };
    booked.now = await book(kiosk, slot('zhangjiang', 'sbk', TODAY, 10), resident);
    booked.missed = await book(kiosk, slot('zhangjiang', 'ybdj', TODAY, 10), resident);
    booked.later = await book(kiosk, slot('zhangjiang', 'jydj', TODAY, 11), resident);
    booked.tomorrow = await book(kiosk, slot('zhangjiang', 'jzz', TOMORROW, 9), resident);
    booked.cancelled = await book(kiosk, slot('zhangjiang', 'lnjt', TODAY, 13), resident);
    await kiosk.post(`/api/v1/appointments/${booked.cancelled.id}/cancel`);
    booked.elsewhere = await book(huamu, slot('huamu', 'jzz', TODAY, 11), resident);
    booked.neighbour = await book(kiosk, slot('zhangjiang', 'sbk', TODAY, 11), neighbour);
  });
  afterAll(() => c?.close());

  it("lists only this resident's appointments at the kiosk's centre, with their check-in windows, the number masked", async () => {
    const r = await kiosk.post('/api/v1/appointments/lookup', { idNumber: resident });
    expect(r.status).toBe(200);
    expect(r.body.serverTime).toBe('2026-03-02T02:00:00.000Z');
    const list = r.body.appointments;
    const ids = list.map((a: { id: string }) => a.id);
    // In time order (the two at 10:00 in either order).
    expect(ids.slice(0, 2).sort()).toEqual([booked.now!.id, booked.missed!.id].sort());
    expect(ids.slice(2)).toEqual([booked.later!.id, booked.tomorrow!.id]);
    expect(list.find((a: { id: string }) => a.id === booked.now!.id)).toMatchObject({
      code: booked.now!.code,
      itemId: 'i-sbk',
      centreId: 'c-zhangjiang',
      status: 'booked',
      startsAt: '2026-03-02T02:00:00.000Z',
      checkIn: { state: 'open', opensAt: '2026-03-02T01:30:00.000Z', closesAt: '2026-03-02T02:15:00.000Z' },
      residentMasked: `${resident.slice(0, 6)}********${resident.slice(-4)}`,
    });
    expect(list[2].checkIn).toEqual({
      state: 'early',
      opensAt: '2026-03-02T02:30:00.000Z',
      closesAt: '2026-03-02T03:15:00.000Z',
    });
    expect(list[3]).toMatchObject({ itemId: 'i-jzz', checkIn: { state: 'early' } });
    expect(JSON.stringify(r.body)).not.toContain(resident);
    expect(JSON.stringify(r.body)).not.toContain(booked.neighbour!.code);

    const there = await huamu.post('/api/v1/appointments/lookup', { idNumber: resident });
    expect(there.body.appointments.map((a: { id: string }) => a.id)).toEqual([booked.elsewhere!.id]);
    const todayOnly = await kiosk.post('/api/v1/appointments/lookup', { idNumber: resident, days: 0 });
    expect(todayOnly.body.appointments).toHaveLength(3);
    const nobody = await kiosk.post('/api/v1/appointments/lookup', { idNumber: idNumber('19990909', 503) });
    expect(nobody.status).toBe(200);
    expect(nobody.body.appointments).toEqual([]);
  });

  it('checks in the open one by its code; afterwards the list says checked in, and a missed one says late', async () => {
    const done = await kiosk.post('/api/v1/appointments/check-in', { code: booked.now!.code });
    expect(done.status).toBe(200);
    c.clock.advance(20); // 10:20: the 10:00 check-in window closed at 10:15
    try {
      const list: Array<{ id: string }> = (
        await kiosk.post('/api/v1/appointments/lookup', { idNumber: resident })
      ).body.appointments;
      const byId = (id: string) => list.find((a) => a.id === id);
      expect(byId(booked.now!.id)).toMatchObject({ status: 'checked_in', ticketId: done.body.ticket.id });
      expect(byId(booked.missed!.id)).toMatchObject({ status: 'booked', checkIn: { state: 'late' } });
      expect(byId(booked.later!.id)).toMatchObject({ status: 'booked', checkIn: { state: 'early' } });
    } finally {
      c.clock.advance(-20);
    }
  });

  it('is audited as a lookup, without the number', async () => {
    const rows = await c.central.db.all<{ actor_type: string; subject_type: string; detail: string }>(
      "SELECT actor_type, subject_type, subject_id, centre_id, detail FROM audit WHERE action = 'appointment.lookup'",
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows[0]).toMatchObject({
      actor_type: 'kiosk',
      subject_type: 'resident',
      centre_id: 'c-zhangjiang',
    });
    expect(rows.some((r) => JSON.parse(r.detail).found === 4)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(resident);
  });

  it('refuses a wrong token, staff, and a bad body', async () => {
    const anon = new Client(c.url);
    expect((await anon.post('/api/v1/appointments/lookup', { idNumber: resident })).status).toBe(401);
    const wrong = new Client(c.url, {
      authorization: 'Bearer dst_wrong-token',
      'idempotency-key': 'k-12345678',
    });
    const r401 = await wrong.post('/api/v1/appointments/lookup', { idNumber: resident });
    expect(r401.status).toBe(401);
    expect(r401.body.error.code).toBe('UNAUTHENTICATED');
    const staff = await c.staff('supervisor');
    expect((await staff.post('/api/v1/appointments/lookup', { idNumber: resident })).status).toBe(403);
    for (const body of [
      {},
      { idNumber: 42 },
      { idNumber: resident, days: 99 },
      { idNumber: resident.slice(0, 17) + (resident.endsWith('0') ? '1' : '0') },
    ]) {
      const bad = await kiosk.post('/api/v1/appointments/lookup', body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(bad.body)).not.toContain(resident.slice(0, 17));
    }
    const doc = await c.anon.get('/api/docs/json');
    expect(doc.body.paths['/api/v1/appointments/lookup'].post).toBeDefined();
  });

  it(`allows ${LOOKUPS_PER_MINUTE} lookups a minute per kiosk`, async () => {
    const busy = await c.kiosk('s-zhangjiang-2');
    for (let i = 0; i < LOOKUPS_PER_MINUTE; i++) {
      expect(
        (await busy.post('/api/v1/appointments/lookup', { idNumber: idNumber('19700101', 600 + i) })).status,
      ).toBe(200);
    }
    const limited = await busy.post('/api/v1/appointments/lookup', { idNumber: resident });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect((await kiosk.post('/api/v1/appointments/lookup', { idNumber: resident })).status).toBe(200); // another kiosk
    c.clock.advance(1);
    try {
      expect((await busy.post('/api/v1/appointments/lookup', { idNumber: resident })).status).toBe(200);
    } finally {
      c.clock.advance(-1);
    }
  });
});
