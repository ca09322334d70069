import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralHttp } from '../../../main/host/link/http';
import { OutboxReplayer } from '../../../main/host/link/outbox-replayer';
import { LocalStore } from '../../../main/host/store';
import {
  type Client,
  DBS,
  type KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from '../central/harness';
import { activeCase } from '../video/video-harness';

// The kiosk host's outbox against a real central (SQLite and PostgreSQL), over real HTTP: a business
// refusal (409 CONFLICT for a rating central already stored, its idempotency record lost) is marked
// rejected and logged with its code, and the offline ticket behind it still reaches central; a first
// request still running under the entry's key (409 REQUEST_IN_PROGRESS) holds the outbox, in order,
// until central is done with it.

afterAll(stopPostgres);

describe.each(DBS)('the kiosk outbox meeting refusals from central on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client;
  let store: LocalStore;
  let replayer: OutboxReplayer;
  const logged: Array<{ level: string; text: string }> = [];

  beforeAll(async () => {
    c = await startTestCentral(kind); // Monday 2026-03-02, 10:00 in Shanghai
    kiosk = await c.kiosk('s-zhangjiang-1');
    agent = await c.staff('agent1');
    store = LocalStore.open(':memory:');
    const http = new CentralHttp({ baseUrl: c.url, getToken: () => kiosk.token });
    replayer = new OutboxReplayer(
      store.outbox,
      http,
      (level, _scope, text) => void logged.push({ level, text }),
    );
  });
  afterAll(async () => {
    store?.close();
    await c?.close();
  });

  it('marks a rating central already has rejected and still uploads the offline ticket behind it', async () => {
    const r = await activeCase(c, kiosk, agent);
    expect((await agent.post(`/api/v1/video/cases/${r.case.id}/finish`, { outcome: 'done' })).status).toBe(
      200,
    );
    // Central stored the rating, but the kiosk's entry for it carries a key central no longer knows.
    expect((await kiosk.post(`/api/v1/video/cases/${r.case.id}/rating`, { level: 5 })).status).toBe(201);
    const rating = store.outbox.enqueue({
      kind: 'video.rating',
      path: `/api/v1/video/cases/${r.case.id}/rating`,
      body: { level: 4 },
    });
    const lease = await kiosk.post('/api/v1/leases', { itemId: 'i-zmkj', count: 5 });
    expect(lease.status).toBe(201);
    const number = lease.body.numbers[0] as string;
    store.outbox.enqueue({
      kind: 'offline.ticket',
      path: '/api/v1/leases/upload',
      body: {
        tickets: [{ leaseId: lease.body.id, number, issuedAt: new Date(c.clock.ms).toISOString() }],
      },
    });

    expect(await replayer.flush()).toEqual({ sent: 1, rejected: 1, blocked: false });
    expect(store.outbox.depth()).toBe(0);
    expect(store.outbox.get(rating.seq)!.lastError).toMatch(
      /^CONFLICT: .*409: this case has been rated already/,
    );
    expect(logged.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      expect.stringMatching(/video\.rating refused by central \(CONFLICT: .*\); marked rejected/),
    ]);
    const waiting = await agent.get('/api/v1/tickets?centreId=c-zhangjiang&status=waiting');
    expect(waiting.status).toBe(200);
    expect(waiting.body.tickets.map((t: { number: string }) => t.number)).toContain(number);
    const vc = await agent.get(`/api/v1/video/cases/${r.case.id}`);
    expect(vc.body.rated).toBe(true);
  });

  it('holds the outbox in order while the first request with an entry key is still running', async () => {
    const issue = (n: number) =>
      kiosk.post('/api/v1/tickets', {
        itemId: 'i-zmkj',
        channel: 'window',
        idNumber: idNumber('19700101', n),
      });
    const [a, b] = [(await issue(41)).body, (await issue(42)).body];
    const first = store.outbox.enqueue({
      kind: 'ticket.print-status',
      path: `/api/v1/tickets/${a.id}/print-status`,
      body: { status: 'failed' },
    });
    store.outbox.enqueue({
      kind: 'ticket.print-status',
      path: `/api/v1/tickets/${b.id}/print-status`,
      body: { status: 'not_printed' },
    });
    // Central still runs a first request with the head entry's key (its record as it stands meanwhile).
    const principal = `kiosk:${kiosk.kioskId}`;
    await c.central.db.run(
      'INSERT INTO idempotency (principal, key, method, path, status, created_at) VALUES (?, ?, ?, ?, 0, ?)',
      [principal, first.idempotencyKey, 'POST', first.path, c.clock.ms],
    );
    expect(await replayer.flush()).toEqual({ sent: 0, rejected: 0, blocked: true });
    expect(store.outbox.pending().map((e) => e.path)).toEqual([
      first.path,
      `/api/v1/tickets/${b.id}/print-status`,
    ]);
    expect(store.outbox.get(first.seq)!.lastError).toMatch(/^REQUEST_IN_PROGRESS: /);
    expect((await kiosk.get(`/api/v1/tickets/${b.id}`)).body.printStatus).toBe(b.printStatus); // not sent yet

    await c.central.db.run('DELETE FROM idempotency WHERE principal = ? AND key = ?', [
      principal,
      first.idempotencyKey,
    ]);
    expect(await replayer.flush()).toEqual({ sent: 2, rejected: 0, blocked: false });
    expect((await kiosk.get(`/api/v1/tickets/${a.id}`)).body.printStatus).toBe('failed');
    expect((await kiosk.get(`/api/v1/tickets/${b.id}`)).body.printStatus).toBe('not_printed');
  });
});
