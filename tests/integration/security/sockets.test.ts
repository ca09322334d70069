import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, type TestCentral, idNumber, startTestCentral } from '../central/harness';

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

  it('give kiosks events without appointment codes, staff consoles whole', async () => {
    const kiosk = await c.kiosk();
    const agent = await c.staff('agent1');
    const atKiosk = await c.events('c-zhangjiang', kiosk.auth());
    const atDesk = await c.events('c-zhangjiang', agent.auth());
    const slots = await kiosk.get('/api/v1/appointments/slots?centreId=c-zhangjiang&itemId=i-jzz');
    const slot = (slots.body.slots as Array<{ id: string; startsAt: string }>).find(
      (s) => Date.parse(s.startsAt) > c.clock.ms + 86_400_000,
    )!;
    const booked = await kiosk.post('/api/v1/appointments', {
      slotId: slot.id,
      idNumber: idNumber('19900101', 5),
    });
    expect(booked.status).toBe(201);
    // Appointment events are outside the core ServerMessage union: matched by their type string.
    const isBooked = (m: { type: string }): m is Json => m.type === 'appointment.booked';
    const seenByKiosk = await atKiosk.waitFor(isBooked);
    const seenByDesk = await atDesk.waitFor(isBooked);
    expect(seenByDesk.data.appointment.code).toBe(booked.body.code);
    expect(seenByKiosk.data.appointment.code).not.toBe(booked.body.code);
    expect(JSON.stringify(seenByKiosk)).not.toContain(booked.body.code);
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
