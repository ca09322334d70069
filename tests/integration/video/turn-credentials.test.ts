import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../central/harness';

// TURN REST credentials as coturn's use-auth-secret checks them, and the ICE servers from the
// central configuration; the secret itself never leaves the service.

const SECRET = 'turn-secret-for-the-test-0123456789';

describe('TURN credentials', () => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral('sqlite');
  });
  afterAll(() => c?.close());

  it('gives no TURN server until one is configured, and only to kiosks and staff', async () => {
    const kiosk = await c.kiosk();
    expect((await kiosk.get('/api/v1/video/turn-credentials')).body).toEqual({
      iceServers: [],
      iceTransportPolicy: 'all',
      expiresAt: null,
    });
    expect((await c.anon.get('/api/v1/video/turn-credentials')).status).toBe(401);
  });

  it('mints <expiry>:<id> usernames with base64(HMAC-SHA1(secret, username)) for the configured TTL', async () => {
    const admin = await c.staff('admin');
    const put = await admin.put('/api/v1/admin/video-config', {
      stunUrls: ['stun:stun.doorstep.test:3478'],
      turnUrls: ['turn:turn.doorstep.test:3478?transport=udp'],
      turnSecret: SECRET,
      turnTtlSec: 600,
    });
    expect(put.status).toBe(200);
    const kiosk = await c.kiosk();
    const r = await kiosk.get('/api/v1/video/turn-credentials');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const [stun, turn] = r.body.iceServers;
    expect(stun).toEqual({ urls: ['stun:stun.doorstep.test:3478'] });
    expect(turn.urls).toEqual(['turn:turn.doorstep.test:3478?transport=udp']);
    const [expiry, who] = turn.username.split(':');
    expect(who).toBe(kiosk.kioskId);
    expect(Number(expiry)).toBe(Math.floor(c.clock.ms / 1000) + 600);
    expect(turn.credential).toBe(createHmac('sha1', SECRET).update(turn.username).digest('base64'));
    expect(r.body.expiresAt).toBe(new Date(Number(expiry) * 1000).toISOString());

    const agent = await c.staff('agent1');
    const forAgent = await agent.get('/api/v1/video/turn-credentials');
    expect(forAgent.body.iceServers[1].username.endsWith(`:${agent.id}`)).toBe(true);
  });

  it('never returns the secret, and lets only an admin change the configuration', async () => {
    const admin = await c.staff('admin');
    const view = await admin.get('/api/v1/admin/video-config');
    expect(view.body.turnSecretSet).toBe(true);
    expect(JSON.stringify(view.body)).not.toContain(SECRET);
    const agent = await c.staff('agent1');
    expect((await agent.put('/api/v1/admin/video-config', { turnSecret: 'x'.repeat(20) })).status).toBe(403);
    expect((await admin.put('/api/v1/admin/video-config', { turnTtlSec: 5 })).status).toBe(400);
  });

  it('stores the secret sealed, not in plain text', async () => {
    const row = await c.central.db.get<{ value: string }>(
      "SELECT value FROM video_config WHERE key = 'video'",
    );
    expect(row!.value).not.toContain(SECRET);
  });
});
