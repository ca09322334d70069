import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBS, type TestCentral, startTestCentral, stopPostgres } from '../central/harness';
import { fleetMetricLines } from '../../../central/fleet/metrics';
import { sweep } from '../../../central/fleet/service';
import { after, beat, paperOut, statusEvents, waitStatus } from './fleet-helpers';

// Derived kiosk status over real HTTP and the centre's event stream: a fault and its recovery, a
// kiosk going silent (with the test clock), and who may see which centre's fleet.

afterAll(stopPostgres);

describe.each(DBS)('fleet status on %s', (kind) => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral(kind);
  });
  afterAll(() => c?.close());

  it('a paper-out heartbeat makes the kiosk faulted, tells the dashboard once, and recovers', async () => {
    const supervisor = await c.staff('supervisor');
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const events = await c.events('c-zhangjiang', supervisor.auth());
    await beat(kiosk, c);
    await waitStatus(events, kiosk.kioskId, 'online');

    const r = await beat(kiosk, c, { devices: paperOut });
    expect(r.body.status).toBe('faulted');
    const faulted = await waitStatus(events, kiosk.kioskId, 'faulted');
    expect(faulted.data.previous).toBe('online');
    expect(faulted.data.kiosk.problems).toEqual([
      { code: 'PRINTER_PAPER_OUT', severity: 'fault', detail: 'DLE EOT 4: paper end' },
    ]);

    await beat(kiosk, c, { devices: paperOut }); // the same state again: no new event
    await beat(kiosk, c);
    await waitStatus(events, kiosk.kioskId, 'online', after(events, faulted));
    expect(statusEvents(events.messages, kiosk.kioskId).map((e) => e.data.kiosk.status)).toEqual([
      'online',
      'faulted',
      'online',
    ]);

    const fleet = await supervisor.get('/api/v1/admin/fleet?centreId=c-zhangjiang');
    const all = fleet.body.stations.flatMap((s: { kiosks: unknown[] }) => s.kiosks);
    expect(all.find((k: { kioskId: string }) => k.kioskId === kiosk.kioskId).status).toBe('online');
    const gauges = await fleetMetricLines(c.central.ctx);
    expect(gauges).toContain(
      `doorstep_kiosks{centre="c-zhangjiang",status="online"} ${fleet.body.counts.online}`,
    );
  });

  it('a kiosk silent for more than 90 s is offline, and back online with its next heartbeat', async () => {
    const admin = await c.staff('admin');
    const kiosk = await c.kiosk('s-lujiazui-1');
    const events = await c.events('c-lujiazui', admin.auth());
    await beat(kiosk, c);
    await waitStatus(events, kiosk.kioskId, 'online');

    c.clock.advance(1); // 60 s: still online
    let fleet = await admin.get('/api/v1/admin/fleet?centreId=c-lujiazui');
    const find = () =>
      fleet.body.stations
        .flatMap((s: { kiosks: unknown[] }) => s.kiosks)
        .find((k: { kioskId: string }) => k.kioskId === kiosk.kioskId);
    expect(find().status).toBe('online');

    c.clock.advance(1); // 120 s
    fleet = await admin.get('/api/v1/admin/fleet?centreId=c-lujiazui');
    expect(find().status).toBe('offline');
    expect(fleet.body.counts.offline).toBeGreaterThanOrEqual(1);
    const offline = await waitStatus(events, kiosk.kioskId, 'offline');
    expect(offline.data.previous).toBe('online');

    await beat(kiosk, c);
    await waitStatus(events, kiosk.kioskId, 'online', after(events, offline));
  });

  it('publishes a silent kiosk offline once, even when two sweeps (two instances) race', async () => {
    const admin = await c.staff('admin');
    const kiosk = await c.kiosk('s-lujiazui-2');
    const events = await c.events('c-lujiazui', admin.auth());
    await beat(kiosk, c);
    const online = await waitStatus(events, kiosk.kioskId, 'online');

    c.clock.advance(2);
    await Promise.all([sweep(c.central.ctx), sweep(c.central.ctx)]);
    await waitStatus(events, kiosk.kioskId, 'offline', after(events, online));
    expect(await sweep(c.central.ctx)).toBe(0); // nothing new to publish
    await beat(kiosk, c); // the event after the offline one comes back to this kiosk
    await waitStatus(events, kiosk.kioskId, 'online', after(events, online));
    expect(statusEvents(events.messages, kiosk.kioskId).map((e) => e.data.kiosk.status)).toEqual([
      'online',
      'offline',
      'online',
    ]);
  });

  it('lists only the centres a supervisor holds (403), and only for supervisors and admins', async () => {
    const supervisor = await c.staff('supervisor'); // c-zhangjiang and c-huamu
    expect((await supervisor.get('/api/v1/admin/fleet?centreId=c-huamu')).status).toBe(200);
    const other = await supervisor.get('/api/v1/admin/fleet?centreId=c-lujiazui');
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN');

    const agent = await c.staff('agent1');
    expect((await agent.get('/api/v1/admin/fleet?centreId=c-zhangjiang')).status).toBe(403);
    expect((await c.anon.get('/api/v1/admin/fleet?centreId=c-zhangjiang')).status).toBe(401);
    const kiosk = await c.kiosk('s-zhangjiang-2');
    expect((await kiosk.get('/api/v1/admin/fleet?centreId=c-zhangjiang')).status).toBe(403);
  });
});
