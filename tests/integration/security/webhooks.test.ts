import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../../central/security/targets';
import { type TestCentral, idNumber, startTestCentral } from '../central/harness';

// Webhooks kept in their lane: a centre admin's hook gets its centres' events only (appointment
// codes of other centres included), and sees only its own hooks; creation is audited; receivers on
// loopback, private or link-local addresses and plain http are refused outside demo mode; a redirect
// is never followed.

interface Rx {
  url: string;
  bodies: Array<{ centreId: string; type: string }>;
  statuses: number[];
  next(n: number): Promise<void>;
  close(): Promise<void>;
}

async function receiver(
  answer: (res: import('node:http').ServerResponse) => void = (r) => r.writeHead(204).end(),
): Promise<Rx> {
  const bodies: Rx['bodies'] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      bodies.push(JSON.parse(body) as { centreId: string; type: string });
      answer(res);
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    statuses: [],
    async next(n) {
      const deadline = Date.now() + 20_000;
      while (bodies.length < n) {
        if (Date.now() > deadline) throw new Error(`${bodies.length} of ${n} webhook requests arrived`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, deadline - Date.now());
          waiters.push(() => (clearTimeout(t), r()));
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const SECRET = 'a-webhook-secret-of-length';
const hookBody = (url: string) => ({ url, secret: SECRET, events: ['ticket.issued'] });

describe('webhooks in their lane', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
  });
  afterAll(async () => {
    for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
  });

  async function central(opts: Parameters<typeof startTestCentral>[1] = {}): Promise<TestCentral> {
    const c = await startTestCentral('sqlite', opts);
    cleanup.push(() => c.close());
    return c;
  }

  it("sends a centre admin's hook only its centre's events and hides other hooks from that admin", async () => {
    const c = await central();
    const admin = await c.staff('admin');
    const made = await admin.post('/api/v1/admin/staff', {
      username: 'zj-admin',
      displayName: 'Zhangjiang admin',
      role: 'admin',
      centreIds: ['c-zhangjiang'],
      password: 'doorstep-demo',
    });
    expect(made.status).toBe(201);
    const centreAdmin = await c.staff('zj-admin');
    const mine = await receiver();
    const district = await receiver();
    cleanup.push(mine.close, district.close);
    const own = await centreAdmin.post('/api/v1/admin/webhooks', hookBody(mine.url));
    expect(own.status).toBe(201);
    const all = await admin.post('/api/v1/admin/webhooks', hookBody(district.url));

    const huamu = await c.kiosk('s-huamu-1');
    const zhangjiang = await c.kiosk('s-zhangjiang-1');
    const body = (n: number) => ({ itemId: 'i-sbk', channel: 'window', idNumber: idNumber('19700505', n) });
    expect((await huamu.post('/api/v1/tickets', body(1))).status).toBe(201);
    expect((await zhangjiang.post('/api/v1/tickets', body(2))).status).toBe(201);
    await district.next(2);
    await mine.next(1);
    expect(district.bodies.map((b) => b.centreId).sort()).toEqual(['c-huamu', 'c-zhangjiang']);
    expect(mine.bodies.map((b) => b.centreId)).toEqual(['c-zhangjiang']);

    const listed = await centreAdmin.get('/api/v1/admin/webhooks');
    expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toEqual([own.body.id]);
    expect((await centreAdmin.get(`/api/v1/admin/webhooks/${all.body.id}/deliveries`)).status).toBe(404);
    expect((await admin.get('/api/v1/admin/webhooks')).body.webhooks).toHaveLength(2);

    const audit = await admin.get(`/api/v1/admin/audit?subjectId=${own.body.id}`);
    expect(audit.body.entries).toEqual([
      expect.objectContaining({ action: 'webhook.create', actorId: made.body.id }),
    ]);
  });

  it('refuses plain http and loopback, private and link-local receivers outside demo mode', async () => {
    const c = await central({ webhookTargets: 'public' });
    const admin = await c.staff('admin');
    for (const url of [
      'http://hooks.example.org/x',
      'https://127.0.0.1/x',
      'https://localhost/x',
      'https://10.1.2.3/x',
      'https://192.168.1.10/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'https://[fe80::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://user:pw@93.184.215.14/x',
    ]) {
      const r = await admin.post('/api/v1/admin/webhooks', hookBody(url));
      expect(r.status, url).toBe(400);
      expect(r.body.error.fields[0].path, url).toBe('url');
    }
    expect((await admin.get('/api/v1/admin/webhooks')).body.webhooks).toEqual([]);
  });

  it('does not follow a redirect to another address', async () => {
    const inside = await receiver();
    const redirecting = await receiver((res) => res.writeHead(302, { location: inside.url }).end());
    cleanup.push(inside.close, redirecting.close);
    const c = await central({ webhookMaxAttempts: 1 });
    const admin = await c.staff('admin');
    const hook = await admin.post('/api/v1/admin/webhooks', hookBody(redirecting.url));
    const kiosk = await c.kiosk();
    await kiosk.post('/api/v1/tickets', {
      itemId: 'i-sbk',
      channel: 'window',
      idNumber: idNumber('19700505', 3),
    });
    await redirecting.next(1);
    await c.central.ctx.webhooks!.idle(); // the one attempt is written down
    const d = (await admin.get(`/api/v1/admin/webhooks/${hook.body.id}/deliveries`)).body.deliveries[0];
    expect(d).toMatchObject({ status: 'failed', lastStatus: 302 });
    expect(inside.bodies).toEqual([]);
  });

  it('tells private and public addresses apart', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.20.0.1',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.215.14', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});
