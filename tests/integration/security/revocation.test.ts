import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCentral, startCentral } from '../../../central/server';
import { DBS, EventReader, type TestCentral, startTestCentral, stopPostgres } from '../central/harness';
import { SignalReader } from '../video/video-harness';

// The video signaling socket ends with the right to use it, as the event socket does: a revoked
// kiosk, a signed-out or disabled agent, and every kiosk of a station taken out of service are cut
// off at once (4401). Taking a station out of service revokes its kiosks, audited. Both databases.

afterAll(stopPostgres);

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe.each(DBS)('ending a credential on %s', (kind) => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral(kind);
  });
  afterAll(() => c?.close());

  it("closes a kiosk's signaling socket when the kiosk is revoked", async () => {
    const kiosk = await c.kiosk();
    const sig = await SignalReader.open(c.url, kiosk.auth());
    const code = closed(sig.ws);
    const admin = await c.staff('admin');
    expect((await admin.post(`/api/v1/admin/kiosks/${kiosk.kioskId}/revoke`, {})).status).toBe(200);
    expect(await code).toBe(4401);
  });

  it("closes an agent's signaling socket at sign-out, and a disabled agent's at once", async () => {
    const agent = await c.staff('agent1');
    const sig = await SignalReader.open(c.url, { cookie: agent.auth().cookie! });
    const code = closed(sig.ws);
    expect((await agent.post('/api/v1/auth/logout', {})).status).toBe(200);
    expect(await code).toBe(4401);

    const agent2 = await c.staff('agent2');
    const sig2 = await SignalReader.open(c.url, { cookie: agent2.auth().cookie! });
    const events = await c.events('c-zhangjiang', { cookie: agent2.auth().cookie! });
    const codes = Promise.all([closed(sig2.ws), closed(events.ws)]);
    const admin = await c.staff('admin');
    const list = await admin.get('/api/v1/admin/staff');
    const {
      id,
      username: _u,
      mustChangePassword: _m,
      ...fields
    } = list.body.staff.find((s: { username: string }) => s.username === 'agent2');
    const put = await admin.put(`/api/v1/admin/staff/${id}`, { ...fields, active: false });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(await codes).toEqual([4401, 4401]);
  });

  it('revokes every kiosk of a station taken out of service, closing their sockets', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-2');
    expect((await kiosk.get('/api/v1/stations/me')).status).toBe(200);
    const sig = await SignalReader.open(c.url, kiosk.auth());
    const events = await c.events('c-zhangjiang', kiosk.auth());
    const codes = Promise.all([closed(sig.ws), closed(events.ws)]);
    const admin = await c.staff('admin');
    const { id: _id, ...station } = (await admin.get('/api/v1/admin/stations/s-zhangjiang-2')).body;
    const put = await admin.put('/api/v1/admin/stations/s-zhangjiang-2', { ...station, active: false });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(await codes).toEqual([4401, 4401]);
    expect((await kiosk.get('/api/v1/stations/me')).status).toBe(401);
    const audit = await c.central.db.all<{ detail: string }>(
      "SELECT detail FROM audit WHERE action = 'station.revoke' AND subject_id = ?",
      [kiosk.kioskId],
    );
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
      { reason: 'station deactivated', stationId: 's-zhangjiang-2' },
    ]);
  });

  it('revokes the kiosks of a station a configuration import takes out of service', async () => {
    const kiosk = await c.kiosk('s-huamu-1');
    const events = await c.events('c-huamu', kiosk.auth());
    const code = closed(events.ws);
    const admin = await c.staff('admin');
    const doc = (await admin.get('/api/v1/admin/config')).body;
    for (const st of doc.stations) if (st.id === 's-huamu-1') st.active = false;
    const applied = await admin.post('/api/v1/admin/config', doc);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(await code).toBe(4401);
    expect((await kiosk.get('/api/v1/stations/me')).status).toBe(401);
  });
});

// Two central instances on one PostgreSQL database (behind a load balancer a client's socket may be
// on either): ending a credential on one closes its sockets on the other too, through the event
// hub's LISTEN/NOTIFY channel, at once rather than at the socket's next reconnect.
describe('ending a credential across two instances on postgres', () => {
  let c: TestCentral;
  let other: RunningCentral;
  beforeAll(async () => {
    c = await startTestCentral('postgres');
    other = await startCentral({
      dataDir: c.dataDir,
      databaseUrl: c.databaseUrl,
      port: 0,
      clock: c.clock.now,
    });
  });
  afterAll(async () => {
    await other?.close();
    await c?.close();
  });

  const eventsOnOther = (headers: Record<string, string>) =>
    EventReader.open(`${other.url.replace('http', 'ws')}/api/v1/events?centreId=c-zhangjiang`, headers);

  it("closes a signed-out agent's and a revoked kiosk's sockets on the other instance", async () => {
    const agent = await c.staff('agent1');
    const agentEvents = await eventsOnOther({ cookie: agent.auth().cookie! });
    const agentSignal = await SignalReader.open(other.url, { cookie: agent.auth().cookie! });
    const agentCodes = Promise.all([closed(agentEvents.ws), closed(agentSignal.ws)]);
    expect((await agent.post('/api/v1/auth/logout', {})).status).toBe(200); // on the first instance
    expect(await agentCodes).toEqual([4401, 4401]);

    const kiosk = await c.kiosk();
    const kioskEvents = await eventsOnOther(kiosk.auth());
    const kioskCode = closed(kioskEvents.ws);
    const admin = await c.staff('admin');
    expect((await admin.post(`/api/v1/admin/kiosks/${kiosk.kioskId}/revoke`, {})).status).toBe(200);
    expect(await kioskCode).toBe(4401);
  });
});
