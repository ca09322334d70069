import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lease } from '../../../contract/api/leases';
import { MAX_TICKET_SEQ, Ticket } from '../../../contract/ticket';
import {
  DBS,
  type KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from '../central/harness';

// Numbers from 10000 up (F10000) are tickets like any other: the contract's pattern, a lease and the
// offline upload accept them. Past MAX_TICKET_SEQ a day central refuses with 409 CONFLICT and a
// message saying the day's numbers are used up, instead of issuing a number nobody could read back.

afterAll(stopPostgres);

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
