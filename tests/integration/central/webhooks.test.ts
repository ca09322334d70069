import { rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningCentral, startCentral } from '../../../central/server';
import { signature } from '../../../central/services/webhooks';
import {
  Client,
  DBS,
  KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from './harness';

// Durable webhook delivery on both databases: a retry waiting when the central service stops is made
// by the next one, signed; a receiver that never accepts ends in `failed` after the last attempt,
// visible to an admin; one hook's events go out in order; two instances on one PostgreSQL database
// deliver each event once.

afterAll(stopPostgres);

const SECRET = 'a-webhook-secret-of-length';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  eventId: number;
  status: number;
}

/** A webhook receiver on 127.0.0.1 answering with `answer(n)` for the n-th request (0-based). */
async function receiver(answer: (n: number) => number) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const status = answer(received.length);
      received.push({
        headers: req.headers,
        body,
        eventId: Number(req.headers['x-doorstep-event-id']),
        status,
      });
      res.writeHead(status).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    /** Resolves once `n` requests have arrived (10 s at most). */
    async count(n: number, timeoutMs = 10_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`${received.length} of ${n} webhook requests arrived`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, 200);
          waiters.push(() => (clearTimeout(t), r()));
        });
      }
      return received;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const login = async (url: string) => {
  const r = await new Client(url).post('/api/v1/auth/login', {
    username: 'admin',
    password: 'doorstep-demo',
  });
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  return new Client(url, { cookie, 'x-csrf-token': r.body.csrfToken });
};

const issue = async (kiosk: KioskClient, n: number) =>
  (
    await kiosk.post('/api/v1/tickets', {
      itemId: 'i-sbk',
      channel: 'window',
      idNumber: idNumber('19700505', n),
    })
  ).body as { id: string };

describe.each(DBS)('durable webhook delivery on %s', (kind) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
  });

  it('a retry pending when the central service stops is made after it restarts, signed', async () => {
    let accept = false;
    const rx = await receiver(() => (accept ? 204 : 503));
    cleanup.push(rx.close);
    const c: TestCentral = await startTestCentral(kind, { webhookBackoffMs: 1500 });
    c.clock.run(); // retries wait on real timers here (webhook-clock.test.ts drives them by hand)
    let central: RunningCentral = c.central;
    cleanup.push(async () => {
      await central.close();
      rmSync(c.dataDir, { recursive: true, force: true });
    });
    const admin = await c.staff('admin');
    const hook = (
      await admin.post('/api/v1/admin/webhooks', { url: rx.url, secret: SECRET, events: ['ticket.issued'] })
    ).body;
    const kiosk = await c.kiosk();
    const t = await issue(kiosk, 11);
    const [first] = await rx.count(1);
    expect(first!.status).toBe(503);
    const retrying = await until('the failed attempt to be written down', async () => {
      const d = (await admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).body.deliveries[0];
      return d?.status === 'retrying' ? d : undefined;
    });
    expect(retrying).toMatchObject({
      eventId: first!.eventId,
      eventType: 'ticket.issued',
      attempts: 1,
      lastStatus: 503,
    });
    expect(Date.parse(retrying.nextAttemptAt)).toBeGreaterThan(c.clock.now().getTime());

    // Stop before the retry is due; it falls due while no central runs, and nothing arrives.
    await c.central.close();
    accept = true;
    c.clock.ms += 1800;
    expect(rx.received).toHaveLength(1);

    central = await startCentral({
      dataDir: c.dataDir,
      databaseUrl: c.databaseUrl,
      port: 0,
      clock: c.clock.now,
      webhookBackoffMs: 1500,
      webhookTargets: 'any', // the receiver is on 127.0.0.1; without the demo seed only public https is allowed
    });
    const [, second] = await rx.count(2);
    expect(second!.status).toBe(204);
    expect(second!.eventId).toBe(first!.eventId);
    expect(second!.body).toBe(first!.body);
    expect(JSON.parse(second!.body)).toMatchObject({ type: 'ticket.issued', data: { ticket: { id: t.id } } });
    const ts = String(second!.headers['x-doorstep-timestamp']);
    expect(second!.headers['x-doorstep-signature']).toBe(signature(SECRET, ts, second!.body));

    const admin2 = await login(central.url);
    const done = await until('the delivery to show as delivered', async () => {
      const d = (await admin2.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).body.deliveries[0];
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(done).toMatchObject({ attempts: 2, lastStatus: 204, lastError: null, nextAttemptAt: null });
    expect((await admin2.get('/api/v1/admin/webhooks')).body.webhooks).toEqual([
      expect.objectContaining({ id: hook.id, pending: 0, failed: 0 }),
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received).toHaveLength(2); // delivered once after the restart, not again
  });

  it('a receiver that never accepts: each event fails after the last attempt, in order, visible to an admin', async () => {
    const rx = await receiver(() => 500);
    cleanup.push(rx.close);
    const c = await startTestCentral(kind, { webhookBackoffMs: 30, webhookMaxAttempts: 3 });
    cleanup.push(c.close);
    c.clock.run();
    const admin = await c.staff('admin');
    const hook = (
      await admin.post('/api/v1/admin/webhooks', { url: rx.url, secret: SECRET, events: ['ticket.issued'] })
    ).body;
    const kiosk = await c.kiosk();
    await issue(kiosk, 21);
    await issue(kiosk, 22);
    const got = await rx.count(6);
    const [a, b] = [got[0]!.eventId, got[3]!.eventId];
    expect(b).toBeGreaterThan(a);
    expect(got.map((r) => r.eventId)).toEqual([a, a, a, b, b, b]);
    const failed = await until('both deliveries to fail', async () => {
      const list = (await admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries?status=failed`)).body
        .deliveries;
      return list.length === 2 ? list : undefined;
    });
    expect(failed).toEqual([
      expect.objectContaining({
        eventId: b,
        status: 'failed',
        attempts: 3,
        lastStatus: 500,
        lastError: 'HTTP 500',
        nextAttemptAt: null,
      }),
      expect.objectContaining({ eventId: a, status: 'failed', attempts: 3, lastStatus: 500 }),
    ]);
    expect((await admin.get('/api/v1/admin/webhooks')).body.webhooks).toEqual([
      expect.objectContaining({ id: hook.id, pending: 0, failed: 2 }),
    ]);
    await new Promise((r) => setTimeout(r, 400));
    expect(rx.received).toHaveLength(6); // bounded: no attempt after the last

    const agent = await c.staff('agent1');
    expect((await agent.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).status).toBe(403);
    expect((await admin.get('/api/v1/admin/webhooks/wh-nope/deliveries')).status).toBe(404);
  });

  it('a later event waits until the earlier one is delivered', async () => {
    const rx = await receiver((n) => (n < 2 ? 502 : 200));
    cleanup.push(rx.close);
    const c = await startTestCentral(kind, { webhookBackoffMs: 150 });
    cleanup.push(c.close);
    c.clock.run();
    const admin = await c.staff('admin');
    await admin.post('/api/v1/admin/webhooks', { url: rx.url, secret: SECRET, events: ['ticket.issued'] });
    const kiosk = await c.kiosk();
    const t1 = await issue(kiosk, 31);
    const t2 = await issue(kiosk, 32);
    const t3 = await issue(kiosk, 33);
    const got = await rx.count(5);
    const ticketOf = (r: Received) => JSON.parse(r.body).data.ticket.id as string;
    expect(got.map(ticketOf)).toEqual([t1.id, t1.id, t1.id, t2.id, t3.id]);
    expect(got.map((r) => r.status)).toEqual([502, 502, 200, 200, 200]);
  });
});

describe('two central instances on one PostgreSQL database', () => {
  it('deliver each event once between them', async () => {
    const rx = await receiver(() => 200);
    const c = await startTestCentral('postgres', { webhookPollMs: 200 });
    c.clock.run();
    const other = await startCentral({
      dataDir: c.dataDir,
      databaseUrl: c.databaseUrl,
      port: 0,
      clock: c.clock.now,
      webhookPollMs: 200,
      webhookTargets: 'any',
    });
    try {
      const admin = await c.staff('admin');
      await admin.post('/api/v1/admin/webhooks', { url: rx.url, secret: SECRET, events: ['ticket.issued'] });
      const kiosk = await c.kiosk();
      const viaOther = new KioskClient(other.url, kiosk.token, kiosk.kioskId);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await issue(i % 2 ? viaOther : kiosk, 40 + i)).id);
      const got = await rx.count(6);
      await new Promise((r) => setTimeout(r, 1000)); // several polls of both instances
      expect(rx.received).toHaveLength(6);
      expect(got.map((r) => JSON.parse(r.body).data.ticket.id)).toEqual(ids);
    } finally {
      await other.close();
      await c.close();
      await rx.close();
    }
  });
});
