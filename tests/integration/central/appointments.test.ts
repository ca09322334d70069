import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBS, type KioskClient, type TestCentral, idNumber, startTestCentral, stopPostgres } from './harness';

// Appointments, offline number leases and the day boundary, on both databases. The clock is injected:
// the suite starts at 10:00 in Shanghai (02:00 UTC) on 2026-03-02.

afterAll(stopPostgres);

const slotId = (centre: string, item: string, day: string, hour: number) =>
  `sl-${centre}-${item}-${day.replaceAll('-', '')}-${String(hour).padStart(2, '0')}00`;

describe.each(DBS)('appointments and leases on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  beforeAll(async () => {
    c = await startTestCentral(kind, { listen: false, clock: () => new Date('2026-03-02T02:00:00Z') });
    kiosk = await c.kiosk('s-zhangjiang-1');
  });
  afterAll(() => c?.close());

  it('lists slots, books up to the capacity, and frees a place on cancel', async () => {
    const slots = await c.anon.get('/api/v1/appointments/slots?centreId=c-zhangjiang&itemId=i-jzz');
    expect(slots.body.slots.length).toBeGreaterThanOrEqual(7 * 7);
    const sid = slotId('zhangjiang', 'jzz', '2026-03-03', 9);
    const booked = [];
    for (let i = 1; i <= 4; i++) {
      const r = await kiosk.post('/api/v1/appointments', {
        slotId: sid,
        idNumber: idNumber('19900101', 200 + i),
      });
      expect(r.status).toBe(201);
      booked.push(r.body);
    }
    expect(booked[0]).toMatchObject({
      status: 'booked',
      startsAt: '2026-03-03T01:00:00.000Z',
      residentMasked: expect.stringMatching(/^310115\*{8}\d{3}[\dX]$/),
      // The booking says when check-in opens and closes (default window: 30 min before to 15 after).
      checkIn: { state: 'early', opensAt: '2026-03-03T00:30:00.000Z', closesAt: '2026-03-03T01:15:00.000Z' },
    });
    const full = await kiosk.post('/api/v1/appointments', {
      slotId: sid,
      idNumber: idNumber('19900101', 299),
    });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_FULL');
    expect((await kiosk.post(`/api/v1/appointments/${booked[0].id}/cancel`)).body.status).toBe('cancelled');
    expect((await kiosk.post(`/api/v1/appointments/${booked[0].id}/cancel`)).status).toBe(409);
    expect(
      (await kiosk.post('/api/v1/appointments', { slotId: sid, idNumber: idNumber('19900101', 299) })).status,
    ).toBe(201);
    const staff = await c.staff('supervisor');
    const day = await staff.get('/api/v1/appointments?centreId=c-zhangjiang&day=2026-03-03');
    expect(day.body.appointments).toHaveLength(5);
  });

  it('checks in from 30 minutes before the start, issuing a ticket that is called before everyone else', async () => {
    const id = idNumber('19880101', 301);
    const appt = (
      await kiosk.post('/api/v1/appointments', {
        slotId: slotId('zhangjiang', 'jydj', '2026-03-02', 11),
        idNumber: id,
      })
    ).body;
    const early = await kiosk.post('/api/v1/appointments/check-in', { code: appt.code });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('OUTSIDE_CHECK_IN_WINDOW');
    const elder = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-jydj',
        channel: 'window',
        idNumber: idNumber('19400101', 302),
      })
    ).body;
    c.clock.advance(31); // 10:31, 29 minutes before 11:00
    const ok = await kiosk.post('/api/v1/appointments/check-in', { idNumber: id });
    expect(ok.status).toBe(200);
    expect(ok.body.appointment).toMatchObject({
      id: appt.id,
      status: 'checked_in',
      ticketId: ok.body.ticket.id,
    });
    expect(ok.body.ticket).toMatchObject({
      priority: 'appointment',
      appointmentId: appt.id,
      itemId: 'i-jydj',
    });
    expect((await kiosk.post('/api/v1/appointments/check-in', { code: appt.code })).status).toBe(409);
    const agent = await c.staff('agent2');
    c.clock.advance(30); // 11:01: the appointment is due
    const called = await agent.post('/api/v1/agents/me/call-next', {});
    expect(called.body.ticket.id).toBe(ok.body.ticket.id);
    await agent.post(`/api/v1/tickets/${called.body.ticket.id}/start`);
    await agent.post(`/api/v1/tickets/${called.body.ticket.id}/finish`, { outcome: 'done' });
    expect((await agent.post('/api/v1/agents/me/call-next', {})).body.ticket.id).toBe(elder.id);
    await agent.post(`/api/v1/tickets/${elder.id}/cancel`, {});
  });

  it('blocks booking after three missed appointments (a setting)', async () => {
    const id = idNumber('19770707', 401);
    for (const h of [13, 14, 15]) {
      expect(
        (
          await kiosk.post('/api/v1/appointments', {
            slotId: slotId('zhangjiang', 'sbk', '2026-03-02', h),
            idNumber: id,
          })
        ).status,
      ).toBe(201);
    }
    c.clock.advance(6 * 60); // ~17:00: all three windows are over
    const blocked = await kiosk.post('/api/v1/appointments', {
      slotId: slotId('zhangjiang', 'sbk', '2026-03-04', 9),
      idNumber: id,
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('BOOKING_BLOCKED');
    const admin = await c.staff('admin');
    const settings = (await admin.get('/api/v1/admin/settings')).body;
    expect((await admin.put('/api/v1/admin/settings', { ...settings, noShowLimit: 4 })).status).toBe(200);
    expect(
      (
        await kiosk.post('/api/v1/appointments', {
          slotId: slotId('zhangjiang', 'sbk', '2026-03-04', 9),
          idNumber: id,
        })
      ).status,
    ).toBe(201);
    expect((await (await c.staff('agent1')).put('/api/v1/admin/settings', settings)).status).toBe(403);
    await admin.put('/api/v1/admin/settings', settings);
  });

  it('leases numbers for offline use and accepts each uploaded ticket once, in issue-time order', async () => {
    const lease = await kiosk.post('/api/v1/leases', { itemId: 'i-czfw', count: 5 });
    expect(lease.status).toBe(201);
    expect(lease.body.numbers).toHaveLength(5);
    const online = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-czfw',
        channel: 'window',
        idNumber: idNumber('19900101', 501),
      })
    ).body;
    expect(Number(online.number.slice(1))).toBe(lease.body.lastSeq + 1); // the block is never reissued
    expect((await kiosk.post('/api/v1/leases', { itemId: 'i-flzx', count: 5 })).status).toBe(400); // video only
    const now = c.clock.ms;
    const [n1, n2, n3] = lease.body.numbers;
    const upload = {
      tickets: [
        { leaseId: lease.body.id, number: n2, issuedAt: new Date(now - 5 * 60_000).toISOString() },
        { leaseId: lease.body.id, number: n1, issuedAt: new Date(now - 20 * 60_000).toISOString() },
        { leaseId: lease.body.id, number: n3, issuedAt: new Date(now - 2 * 60_000).toISOString() },
        { leaseId: lease.body.id, number: 'A999', issuedAt: new Date(now - 1 * 60_000).toISOString() },
      ],
    };
    const r = await kiosk.post('/api/v1/leases/upload', upload);
    expect(r.status).toBe(200);
    expect(r.body.accepted.map((t: { number: string }) => t.number)).toEqual([n1, n2, n3]);
    expect(r.body.rejected).toEqual([{ number: 'A999', reason: 'number not in lease' }]);
    expect(r.body.accepted[0]).toMatchObject({ offline: true, printStatus: 'printed', waitingAhead: 0 });
    const again = await kiosk.post('/api/v1/leases/upload', upload);
    expect(again.body.accepted).toEqual([]);
    expect(again.body.duplicates.map((t: { id: string }) => t.id).sort()).toEqual(
      r.body.accepted.map((t: { id: string }) => t.id).sort(),
    );
    const onlineNow = await kiosk.get(`/api/v1/tickets/${online.id}`);
    expect(onlineNow.body.waitingAhead).toBe(3); // the offline tickets were issued earlier
    const other = await c.kiosk('s-zhangjiang-2');
    expect((await other.post('/api/v1/leases/upload', upload)).body.rejected).toHaveLength(4);
  });
});

describe.each(DBS)('the service day on %s', (kind) => {
  let c: TestCentral;
  beforeAll(async () => {
    // 23:59 in Shanghai is 15:59 UTC, whatever this machine's own zone
    c = await startTestCentral(kind, { listen: false, clock: () => new Date('2026-03-02T15:59:00Z') });
  });
  afterAll(() => c?.close());

  it('restarts numbering at midnight Asia/Shanghai and keeps the previous day', async () => {
    const kiosk = await c.kiosk('s-huamu-1');
    const a = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-jzz',
        channel: 'window',
        idNumber: idNumber('19900101', 1),
      })
    ).body;
    const b = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-jzz',
        channel: 'window',
        idNumber: idNumber('19900101', 2),
      })
    ).body;
    expect([a.number, a.serviceDay, b.number]).toEqual(['A001', '2026-03-02', 'A002']);
    c.clock.advance(0.5); // 23:59:30
    expect(
      (
        await kiosk.post('/api/v1/tickets', {
          itemId: 'i-jzz',
          channel: 'window',
          idNumber: idNumber('19900101', 3),
        })
      ).body.number,
    ).toBe('A003');
    c.clock.advance(1); // 00:00:30 on the 3rd
    const d = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-jzz',
        channel: 'window',
        idNumber: idNumber('19900101', 4),
      })
    ).body;
    expect([d.number, d.serviceDay]).toEqual(['A001', '2026-03-03']);
    expect((await kiosk.get(`/api/v1/tickets/${a.id}`)).body).toMatchObject({
      number: 'A001',
      serviceDay: '2026-03-02',
    });
  });
});
