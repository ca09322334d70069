import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../contract/events';
import { signature } from '../../../central/services/webhooks';
import { startCentral } from '../../../central/server';
import {
  DBS,
  type KioskClient,
  type TestCentral,
  idNumber,
  ofType,
  startTestCentral,
  stopPostgres,
} from './harness';

// WebSocket events and webhooks on both databases: what a kiosk and a console see live, resuming
// without missing or doubling events, and signed, retried webhook deliveries.

afterAll(stopPostgres);

describe.each(DBS)('events on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  beforeAll(async () => {
    c = await startTestCentral(kind, { webhookBackoffMs: 20 });
    kiosk = await c.kiosk();
  });
  afterAll(() => c?.close());

  it('streams ticket and queue events with estimates to kiosks and consoles of the centre', async () => {
    const agent = await c.staff('agent1');
    const kioskEvents = await c.events('c-zhangjiang', { authorization: `Bearer ${kiosk.token}` });
    const consoleEvents = await c.events('c-zhangjiang', agent.auth());
    await kioskEvents.waitFor(ofType('hello'));
    await agent.post('/api/v1/agents/me/resume', {});
    const t = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-jydj',
        channel: 'video',
        idNumber: idNumber('19900101', 1),
      })
    ).body;
    const issued = await consoleEvents.waitFor(ofType('ticket.issued', (m) => m.data.ticket.id === t.id));
    expect(issued).toMatchObject({
      centreId: 'c-zhangjiang',
      data: { ticket: { number: t.number, status: 'waiting' } },
    });
    const queue = await kioskEvents.waitFor(
      ofType('queue.changed', (m) =>
        m.data.queues.some((q) => q.itemId === 'i-jydj' && q.channel === 'video' && q.waiting === 1),
      ),
    );
    expect(queue.data.queues[0]!.estimate).toMatchObject({ known: true });
    await agent.post('/api/v1/agents/me/call-next', {});
    const called = await kioskEvents.waitFor(ofType('ticket.called', (m) => m.data.ticket.id === t.id));
    expect(called.data).toMatchObject({ agentId: agent.id, ticket: { status: 'called' } });
    const ids = kioskEvents.events().map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    await agent.post(`/api/v1/tickets/${t.id}/start`);
    await agent.post(`/api/v1/tickets/${t.id}/finish`, { outcome: 'done' });
  });

  it('refuses a connection without credentials or for another centre', async () => {
    await expect(c.events('c-zhangjiang', {})).rejects.toMatchObject({ status: 401 });
    await expect(c.events('c-huamu', { authorization: `Bearer ${kiosk.token}` })).rejects.toMatchObject({
      status: 403,
    });
    await expect(c.events('c-zhangjiang', { authorization: 'Bearer dst_wrong' })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('resumes from the last event id without missing or doubling events', async () => {
    const first = await c.events('c-zhangjiang', { authorization: `Bearer ${kiosk.token}` });
    const hello = await first.waitFor(ofType('hello'));
    const a = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-sbk',
        channel: 'window',
        idNumber: idNumber('19800101', 1),
      })
    ).body;
    const seenA = await first.waitFor(ofType('ticket.issued', (m) => m.data.ticket.id === a.id));
    const lastSeen = Math.max(...first.events().map((e) => e.id));
    expect(seenA.id).toBeGreaterThan(hello.lastEventId);
    first.close(); // the kiosk loses its link …
    const missed: string[] = [];
    for (let i = 2; i <= 6; i++) {
      missed.push(
        (
          await kiosk.post('/api/v1/tickets', {
            itemId: 'i-sbk',
            channel: 'window',
            idNumber: idNumber('19800101', i),
          })
        ).body.id,
      );
    }
    // … and comes back with since=<last id>, while more tickets keep coming
    const resumed = await c.events('c-zhangjiang', { authorization: `Bearer ${kiosk.token}` }, lastSeen);
    const during = kiosk.post('/api/v1/tickets', {
      itemId: 'i-sbk',
      channel: 'window',
      idNumber: idNumber('19800101', 7),
    });
    const last = (await during).body.id as string;
    await resumed.waitFor(ofType('ticket.issued', (m) => m.data.ticket.id === last));
    const events = resumed.events();
    const ids = events.map((e) => e.id);
    expect(ids[0]).toBe(lastSeen + 1);
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => lastSeen + 1 + i)); // nothing missed
    const issued = events.filter(
      (e): e is Extract<ServerMessage, { type: 'ticket.issued' }> => e.type === 'ticket.issued',
    );
    expect(issued.map((e) => e.data.ticket.id)).toEqual([...missed, last]);
  });

  it('delivers signed webhooks and retries with backoff until the receiver accepts', async () => {
    c.clock.run(); // retries wait on central's clock; here it moves with real time (webhook-clock.test.ts drives it by hand)
    const received: Array<{ headers: IncomingMessage['headers']; body: string; status: number }> = [];
    let wanted: () => void = () => undefined;
    const delivered = new Promise<void>((r) => (wanted = r));
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const status = received.length < 2 ? 500 : 200; // fail twice, then accept
        received.push({ headers: req.headers, body, status });
        res.writeHead(status).end();
        if (status === 200) wanted();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const admin = await c.staff('admin');
    const secret = 'a-webhook-secret-of-length';
    const hook = await admin.post('/api/v1/admin/webhooks', {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      secret,
      events: ['ticket.issued'],
    });
    expect(hook.status).toBe(201);
    const t = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-ybdj',
        channel: 'window',
        idNumber: idNumber('19900303', 1),
      })
    ).body;
    await delivered;
    server.close();
    expect(received.map((r) => r.status)).toEqual([500, 500, 200]);
    const last = received[2]!;
    const env = JSON.parse(last.body);
    expect(env).toMatchObject({ type: 'ticket.issued', data: { ticket: { id: t.id } } });
    expect(last.headers['x-doorstep-event-id']).toBe(String(env.id));
    const ts = String(last.headers['x-doorstep-timestamp']);
    expect(last.headers['x-doorstep-signature']).toBe(signature(secret, ts, last.body));
    expect(received.every((r) => r.body === last.body)).toBe(true);
  });
});

describe('two central instances on one PostgreSQL database', () => {
  let c: TestCentral;
  let kiosk: KioskClient;
  beforeAll(async () => {
    c = await startTestCentral('postgres');
    kiosk = await c.kiosk();
  });
  afterAll(() => c?.close());

  it('fans out events written by another central instance on the same database', async () => {
    const other = await startCentral({ dataDir: c.dataDir, databaseUrl: c.databaseUrl, port: 0 });
    try {
      const events = await c.events('c-zhangjiang', { authorization: `Bearer ${kiosk.token}` });
      await events.waitFor(ofType('hello'));
      const r = await fetch(`${other.url}/api/v1/tickets`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${kiosk.token}`,
          'idempotency-key': 'other-instance-1',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ itemId: 'i-jzz', channel: 'window', idNumber: idNumber('19910101', 5) }),
      });
      const t = (await r.json()) as { id: string };
      expect(r.status).toBe(201);
      await events.waitFor(ofType('ticket.issued', (m) => m.data.ticket.id === t.id));
    } finally {
      await other.close();
    }
  });
});
