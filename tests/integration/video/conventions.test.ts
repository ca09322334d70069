import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCentral, startTestCentral } from '../central/harness';

// Video routes follow central's conventions: the same auth (a station token only in the
// Authorization header), the same validation, and the same error body, so a client that sends bad
// JSON gets a 400 it can act on, not a 500.

describe('video routes under central conventions', () => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral('sqlite');
  });
  afterAll(() => c?.close());

  it('answers bad JSON and an invalid body with 400 and the error body, not 500', async () => {
    const agent = await c.staff('agent1');
    const raw = await fetch(`${c.url}/api/v1/video/cases`, {
      method: 'POST',
      headers: { ...agent.auth(), 'content-type': 'application/json' },
      body: '{"ticketId": ',
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const empty = await agent.post('/api/v1/video/cases', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
    expect(empty.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['ticketId']);
  });

  it("accepts a kiosk's token in the Authorization header only, as every central route does", async () => {
    const kiosk = await c.kiosk();
    expect((await kiosk.get('/api/v1/video/turn-credentials')).status).toBe(200);
    const inQuery = await c.anon.get(`/api/v1/video/turn-credentials?token=${kiosk.token}`);
    expect(inQuery.status).toBe(401);
    expect(inQuery.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a signed-in mutation without the CSRF token through the central auth hook', async () => {
    const agent = await c.staff('agent1');
    const cookie = agent.auth().cookie!;
    const r = await fetch(`${c.url}/api/v1/video/cases`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ ticketId: 'x' }),
    });
    expect(r.status).toBe(403);
  });

  it('changes only the video settings given and keeps the others', async () => {
    const admin = await c.staff('admin');
    expect((await admin.put('/api/v1/admin/video-config', { ringTimeoutSec: 20 })).status).toBe(200);
    expect((await admin.put('/api/v1/admin/video-config', { turnTtlSec: 600 })).status).toBe(200);
    const view = await admin.get('/api/v1/admin/video-config');
    expect(view.body).toMatchObject({ ringTimeoutSec: 20, turnTtlSec: 600 });
  });
});
