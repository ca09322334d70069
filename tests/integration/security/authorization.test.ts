import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DBS,
  type Json,
  type KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from '../central/harness';
import { DEFAULT_RETENTION } from '../../../central/services/data/retention';
import { CALLERS, type Caller, EXPECTED } from './authorization-matrix';
import { type Operation, fillPath, opKey, operationsOf, rawRequest } from './openapi-doc';
import { districtKey, sha512Of } from '../updates/signing';

// The authorization matrix, generated over the OpenAPI document: every operation is called with a
// valid request as each of nine kinds of caller and the answer compared with the table in
// authorization-matrix.ts. The fixtures are real: a ticket of centre A called by agent A, an
// appointment, a webhook, a kiosk to revoke. Cells expected to be refused run first, so a refused
// request cannot have changed what the allowed ones see.

afterAll(stopPostgres);

const A = 'c-zhangjiang';

interface Fixtures {
  ticketId: string;
  appointmentId: string;
  webhookId: string;
  victimKioskId: string;
  slotId: string;
  settings: Json;
  /** A remote command for kiosk A (issue 14). */
  commandId: string;
  enrollCode(): Promise<string>;
  idNumber(): string;
  unique(): string;
}

interface Req {
  path?: string;
  body?: unknown;
  /** A body that is not JSON (an uploaded package), with its content type. */
  raw?: { contentType: string; bytes: Buffer };
}

/** Valid requests for operations whose defaults (ids from the fixtures, `{}` as body) do not do. */
const REQUESTS: Record<string, (f: Fixtures) => Req | Promise<Req>> = {
  'POST /api/v1/auth/login': () => ({ body: { username: 'agent3', password: 'doorstep-demo' } }),
  'GET /api/v1/calendar/deadline': () => ({
    path: '/api/v1/calendar/deadline?itemId=i-jzz&from=2026-09-30T02:00:00Z',
  }),
  'POST /api/v1/admin/enrollment-codes': () => ({ body: { stationId: 's-zhangjiang-1' } }),
  'POST /api/v1/stations/enroll': async (f) => ({ body: { code: await f.enrollCode() } }),
  'POST /api/v1/tickets': (f) => ({
    body: { itemId: 'i-jzz', channel: 'window', centreId: A, idNumber: f.idNumber() },
  }),
  'POST /api/v1/tickets/{id}/print-status': () => ({ body: { status: 'printed' } }),
  'POST /api/v1/tickets/{id}/{action}': (f) => ({ path: `/api/v1/tickets/${f.ticketId}/cancel` }),
  'PUT /api/v1/agents/me/session': () => ({ body: { activeSkillGroups: ['residence'], centreId: A } }),
  'POST /api/v1/agents/me/pause': () => ({ body: { reason: 'break' } }),
  'POST /api/v1/appointments': (f) => ({ body: { slotId: f.slotId, idNumber: f.idNumber() } }),
  'POST /api/v1/appointments/check-in': (f) => ({ body: { idNumber: f.idNumber() } }),
  'POST /api/v1/appointments/lookup': (f) => ({ body: { idNumber: f.idNumber() } }),
  'POST /api/v1/leases': () => ({ body: { itemId: 'i-jzz', count: 1 } }),
  'PUT /api/v1/admin/settings': (f) => ({ body: f.settings }),
  'POST /api/v1/admin/staff': (f) => ({
    body: {
      username: `u${f.unique()}`,
      displayName: 'Test',
      role: 'agent',
      centreIds: [A],
      password: 'a-long-password',
    },
  }),
  'POST /api/v1/admin/webhooks': () => ({
    body: {
      url: 'https://hooks.example.org/doorstep',
      secret: 'a-webhook-secret-of-length',
      events: ['ticket.issued'],
    },
  }),
  'POST /api/v1/stations/me/heartbeat': () => ({
    body: {
      appVersion: '1.0.0',
      uptimeSec: 1,
      sentAt: new Date().toISOString(),
      devices: {
        reader: { state: 'ok', port: '/dev/ttyUSB0' },
        printer: { state: 'ok', port: '/dev/ttyUSB1' },
        canPrint: true,
      },
      link: { outboxDepth: 0, clockSkewMs: 0 },
      diskFreeBytes: null,
    },
  }),
  'POST /api/v1/admin/releases': (f) => {
    const version = `2.0.0-${f.unique()}`;
    const sha512 = sha512Of(version);
    return {
      body: {
        version,
        url: 'https://updates.example.org/p.deb',
        sha512,
        signature: KEY.sign(version, sha512),
      },
    };
  },
  'POST /api/v1/admin/releases/{version}/package': (f) => {
    const version = `2.1.0-${f.unique()}`;
    const content = `a kiosk package ${version}`;
    const signature = encodeURIComponent(KEY.sign(version, sha512Of(content)));
    return {
      path: `/api/v1/admin/releases/${version}/package?signature=${signature}`,
      raw: { contentType: 'application/octet-stream', bytes: Buffer.from(content) },
    };
  },
  'GET /api/v1/kiosk/update/package/{version}': () => ({ path: '/api/v1/kiosk/update/package/1.0.0' }),
  'GET /api/v1/kiosk/update/package/{version}/{name}': () => ({
    path: '/api/v1/kiosk/update/package/1.0.0/doorstep-kiosk_1.0.0_amd64.deb',
  }),
  'GET /api/v1/kiosk/update/electron/{file}': () => ({
    path: '/api/v1/kiosk/update/electron/latest-linux.yml',
  }),
  'PUT /api/v1/admin/rollout': () => ({ body: { version: '1.0.0', percent: 10, window: WINDOW } }),
  'POST /api/v1/admin/rollout/{action}': () => ({ path: '/api/v1/admin/rollout/pause' }),
  'POST /api/v1/admin/commands': (f) => ({
    body: { target: { kind: 'kiosk', id: f.victimKioskId }, command: { type: 'reload-page' } },
  }),
  'POST /api/v1/stations/me/commands/{id}/result': (f) => ({
    path: `/api/v1/stations/me/commands/${f.commandId}/result`,
    body: { state: 'done', result: { message: 'reloaded' } },
  }),
  'POST /api/v1/leases/upload': () => ({
    body: { tickets: [{ leaseId: 'l-unknown', number: 'A901', issuedAt: new Date().toISOString() }] },
  }),
  'PUT /api/v1/admin/retention': () => ({ body: DEFAULT_RETENTION }),
  'PUT /api/v1/admin/backups/schedule': () => ({ body: { enabled: false, everyHours: 24, keep: 7 } }),
  'POST /api/v1/admin/residents/record': (f) => ({
    body: { idNumber: f.idNumber(), reason: 'authorization test' },
  }),
  'POST /api/v1/admin/residents/erase': (f) => {
    const id = f.idNumber();
    return { body: { idNumber: id, reason: 'authorization test', confirm: id.slice(-4) } };
  },
  'POST /api/v1/admin/residents/hold': (f) => ({
    body: { idNumber: f.idNumber(), reason: 'authorization test' },
  }),
  'POST /api/v1/admin/residents/hold/lift': (f) => ({
    body: { idNumber: f.idNumber(), reason: 'authorization test' },
  }),
};

/** The district update key of the fixtures (issue 14), and a window for rollouts. */
const KEY = districtKey();
const WINDOW = { start: '22:00', end: '05:00' };

/** Operations run after all others: they end the caller's session. */
const LAST = new Set(['POST /api/v1/auth/logout']);

function defaultPath(op: Operation, f: Fixtures): string {
  const p = op.path;
  const id =
    p.startsWith('/api/v1/tickets/') || p.startsWith('/api/v1/public/tickets/')
      ? f.ticketId
      : p.startsWith('/api/v1/centres/') || p.startsWith('/api/v1/public/centres/')
        ? A
        : p.startsWith('/api/v1/appointments/')
          ? f.appointmentId
          : p.startsWith('/api/v1/admin/webhooks/')
            ? f.webhookId
            : p.startsWith('/api/v1/admin/kiosks/')
              ? f.victimKioskId
              : 'unknown-id';
  const query = op.queryParams.includes('centreId') ? `?centreId=${A}` : '';
  return fillPath(op, {}, encodeURIComponent(id)) + query;
}

describe.each(DBS)('authorization matrix on %s', (kind) => {
  let c: TestCentral;
  let f: Fixtures;
  const callers = {} as Record<Caller, Record<string, string>>;
  beforeAll(async () => {
    c = await startTestCentral(kind, { updateKey: KEY.publicPem });
    const admin = await c.staff('admin');
    const kioskA = await c.kiosk('s-zhangjiang-1');
    const kioskB = await c.kiosk('s-huamu-1');
    const revoked = await c.kiosk('s-zhangjiang-2');
    const victim = await c.kiosk('s-zhangjiang-2');
    expect((await admin.post(`/api/v1/admin/kiosks/${revoked.kioskId}/revoke`, {})).status).toBe(200);
    const made = await admin.post('/api/v1/admin/staff', {
      username: 'centre-admin',
      displayName: 'Centre admin',
      role: 'admin',
      centreIds: [A],
      password: 'doorstep-demo',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const agentA = await c.staff('agent1');
    let n = 0;
    const fix = {
      idNumber: () => idNumber('19800101', ++n),
      unique: () => `${Date.now().toString(36)}${++n}`,
    };
    const ticket = await issue(kioskA, fix.idNumber());
    const called = await agentA.post(`/api/v1/tickets/${ticket}/call`, {});
    expect(called.status, JSON.stringify(called.body)).toBe(200);
    const slots = await kioskA.get(`/api/v1/appointments/slots?centreId=${A}&itemId=i-jzz`);
    const open = (slots.body.slots as Array<{ id: string; startsAt: string }>).filter(
      (s) => Date.parse(s.startsAt) > c.clock.ms + 86_400_000,
    );
    const slotId = open[0]!.id;
    const booked = await kioskA.post('/api/v1/appointments', { slotId, idNumber: fix.idNumber() });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const hook = await admin.post('/api/v1/admin/webhooks', {
      url: 'https://hooks.example.org/a',
      secret: 'a-webhook-secret-of-length',
      events: ['ticket.issued'],
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const sha = sha512Of('1.0.0');
    const rel = await admin.post('/api/v1/admin/releases', {
      version: '1.0.0',
      url: 'https://updates.example.org/p.deb',
      sha512: sha,
      signature: KEY.sign('1.0.0', sha),
    });
    expect(rel.status, JSON.stringify(rel.body)).toBe(201);
    const ro = await admin.put('/api/v1/admin/rollout', { version: '1.0.0', percent: 10, window: WINDOW });
    expect(ro.status, JSON.stringify(ro.body)).toBe(200);
    const cmd = await admin.post('/api/v1/admin/commands', {
      target: { kind: 'kiosk', id: kioskA.kioskId },
      command: { type: 'print-test-page' },
    });
    expect(cmd.status, JSON.stringify(cmd.body)).toBe(201);
    f = {
      ...fix,
      commandId: cmd.body.commands[0].id,
      ticketId: ticket,
      appointmentId: booked.body.id,
      webhookId: hook.body.id,
      victimKioskId: victim.kioskId,
      slotId,
      settings: (await admin.get('/api/v1/admin/settings')).body,
      enrollCode: () => c.central.enrollmentCode('s-zhangjiang-2'),
    };
    callers.anonymous = {};
    callers.kioskA = kioskA.auth();
    callers.kioskB = kioskB.auth();
    callers.revokedKiosk = revoked.auth();
    callers.agentA = agentA.auth();
    callers.agentB = (await c.staff('agent2')).auth();
    callers.supervisor = (await c.staff('supervisor')).auth();
    callers.centreAdmin = (await c.staff('centre-admin')).auth();
    callers.districtAdmin = admin.auth();
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  it('lists every operation of the OpenAPI document in the expected table, and nothing else', async () => {
    const keys = (await operationsOf(c.url)).map(opKey);
    const missing = keys.filter((k) => !(k in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((k) => !keys.includes(k));
    expect(
      missing,
      'operations without a row in tests/integration/security/authorization-matrix.ts (see its header)',
    ).toEqual([]);
    expect(stale, 'rows for operations that no longer exist').toEqual([]);
  });

  it('lets every caller do exactly what the table allows', async () => {
    const ops = (await operationsOf(c.url)).sort(
      (a, b) => Number(LAST.has(opKey(a))) - Number(LAST.has(opKey(b))),
    );
    const observed: string[] = [];
    const wrong: string[] = [];
    for (const op of ops) {
      const key = opKey(op);
      const row = EXPECTED[key]?.replace(/\s/g, '') ?? '';
      const cells: string[] = Array(CALLERS.length).fill('?');
      // Refusals first: a refused request changes nothing the allowed ones then see.
      const order = CALLERS.map((_, i) => i).sort((a, b) => Number(row[a] === '+') - Number(row[b] === '+'));
      for (const i of order) {
        const caller = CALLERS[i]!;
        const spec = (await REQUESTS[key]?.(f)) ?? {};
        const body = spec.raw ? undefined : (spec.body ?? (op.method === 'GET' ? undefined : {}));
        const r = await rawRequest(
          c.url,
          op.method,
          spec.path ?? defaultPath(op, f),
          {
            ...callers[caller],
            'idempotency-key': crypto.randomUUID(),
            ...(spec.raw
              ? { 'content-type': spec.raw.contentType }
              : body === undefined
                ? {}
                : { 'content-type': 'application/json' }),
          },
          spec.raw ? spec.raw.bytes : body === undefined ? undefined : JSON.stringify(body),
        );
        const got =
          r.status === 401 || r.status === 403 ? '.' : r.status === 404 && row[i] !== '+' ? '.' : '+';
        cells[i] = got;
        if (r.status >= 500) wrong.push(`${key} as ${caller}: ${r.status} ${r.text.slice(0, 100)}`);
        else if (row[i] && row[i] !== got)
          wrong.push(
            `${key} as ${caller}: expected ${row[i] === '+' ? 'allowed' : 'refused'}, got ${r.status} ${r.text.slice(0, 100)}`,
          );
      }
      observed.push(`  '${key}': '${cells.join('')}',`);
    }
    if (process.env.AUTHZ_RECORD) console.log(`observed on ${kind}:\n${observed.join('\n')}`);
    expect(wrong).toEqual([]);
  }, 180_000);
});

async function issue(kiosk: KioskClient, id: string): Promise<string> {
  const r = await kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'window', idNumber: id });
  if (r.status !== 201) throw new Error(`issue: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}
