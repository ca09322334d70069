import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBS, type TestCentral, startTestCentral, stopPostgres } from '../central/harness';
import { beat, heartbeat } from './fleet-helpers';

// POST /api/v1/stations/me/heartbeat over real HTTP, on SQLite and PostgreSQL: who may send it, what
// it answers, and what the fleet list then shows.

afterAll(stopPostgres);

describe.each(DBS)('kiosk heartbeat on %s', (kind) => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral(kind, { listen: false });
  });
  afterAll(() => c?.close());

  it('answers a kiosk with the server time and its derived status', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const sentAt = new Date(c.clock.ms - 5000).toISOString(); // the kiosk's clock is 5 s behind
    const r = await beat(kiosk, c, { sentAt });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'online', problems: [], nextHeartbeatSec: 30 });
    expect(Date.parse(r.body.serverTime)).toBe(c.clock.ms);
  });

  it('refuses a request without a token, with an unknown token, or from a revoked kiosk (401)', async () => {
    const none = await c.anon.post('/api/v1/stations/me/heartbeat', heartbeat(c));
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');

    const unknown = await c.anon.post('/api/v1/stations/me/heartbeat', heartbeat(c), {
      authorization: 'Bearer not-a-station-token',
      'idempotency-key': 'hb-unknown-token-1',
    });
    expect(unknown.status).toBe(401);

    const kiosk = await c.kiosk('s-zhangjiang-2');
    expect((await beat(kiosk, c)).status).toBe(200);
    const admin = await c.staff('admin');
    expect((await admin.post(`/api/v1/admin/kiosks/${kiosk.kioskId}/revoke`)).status).toBe(200);
    const revoked = await beat(kiosk, c);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('is for kiosks only: staff get 403', async () => {
    const admin = await c.staff('admin');
    const r = await admin.post('/api/v1/stations/me/heartbeat', heartbeat(c));
    expect(r.status).toBe(403);
  });

  it('rejects a malformed heartbeat with the fields at fault', async () => {
    const kiosk = await c.kiosk('s-huamu-1');
    const r = await kiosk.post('/api/v1/stations/me/heartbeat', { ...heartbeat(c), uptimeSec: -1 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain('uptimeSec');
  });

  it('shows the kiosk in its station with version, last seen and problems', async () => {
    const kiosk = await c.kiosk('s-huamu-2');
    await beat(kiosk, c, {
      appVersion: '2.0.0',
      diskFreeBytes: 100 * 1024 ** 2,
      link: { outboxDepth: 3, clockSkewMs: 120_000 },
    });
    const supervisor = await c.staff('supervisor');
    const r = await supervisor.get('/api/v1/admin/fleet?centreId=c-huamu');
    expect(r.status).toBe(200);
    const station = r.body.stations.find((s: { station: { id: string } }) => s.station.id === 's-huamu-2');
    const k = station.kiosks.find((x: { kioskId: string }) => x.kioskId === kiosk.kioskId);
    expect(k).toMatchObject({
      status: 'online', // warnings do not fault a kiosk
      appVersion: '2.0.0',
      lastSeenAt: new Date(c.clock.ms).toISOString(),
      outboxDepth: 3,
      clockSkewMs: 120_000,
    });
    expect(k.problems.map((p: { code: string }) => p.code).sort()).toEqual(['CLOCK_SKEW', 'DISK_LOW']);
    expect(r.body.counts.online).toBeGreaterThanOrEqual(1);
  });
});
