import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DBS,
  type KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from '../central/harness';

// "Typed identity is not a verified identity" (issue 11), on both databases: every ticket and
// appointment records how its resident was identified (card, typed, code, none); a name is kept from
// a card read only; a typed number gets no list of that person's appointments, and a check-in by a
// typed number does not hand back the code. The clock stands at 10:00 in Shanghai on 2026-03-02.

afterAll(stopPostgres);

const slot = (item: string, hour: number) =>
  `sl-zhangjiang-${item}-20260302-${String(hour).padStart(2, '0')}00`;

describe.each(DBS)('how a resident was identified, on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  beforeAll(async () => {
    c = await startTestCentral(kind, { listen: false });
    kiosk = await c.kiosk('s-zhangjiang-1');
  });
  afterAll(() => c?.close());

  /** The stored name of a resident, decrypted (null when none is kept). */
  const storedName = async (idNo: string) => {
    const hashes = c.central.ctx.pii.lookupHashes(idNo);
    const row = await c.central.db.get<{ name_enc: string | null }>(
      `SELECT name_enc FROM residents WHERE id_hash IN (${hashes.map(() => '?').join(', ')})`,
      hashes,
    );
    return row?.name_enc ? c.central.ctx.pii.decrypt(row.name_enc) : null;
  };

  it('records card, typed or none per ticket, keeps a name from a card read only, and shows the method to staff', async () => {
    const typist = idNumber('19700101', 801);
    const typed = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-sbk',
      channel: 'window',
      idNumber: typist,
      identifiedBy: 'typed',
      // A name with a typed number (a modified kiosk page, a client of its own) is not kept.
      name: '冒名',
    });
    expect(typed.status).toBe(201);
    expect(typed.body.identifiedBy).toBe('typed');
    expect(await storedName(typist)).toBeNull();

    const reader = idNumber('19710202', 802);
    const card = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-sbk',
      channel: 'window',
      idNumber: reader,
      identifiedBy: 'card',
      name: '王小明',
    });
    expect(card.body.identifiedBy).toBe('card');
    expect(await storedName(reader)).toBe('王小明');

    const nobody = await kiosk.post('/api/v1/tickets', { itemId: 'i-sdmjf', channel: 'window' });
    expect(nobody.status).toBe(201);
    expect(nobody.body.identifiedBy).toBe('none');

    // Kiosks from before the field: a number with a name came from the card, a bare one was typed.
    const older = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-ybdj',
      channel: 'window',
      idNumber: idNumber('19720303', 803),
    });
    expect(older.body.identifiedBy).toBe('typed');

    // Staff see the method on the ticket (list and single), the way the console reads it.
    const agent = await c.staff('agent1');
    const list = await agent.get('/api/v1/tickets?centreId=c-zhangjiang&status=waiting');
    const byId = new Map(list.body.tickets.map((t: { id: string; identifiedBy: string }) => [t.id, t]));
    expect(byId.get(typed.body.id)).toMatchObject({ identifiedBy: 'typed' });
    expect(byId.get(card.body.id)).toMatchObject({ identifiedBy: 'card' });
    expect((await agent.get(`/api/v1/tickets/${typed.body.id}`)).body.identifiedBy).toBe('typed');
  });

  it('refuses to list the appointments of a typed number, and masks the code when one checks in by it', async () => {
    const resident = idNumber('19600505', 804);
    const booked = await kiosk.post('/api/v1/appointments', {
      slotId: slot('jydj', 10),
      idNumber: resident,
      identifiedBy: 'typed',
      name: '李四',
    });
    expect(booked.status).toBe(201);
    expect(booked.body.identifiedBy).toBe('typed');
    expect(await storedName(resident)).toBeNull(); // a booking names nobody

    const typedList = await kiosk.post('/api/v1/appointments/lookup', {
      idNumber: resident,
      identifiedBy: 'typed',
    });
    expect(typedList.status).toBe(403);
    expect(typedList.body.error.code).toBe('FORBIDDEN');
    expect(JSON.stringify(typedList.body)).not.toContain(booked.body.code);

    const cardList = await kiosk.post('/api/v1/appointments/lookup', {
      idNumber: resident,
      identifiedBy: 'card',
    });
    expect(cardList.status).toBe(200);
    expect(cardList.body.appointments.map((a: { code: string }) => a.code)).toContain(booked.body.code);

    const checkIn = await kiosk.post('/api/v1/appointments/check-in', {
      idNumber: resident,
      identifiedBy: 'typed',
    });
    expect(checkIn.status).toBe(200);
    expect(checkIn.body.ticket.identifiedBy).toBe('typed');
    expect(checkIn.body.appointment.code).not.toBe(booked.body.code);
    expect(JSON.stringify(checkIn.body)).not.toContain(booked.body.code);
  });

  it('records a check-in by appointment code as code, and an offline ticket with what the kiosk saw', async () => {
    const booked = await kiosk.post('/api/v1/appointments', {
      slotId: slot('jzz', 10),
      idNumber: idNumber('19610606', 805),
      identifiedBy: 'card',
      name: '赵六',
    });
    expect(booked.body.identifiedBy).toBe('card');
    const byCode = await kiosk.post('/api/v1/appointments/check-in', { code: booked.body.code });
    expect(byCode.status).toBe(200);
    expect(byCode.body.ticket.identifiedBy).toBe('code');

    const lease = await kiosk.post('/api/v1/leases', { itemId: 'i-czfw', count: 3 });
    expect(lease.status).toBe(201);
    const [n1, n2] = lease.body.numbers;
    const at = new Date(c.clock.ms - 60_000).toISOString();
    const up = await kiosk.post('/api/v1/leases/upload', {
      tickets: [
        { leaseId: lease.body.id, number: n1, issuedAt: at, identifiedBy: 'typed' },
        { leaseId: lease.body.id, number: n2, issuedAt: at }, // hosts before the field: unknown
      ],
    });
    expect(up.status).toBe(200);
    const got = new Map(up.body.accepted.map((t: { number: string }) => [t.number, t]));
    expect(got.get(n1)).toMatchObject({ offline: true, identifiedBy: 'typed' });
    expect(got.get(n2)).toMatchObject({ offline: true, identifiedBy: null });
  });

  it('refuses a method outside the contract with 400 and the field', async () => {
    const r = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-sbk',
      channel: 'window',
      idNumber: idNumber('19730404', 806),
      identifiedBy: 'code',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(r.body.error.fields)).toContain('identifiedBy');
  });
});
