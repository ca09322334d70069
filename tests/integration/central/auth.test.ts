import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBS, Client, type TestCentral, idNumber, startTestCentral, stopPostgres } from './harness';

// Sign-in, CSRF, rate limits, kiosk enrollment and revocation, the operational endpoints, and
// personal data at rest and in logs, on both databases.

afterAll(stopPostgres);

describe.each(DBS)('auth and operations on %s', (kind) => {
  let c: TestCentral;
  const logLines: string[] = [];
  beforeAll(async () => {
    c = await startTestCentral(kind, {
      loginLimit: 5,
      enrollLimit: 5,
      logger: { stream: { write: (line: string) => void logLines.push(line) }, level: 'debug' },
    });
  });
  afterAll(() => c?.close());

  it('signs staff in with an HttpOnly SameSite cookie and requires the CSRF token on mutations', async () => {
    const r = await c.anon.post('/api/v1/auth/login', { username: 'agent1', password: 'doorstep-demo' });
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const noCsrf = new Client(c.url, { cookie: session });
    expect((await noCsrf.get('/api/v1/auth/me')).body.staff.username).toBe('agent1');
    const refused = await noCsrf.post('/api/v1/agents/me/pause', { reason: 'x' });
    expect(refused.status).toBe(403);
    const withCsrf = new Client(c.url, { cookie: session, 'x-csrf-token': r.body.csrfToken });
    expect((await withCsrf.post('/api/v1/agents/me/pause', { reason: 'x' })).status).toBe(200);
    expect((await withCsrf.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await noCsrf.get('/api/v1/auth/me')).status).toBe(401);
    const wrong = await c.anon.post('/api/v1/auth/login', { username: 'agent1', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    expect((await c.anon.post('/api/v1/auth/login', { username: 'agent1' })).status).toBe(400);
  });

  it('limits login attempts with 429', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await c.anon.post('/api/v1/auth/login', { username: 'supervisor', password: `guess${i}` })).status,
      );
    }
    expect(statuses[0]).toBe(401);
    expect(statuses.slice(-1)).toEqual([429]);
    const blocked = await c.anon.post('/api/v1/auth/login', {
      username: 'supervisor',
      password: 'doorstep-demo',
    });
    expect(blocked.status).toBe(429); // even the right password, until the window passes
    c.clock.advance(2);
    expect(
      (await c.anon.post('/api/v1/auth/login', { username: 'supervisor', password: 'doorstep-demo' })).status,
    ).toBe(200);
  });

  it('enrolls a kiosk with a one-time code that expires, and locks out a revoked kiosk', async () => {
    const admin = await c.staff('admin');
    const agent = await c.staff('agent1');
    expect((await agent.post('/api/v1/admin/enrollment-codes', { stationId: 's-huamu-1' })).status).toBe(403);
    expect((await admin.post('/api/v1/admin/enrollment-codes', { stationId: 's-nowhere' })).status).toBe(404);
    const code = (await admin.post('/api/v1/admin/enrollment-codes', { stationId: 's-huamu-1' })).body;
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const enrolled = await c.anon.post('/api/v1/stations/enroll', {
      code: code.code.toLowerCase(),
      kioskName: 'lianyang-1',
    });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ stationId: 's-huamu-1', centreId: 'c-huamu' });
    expect((await c.anon.post('/api/v1/stations/enroll', { code: code.code })).status).toBe(401); // used once
    const kiosk = new Client(c.url, { authorization: `Bearer ${enrolled.body.token}` });
    expect((await kiosk.get('/api/v1/stations/me')).body.station.id).toBe('s-huamu-1');
    const stored = await c.central.ctx.db.get<{ token_hash: string }>(
      'SELECT token_hash FROM kiosks WHERE id = ?',
      [enrolled.body.kioskId],
    );
    expect(stored!.token_hash).not.toContain(enrolled.body.token.slice(4));
    expect((await admin.post(`/api/v1/admin/kiosks/${enrolled.body.kioskId}/revoke`)).status).toBe(200);
    expect((await kiosk.get('/api/v1/stations/me')).status).toBe(401);
    const late = (await admin.post('/api/v1/admin/enrollment-codes', { stationId: 's-huamu-2' })).body;
    c.clock.advance(24 * 60 + 1);
    expect((await c.anon.post('/api/v1/stations/enroll', { code: late.code })).status).toBe(401);
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await c.anon.post('/api/v1/stations/enroll', { code: `WRONG-CODE-${i}` })).status);
    expect(statuses).toContain(429);
    c.clock.advance(2);
  });

  it('lets an admin add staff to their centres; the new agent signs in', async () => {
    const admin = await c.staff('admin');
    const body = {
      username: 'agent9',
      displayName: '周帮办 Agent Zhou',
      role: 'agent',
      centreIds: ['c-huamu'],
      skillGroups: ['legal'],
      password: 'a-long-password',
    };
    const made = await admin.post('/api/v1/admin/staff', body);
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ id: expect.any(String), ...body, password: undefined });
    expect((await admin.post('/api/v1/admin/staff', body)).status).toBe(409);
    expect(
      (await admin.post('/api/v1/admin/staff', { ...body, username: 'agentx9', centreIds: ['c-nowhere'] }))
        .status,
    ).toBe(403);
    expect(
      (await admin.post('/api/v1/admin/staff', { ...body, username: 'agent10', password: 'short' })).status,
    ).toBe(400);
    const supervisor = await c.staff('supervisor');
    expect((await supervisor.post('/api/v1/admin/staff', { ...body, username: 'agent11' })).status).toBe(403);
    const login = await c.anon.post('/api/v1/auth/login', {
      username: 'agent9',
      password: 'a-long-password',
    });
    expect(login.body.staff).toMatchObject({ role: 'agent', centreIds: ['c-huamu'], skillGroups: ['legal'] });
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await c.anon.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await c.anon.get('/readyz')).body).toEqual({ status: 'ready' });
    const metrics = await c.anon.get('/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(
      /doorstep_http_requests_total\{method="POST",route="\/api\/v1\/auth\/login",status="200"\} \d+/,
    );
    // Fleet health gauges are part of /metrics (their values: tests/integration/fleet/status.test.ts).
    expect(metrics.body).toContain('# TYPE doorstep_kiosks gauge');
    const doc = await c.anon.get('/api/docs/json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/tickets',
      '/api/v1/agents/me/call-next',
      '/api/v1/centres/{id}/queues',
      '/api/v1/appointments/check-in',
      '/api/v1/leases',
      '/api/v1/stations/enroll',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(p);
    }
    expect(
      doc.body.paths['/api/v1/tickets'].post.requestBody.content['application/json'].schema.properties.itemId,
    ).toBeDefined();
    expect((await c.anon.get('/api/docs/')).status).toBe(200);
    expect((await c.anon.get('/api/v1/nothing-here')).body.error.code).toBe('NOT_FOUND');
  });

  it('keeps ID numbers encrypted at rest and out of every log line', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const id = idNumber('19660606', 66);
    const t = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: id,
      name: '赵六',
    });
    expect(t.status).toBe(201);
    await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: id.slice(0, 17) + (id.endsWith('1') ? '2' : '1'),
    });
    await kiosk.post('/api/v1/appointments', {
      slotId: 'sl-zhangjiang-jzz-20260303-0900',
      idNumber: id,
      name: '赵六',
    });
    const rows = await c.central.ctx.db.all<Record<string, unknown>>('SELECT * FROM residents');
    const dump =
      JSON.stringify(rows) +
      JSON.stringify(await c.central.ctx.db.all('SELECT * FROM audit')) +
      JSON.stringify(await c.central.ctx.db.all('SELECT * FROM events'));
    expect(dump).not.toContain(id);
    expect(dump).not.toContain('赵六');
    const logs = logLines.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(id);
    expect(logs).not.toContain('赵六');
    expect(logs).not.toMatch(/dst_[A-Za-z0-9_-]{20}/);
  });
});
