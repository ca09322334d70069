import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lease } from '../../../contract/api/leases';
import { MAX_TICKET_SEQ, Ticket } from '../../../contract/ticket';
import { STALE_MS } from '../../../central/http/idempotency';
import {
  DBS,
  type KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from '../central/harness';

// Central's rules for the fault cases, one in-process central per database (one PostgreSQL server
// for the file).

afterAll(stopPostgres);

// A placeholder left by a request that can no longer be running (its instance died, or it is older
// than any live request runs) is taken over by the retry instead of answering 409
// REQUEST_IN_PROGRESS for days; one whose request may still run keeps answering 409. And a route with
// no key code of its own records its key in the transaction of its effect.

describe.each(DBS)('idempotency placeholders on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let ticketId: string;
  let n = 0;
  const principal = () => `kiosk:${kiosk.kioskId}`;
  const leave = (key: string, owner: string | null, at: number) =>
    c.central.db.run(
      'INSERT INTO idempotency (principal, key, method, path, status, created_at, owner) VALUES (?, ?, ?, ?, 0, ?, ?)',
      [principal(), key, 'POST', `/api/v1/tickets/${ticketId}/print-status`, at, owner],
    );
  const printed = (key: string) =>
    kiosk.post(`/api/v1/tickets/${ticketId}/print-status`, { status: 'printed' }, { 'idempotency-key': key });
  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk();
    const t = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-zmkj',
      channel: 'window',
      idNumber: idNumber('19750505', 1),
    });
    ticketId = t.body.id;
  });
  afterAll(() => c?.close());

  it('takes over a placeholder whose instance is gone', async () => {
    const key = `dead-instance-${++n}`;
    await leave(key, 'a0000000-dead-4000-8000-000000000000/r1', c.clock.ms);
    const r = await printed(key);
    expect(r.status).toBe(200);
    expect(r.body.printStatus).toBe('printed');
    const again = await printed(key);
    expect(again.headers.get('idempotent-replay')).toBe('true');
  });

  it('takes over a placeholder older than any live request, and keeps a fresh one of a live request', async () => {
    const fresh = `live-request-${++n}`;
    await leave(fresh, `${c.central.db.instance}/still-running`, c.clock.ms);
    // This instance's own placeholder whose request is not running any more is free at once.
    expect((await printed(fresh)).status).toBe(200);

    const legacy = `legacy-placeholder-${++n}`;
    await leave(legacy, null, c.clock.ms);
    const busy = await printed(legacy);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('REQUEST_IN_PROGRESS');
    c.clock.ms += STALE_MS + 1000;
    expect((await printed(legacy)).status).toBe(200);
  });

  it('records the key of a lease in the transaction that creates it', async () => {
    const key = `lease-in-tx-${++n}`;
    const r = await kiosk.post('/api/v1/leases', { itemId: 'i-zmkj', count: 2 }, { 'idempotency-key': key });
    expect(r.status).toBe(201);
    const row = await c.central.db.get<{ status: number; body: string; owner: string | null }>(
      'SELECT status, body, owner FROM idempotency WHERE principal = ? AND key = ?',
      [principal(), key],
    );
    // Written by the lease's own transaction (it names its owner), then replaced by the answer sent.
    expect(row).toMatchObject({ status: 201 });
    expect(row!.owner).toMatch(new RegExp(`^${c.central.db.instance}/`));
    expect(JSON.parse(row!.body).id).toBe(r.body.id);
    const again = await kiosk.post(
      '/api/v1/leases',
      { itemId: 'i-zmkj', count: 2 },
      { 'idempotency-key': key },
    );
    expect(again.body.id).toBe(r.body.id);
  });
});

// Numbers from 10000 up (F10000) are tickets like any other: the contract's pattern, a lease and the
// offline upload accept them. Past MAX_TICKET_SEQ a day central refuses with 409 CONFLICT and a
// message saying the day's numbers are used up, instead of issuing a number nobody could read back.

describe.each(DBS)('ticket numbers past 9999 on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let n = 0;
  const issue = () =>
    kiosk.post('/api/v1/tickets', {
      itemId: 'i-zmkj',
      channel: 'window',
      idNumber: idNumber('19800101', ++n),
    });
  const setCounter = async (prefix: string, day: string, last: number) =>
    c.central.db.run(
      'UPDATE ticket_counters SET last_seq = ? WHERE centre_id = ? AND prefix = ? AND service_day = ?',
      [last, 'c-zhangjiang', prefix, day],
    );
  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk();
  });
  afterAll(() => c?.close());

  it('issues, leases and takes back offline numbers from 10000 up', async () => {
    const first = (await issue()).body as Ticket;
    const prefix = first.number[0]!;
    await setCounter(prefix, first.serviceDay, 9999);
    const big = await issue();
    expect(big.status).toBe(201);
    expect(big.body.number).toBe(`${prefix}10000`);
    expect(Ticket.safeParse(big.body).success).toBe(true);
    const lease = await kiosk.post('/api/v1/leases', { itemId: 'i-zmkj', count: 3 });
    expect(lease.status).toBe(201);
    expect(Lease.parse(lease.body).numbers).toEqual([`${prefix}10001`, `${prefix}10002`, `${prefix}10003`]);
    const up = await kiosk.post('/api/v1/leases/upload', {
      tickets: [
        { leaseId: lease.body.id, number: `${prefix}10002`, issuedAt: new Date(c.clock.ms).toISOString() },
      ],
    });
    expect(up.status).toBe(200);
    expect(up.body.accepted.map((t: Ticket) => t.number)).toEqual([`${prefix}10002`]);
  });

  it(`refuses with 409 CONFLICT past ${MAX_TICKET_SEQ} a day, for tickets and leases alike`, async () => {
    const first = (await issue()).body as Ticket;
    const prefix = first.number[0]!;
    await setCounter(prefix, first.serviceDay, MAX_TICKET_SEQ - 1);
    const last = await issue();
    expect(last.body.number).toBe(`${prefix}${MAX_TICKET_SEQ}`);
    const over = await issue();
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'CONFLICT' });
    expect(over.body.error.message).toMatch(/used up/);
    const lease = await kiosk.post('/api/v1/leases', { itemId: 'i-zmkj', count: 2 });
    expect(lease.status).toBe(409);
    // The refusal rolled back: the counter still stands at the last number given out.
    const counter = await c.central.db.get<{ last_seq: number }>(
      'SELECT last_seq FROM ticket_counters WHERE centre_id = ? AND prefix = ? AND service_day = ?',
      ['c-zhangjiang', prefix, first.serviceDay],
    );
    expect(Number(counter!.last_seq)).toBe(MAX_TICKET_SEQ);
  });
});

// A ticket issue whose answer never reached the kiosk: the kiosk abandons its key through the
// outbox, and central keeps no waiting ticket that no resident holds.
describe.each(DBS)('abandoned ticket issues on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let n = 0;
  const issue = (key: string) =>
    kiosk.post(
      '/api/v1/tickets',
      { itemId: 'i-zmkj', channel: 'window', idNumber: idNumber('19850303', ++n) },
      { 'idempotency-key': key },
    );
  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk();
  });
  afterAll(() => c?.close());

  it('cancels the ticket an abandoned key issued', async () => {
    const key = `lost-answer-${kind}-1`;
    const t = await issue(key);
    expect(t.status).toBe(201);
    const r = await kiosk.post('/api/v1/tickets/abandon', { key });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ticketId: t.body.id, cancelled: true });
    expect((await kiosk.get(`/api/v1/tickets/${t.body.id}`)).body.status).toBe('cancelled');
    // Sent again by the outbox (same abandon key): the same answer, nothing more.
    const again = await kiosk.post(
      '/api/v1/tickets/abandon',
      { key },
      { 'idempotency-key': 'abandon-once-1' },
    );
    const replay = await kiosk.post(
      '/api/v1/tickets/abandon',
      { key },
      { 'idempotency-key': 'abandon-once-1' },
    );
    expect(replay.body).toEqual(again.body);
  });

  it('closes a key that issued nothing yet, so its late copy issues nothing', async () => {
    const key = `lost-request-${kind}-1`;
    const r = await kiosk.post('/api/v1/tickets/abandon', { key });
    expect(r.body).toEqual({ ticketId: null, cancelled: false });
    const before = await c.central.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM tickets');
    const late = await issue(key);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CONFLICT');
    const after = await c.central.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM tickets');
    expect(Number(after!.n)).toBe(Number(before!.n));
  });
});
