import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBS, type KioskClient, type TestCentral, ofType, startTestCentral, stopPostgres } from './harness';

// Offline tickets keep the print status the kiosk uploads with them (printed, failed, not_printed),
// so an agent sees whether the resident holds paper from the moment the ticket appears; an upload
// without the field (a kiosk from before it) counts as printed, as it always did. Both databases.

afterAll(stopPostgres);

type T = { id: string; number: string; printStatus: string };

describe.each(DBS)('offline uploads with their print status on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk('s-zhangjiang-1');
  });
  afterAll(() => c?.close());

  it('stores each ticket with the status it was uploaded with and announces it so', async () => {
    const lease = await kiosk.post('/api/v1/leases', { itemId: 'i-czfw', count: 5 });
    expect(lease.status).toBe(201);
    const [n1, n2, n3, n4] = lease.body.numbers as string[];
    const events = await c.events('c-zhangjiang', { authorization: `Bearer ${kiosk.token}` });
    const at = (minAgo: number) => new Date(c.clock.ms - minAgo * 60_000).toISOString();
    const upload = {
      tickets: [
        { leaseId: lease.body.id, number: n1, issuedAt: at(9), printStatus: 'printed' },
        { leaseId: lease.body.id, number: n2, issuedAt: at(8), printStatus: 'failed' },
        { leaseId: lease.body.id, number: n3, issuedAt: at(7), printStatus: 'not_printed' },
        { leaseId: lease.body.id, number: n4, issuedAt: at(6) }, // an older kiosk: no field
      ],
    };
    const r = await kiosk.post<{ accepted: T[] }>('/api/v1/leases/upload', upload);
    expect(r.status).toBe(200);
    const statusOf = (ts: T[]) => Object.fromEntries(ts.map((t) => [t.number, t.printStatus]));
    const expected = { [n1!]: 'printed', [n2!]: 'failed', [n3!]: 'not_printed', [n4!]: 'printed' };
    expect(statusOf(r.body.accepted)).toEqual(expected);

    // What agents see: the ticket itself and the ticket.issued event that put it in the queue.
    const agent = await c.staff('agent1');
    for (const t of r.body.accepted) {
      expect((await agent.get<T>(`/api/v1/tickets/${t.id}`)).body.printStatus, t.number).toBe(
        expected[t.number],
      );
      const issued = await events.waitFor(
        ofType('ticket.issued', (m) => (m as { data: { ticket: T } }).data.ticket.id === t.id),
      );
      expect((issued as unknown as { data: { ticket: T } }).data.ticket.printStatus, t.number).toBe(
        expected[t.number],
      );
    }

    // The same upload again (a replay) changes nothing, whatever status it now says.
    const again = await kiosk.post<{ accepted: T[]; duplicates: T[] }>('/api/v1/leases/upload', {
      tickets: upload.tickets.map((t) => ({ ...t, printStatus: 'printed' })),
    });
    expect(again.body.accepted).toEqual([]);
    expect(statusOf(again.body.duplicates)).toEqual(expected);

    // A status outside the contract is refused with the field named.
    const bad = await kiosk.post('/api/v1/leases/upload', {
      tickets: [
        { leaseId: lease.body.id, number: lease.body.numbers[4], issuedAt: at(1), printStatus: 'ok' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('printStatus');
  });
});
