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
    /** Resolves once `n` requests have arrived (woken by each request; 20 s at most). */
    async count(n: number, timeoutMs = 20_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`${received.length} of ${n} webhook requests arrived`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, deadline - Date.now());
          waiters.push(() => (clearTimeout(t), r()));
        });
      }
      return received;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// No sleeping for "it is written down" or "nothing else arrives": the dispatcher's idle() resolves once
// no lane is sending (the attempt under way has been recorded), and a later marker event, which a
// lane queues only after the one before it is closed, proves the lane went past without sending again.
const idle = (central: RunningCentral) => central.ctx.webhooks!.idle();

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
    await idle(central); // the failed attempt is written down
    const retrying = (await admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).body.deliveries[0];
    expect(retrying).toMatchObject({
      eventId: first!.eventId,
      status: 'retrying',
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
    await idle(central);
    const done = (await admin2.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).body.deliveries[0];
    expect(done).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatus: 204,
      lastError: null,
      nextAttemptAt: null,
    });
    expect((await admin2.get('/api/v1/admin/webhooks')).body.webhooks).toEqual([
      expect.objectContaining({ id: hook.id, pending: 0, failed: 0 }),
    ]);
    // Delivered once after the restart, not again: the next request is the next event's.
    const marker = await issue(new KioskClient(central.url, kiosk.token, kiosk.kioskId), 12);
    const [, , third] = await rx.count(3);
    expect(JSON.parse(third!.body)).toMatchObject({ data: { ticket: { id: marker.id } } });
    await idle(central);
    expect(rx.received).toHaveLength(3);
  });

  it('a receiver that never accepts: each event fails after the last attempt, in order, visible to an admin', async () => {
    const rx = await receiver((n) => (n < 6 ? 500 : 204)); // the 7th request (a marker event) is accepted
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
    await idle(c.central); // the last attempt is written down
    const failed = (await admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries?status=failed`)).body
      .deliveries;
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
    // Bounded: no attempt after the last; the next request is a later event's, sent once.
    await issue(kiosk, 23);
    const [marker] = (await rx.count(7)).slice(6);
    expect(marker!.eventId).toBeGreaterThan(b);
    await idle(c.central);
    expect(rx.received).toHaveLength(7);

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
      await rx.count(6);
      // Both instances poll every 200 ms; a later event arriving next, after the six, shows that no
      // instance sent one of them again (the lane queues it only once the sixth is delivered).
      ids.push((await issue(kiosk, 46)).id);
      const got = await rx.count(7);
      await Promise.all([idle(c.central), idle(other)]);
      expect(rx.received).toHaveLength(7);
      expect(got.map((r) => JSON.parse(r.body).data.ticket.id)).toEqual(ids);
    } finally {
      await other.close();
      await c.close();
      await rx.close();
    }
  });
});
