import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCentral, startTestCentral } from '../central/harness';

// WebSockets: a page of another site cannot open the event stream with an agent's cookie; a
// socket closes at once when its kiosk is revoked or its session signs out.

function open(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`ws ${res.statusCode}`), { status: res.statusCode })),
    );
    ws.once('error', reject);
  });
}

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe('event sockets', () => {
  let c: TestCentral;
  let wsUrl: string;
  beforeAll(async () => {
    c = await startTestCentral('sqlite');
    wsUrl = `${c.url.replace('http', 'ws')}/api/v1/events?centreId=c-zhangjiang`;
  });
  afterAll(async () => {
    await c?.close();
  });

  it("refuse a browser page of another origin, and accept the front ends' own origin", async () => {
    const agent = await c.staff('agent1');
    const cookie = agent.auth().cookie!;
    await expect(open(wsUrl, { cookie, origin: 'https://evil.example' })).rejects.toMatchObject({
      status: 403,
    });
    const own = await open(wsUrl, { cookie, origin: new URL(c.url).origin });
    own.close();
    const video = `${c.url.replace('http', 'ws')}/api/v1/video/ws`;
    await expect(open(video, { cookie, origin: 'https://evil.example' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('close at once when the kiosk is revoked', async () => {
    const kiosk = await c.kiosk();
    const ws = await open(wsUrl, kiosk.auth());
    const code = closed(ws);
    const admin = await c.staff('admin');
    expect((await admin.post(`/api/v1/admin/kiosks/${kiosk.kioskId}/revoke`, {})).status).toBe(200);
    expect(await code).toBe(4401);
  });

  it('close at once when the staff member signs out', async () => {
    const agent = await c.staff('supervisor');
    const ws = await open(wsUrl, { cookie: agent.auth().cookie! });
    const code = closed(ws);
    expect((await agent.post('/api/v1/auth/logout', {})).status).toBe(200);
    expect(await code).toBe(4401);
  });
});
