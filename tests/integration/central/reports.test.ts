import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../../central/domain/time';
import {
  type Client,
  DBS,
  idNumber,
  type Json,
  type KioskClient,
  startTestCentral,
  stopPostgres,
  type TestCentral,
} from './harness';
import { activeCase, ringingCase } from '../video/video-harness';
import { beat, paperOut } from '../fleet/fleet-helpers';

// The reports over a known history built through the API with a controlled clock, on SQLite and
// PostgreSQL: every figure asserted exactly (docs/reports.md). Monday 2026-03-02 and Tuesday 03-03 hold
// window tickets (a recall, a park, a transfer, a no-show, a cancel, a ticket issued before midnight
// and called after it); Tuesday afternoon a kiosk's status history; Wednesday 03-04 video cases (a
// reconnect, a declined call, ratings of every level, two follow-ups); Thursday appointments. The
// reports are read on 2026-03-26, when one follow-up is overdue.

afterAll(stopPostgres);

const CENTRE = 'c-zhangjiang';
const MON = '2026-03-02';
const TUE = '2026-03-03';
const WED = '2026-03-04';
const THU = '2026-03-05';

describe.each(DBS)('reports on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client & { id: string };
  let supervisor: Client;
  let n = 0;
  const at = (day: string, h: number, m = 0) => (c.clock.ms = shanghaiTime(day, h, m));
  const ok = async (r: Promise<{ status: number; body: Json }>, status = 200) => {
    const res = await r;
    if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const issue = (itemId: string, resident = ++n) =>
    ok(
      kiosk.post('/api/v1/tickets', { itemId, channel: 'window', idNumber: idNumber('19700101', resident) }),
      201,
    );
  const act = (id: string, action: string, body: unknown = {}) =>
    ok(agent.post(`/api/v1/tickets/${id}/${action}`, body));
  const report = (name: string, query: string) =>
    ok(supervisor.get(`/api/v1/reports/${name}?centreId=${CENTRE}&${query}`));

  /** Staff sessions expire after hours: sign in again after each jump of the clock. */
  const signIn = async () => {
    agent = await c.staff('agent1');
    supervisor = await c.staff('supervisor');
    await ok(agent.post('/api/v1/agents/me/resume', { centreId: CENTRE }));
  };

  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk('s-zhangjiang-1');
    await signIn();

    // Monday: four residents take window tickets at 10:00.
    at(MON, 10);
    const residentA = ++n;
    const a = await issue('i-jzz', residentA);
    const b = await issue('i-hjqy');
    const cc = await issue('i-sbk');
    const d = await issue('i-jzz');
    at(MON, 10, 5);
    await act(a.id, 'call'); // wait 300 s
    at(MON, 10, 6);
    await act(a.id, 'recall'); // a recall does not move the first call
    at(MON, 10, 7);
    await act(a.id, 'start');
    at(MON, 10, 10);
    await act(a.id, 'park');
    at(MON, 10, 12);
    await act(a.id, 'resume');
    at(MON, 10, 17);
    await act(a.id, 'finish', { outcome: 'more_materials' }); // service 600 s, park included
    at(MON, 10, 20);
    await act(b.id, 'call'); // wait 1200 s
    at(MON, 10, 21);
    await act(b.id, 'start');
    at(MON, 10, 23);
    const moved = await act(b.id, 'transfer', { itemId: 'i-sbk', note: '转社保' });
    const b2 = moved.transferredToId ?? (await ok(agent.get(`/api/v1/tickets/${b.id}`))).transferredToId;
    at(MON, 10, 25);
    await act(b2, 'call'); // the visit's wait was measured on b already
    at(MON, 10, 26);
    await act(b2, 'start');
    at(MON, 10, 30);
    await act(b2, 'finish', { outcome: 'done' }); // service 240 s
    await act(cc.id, 'call'); // wait 1800 s
    at(MON, 10, 31);
    await act(cc.id, 'recall');
    at(MON, 10, 35);
    await act(cc.id, 'no-show');
    at(MON, 10, 40);
    await ok(kiosk.post(`/api/v1/tickets/${d.id}/cancel`, {}));
    // 23:50 on Monday; called ten minutes past midnight: still Monday's ticket.
    at(MON, 23, 50);
    await signIn();
    const e = await issue('i-jzz');
    at(TUE, 0, 10);
    await act(e.id, 'call'); // wait 1200 s
    at(TUE, 0, 11);
    await act(e.id, 'start');
    at(TUE, 0, 16);
    await act(e.id, 'finish', { outcome: 'done' }); // service 300 s
    // Tuesday 00:20 (Monday 16:20 UTC): resident A comes back and the matter is done.
    at(TUE, 0, 20);
    const f = await issue('i-jzz', residentA);
    at(TUE, 0, 25);
    await act(f.id, 'call'); // wait 300 s
    await act(f.id, 'start');
    at(TUE, 0, 30);
    await act(f.id, 'finish', { outcome: 'done' }); // service 300 s

    // Tuesday afternoon: a second kiosk's status history (each clock step followed by a beat or a sweep).
    const k2 = await c.kiosk('s-zhangjiang-2');
    const sweep = () => ok(supervisor.get(`/api/v1/admin/fleet?centreId=${CENTRE}`));
    at(TUE, 14);
    await signIn();
    await ok(beat(k2, c)); // online 14:00
    at(TUE, 14, 20);
    await sweep(); // offline 14:20
    await ok(beat(k2, c, { devices: paperOut })); // faulted (paper out) 14:20
    at(TUE, 14, 50);
    await ok(beat(k2, c)); // online 14:50
    at(TUE, 15);
    await sweep(); // offline from 15:00

    // Wednesday: video cases, each call 4 minutes, rated 5…1; one reconnect; one declined ring.
    const outcomes = ['done', 'to_window', 'appointment', 'more_materials', 'done'] as const;
    const cases: Json[] = [];
    at(WED, 8);
    await signIn();
    for (let i = 0; i < 5; i++) {
      at(WED, 9 + i);
      const r = await activeCase(c, kiosk, agent);
      if (i === 1) {
        at(WED, 9 + i, 1);
        await ok(kiosk.post(`/api/v1/video/cases/${r.case.id}/link`, { state: 'reconnecting' }));
        await ok(kiosk.post(`/api/v1/video/cases/${r.case.id}/link`, { state: 'restored' }));
      }
      at(WED, 9 + i, 4);
      await act(r.ticket.id, 'finish', { outcome: outcomes[i] });
      const level = 5 - i;
      await ok(
        kiosk.post(
          `/api/v1/video/cases/${r.case.id}/rating`,
          level <= 2 ? { level, reason: `原因${level}` } : { level },
        ),
        201,
      );
      cases.push(r.case);
    }
    at(WED, 15);
    const declined = await ringingCase(c, kiosk, agent);
    await ok(kiosk.post(`/api/v1/video/cases/${declined.case.id}/decline`, {}));

    // Thursday: the level-2 follow-up is closed (on time); the level-1 one stays open.
    at(THU, 10);
    await signIn();
    const fus = (await ok(supervisor.get('/api/v1/video/follow-ups'))).followUps as Json[];
    const poor2 = fus.find((x) => x.level === 2)!;
    await ok(supervisor.post(`/api/v1/video/follow-ups/${poor2.id}/close`, { resolution: '已回访并致歉' }));
    // Appointments on Thursday at 14:00: one checked in, one never comes.
    const slots = (await ok(c.anon.get(`/api/v1/appointments/slots?centreId=${CENTRE}&itemId=i-sbk`)))
      .slots as Json[];
    const slot = slots.find((s) => s.startsAt === new Date(shanghaiTime(THU, 14)).toISOString())!;
    const kept = await ok(
      kiosk.post('/api/v1/appointments', { slotId: slot.id, idNumber: idNumber('19600101', 1) }),
      201,
    );
    await ok(kiosk.post('/api/v1/appointments', { slotId: slot.id, idNumber: idNumber('19600101', 2) }), 201);
    at(THU, 13, 55);
    await ok(kiosk.post('/api/v1/appointments/check-in', { code: kept.code }));

    at('2026-03-26', 9); // reports read three weeks later
    await signIn();
  }, 120_000);
  afterAll(() => c?.close());

  it('counts Monday by the day of issue in Asia/Shanghai, the ticket called after midnight included', async () => {
    const s = await report('summary', `from=${MON}&to=${MON}`);
    expect(s).toMatchObject({
      issued: 5,
      served: 3,
      noShow: 1,
      cancelled: 1,
      transferred: 1,
      open: 0,
      // waits 300, 1200, 1800, 1200 (the transfer continues b's visit, measured once)
      waitP50Sec: 1200,
      waitP90Sec: 1800,
      waitMaxSec: 1800,
      waitOverTargetShare: 0.75, // over 15 min: 1200, 1200, 1800
      // services 600 (park included), 240, 300
      serviceP50Sec: 300,
      serviceP90Sec: 600,
      serviceMaxSec: 600,
    });
    expect(s.rows).toEqual([expect.objectContaining({ issued: 5, waitP50Sec: 1200 })]);
    const tue = await report('summary', `from=${TUE}&to=${TUE}`);
    expect(tue).toMatchObject({ issued: 1, served: 1, waitP50Sec: 300, serviceP50Sec: 300 });
    const both = await report('summary', `from=${MON}&to=${TUE}&waitTargetMin=5`);
    expect(both).toMatchObject({ issued: 6, served: 4, waitP50Sec: 1200, waitOverTargetShare: 0.6 });
  });

  it('breaks tickets down by item and by agent, and filters one item', async () => {
    const byItem = await report('tickets', `from=${MON}&to=${TUE}&by=item`);
    const row = (id: string) => byItem.rows.find((r: Json) => r.itemId === id);
    expect(row('i-jzz')).toMatchObject({
      item: '居住证办理',
      issued: 4,
      served: 3,
      cancelled: 1,
      waitP50Sec: 300,
    });
    expect(row('i-hjqy')).toMatchObject({ issued: 1, transferred: 1, served: 0, waitP50Sec: 1200 });
    expect(row('i-sbk')).toMatchObject({
      issued: 1,
      served: 1,
      noShow: 1,
      waitP50Sec: 1800,
      serviceP50Sec: 240,
    });
    const byAgent = await report('tickets', `from=${MON}&to=${MON}&by=agent`);
    // The cancelled ticket was never called: it has no agent.
    expect(byAgent.rows).toEqual([
      expect.objectContaining({ agentId: null, issued: 1, cancelled: 1 }),
      expect.objectContaining({
        agentId: 'st-agent1',
        agent: '李帮办 Agent Li',
        issued: 4,
        served: 3,
        noShow: 1,
      }),
    ]);
    const jzz = await report('summary', `from=${MON}&to=${TUE}&itemId=i-jzz`);
    expect(jzz).toMatchObject({ issued: 4, served: 3, cancelled: 1, noShow: 0 });
  });

  it('places each visit by weekday and hour in Asia/Shanghai', async () => {
    const h = await report('heatmap', `from=${MON}&to=${TUE}`);
    expect(h.rows[0]).toMatchObject({ weekday: '周一', h10: 4, h23: 1, total: 5 });
    expect(h.rows[1]).toMatchObject({ weekday: '周二', h00: 1, total: 1 });
  });

  it('reports the video cases by outcome, the failed call, the reconnect and the call length', async () => {
    const v = await report('video', `from=${WED}&to=${WED}`);
    expect(v.rows).toEqual([
      expect.objectContaining({
        itemId: 'i-flzx',
        cases: 6,
        outcomeDone: 2,
        outcomeToWindow: 1,
        outcomeAppointment: 1,
        outcomeMoreMaterials: 1,
        failedToConnect: 1,
        reconnects: 1,
        calls: 5,
        callP50Sec: 240,
        callMaxSec: 240,
      }),
    ]);
  });

  it('counts ratings of every level, lists the poor ones with their reason, and follow-ups against 15 working days', async () => {
    const r = await report('ratings', `from=${WED}&to=${WED}&by=item`);
    expect(r.rows).toEqual([
      expect.objectContaining({
        rated: 5,
        level5: 1,
        level4: 1,
        level3: 1,
        level2: 1,
        level1: 1,
        meanLevel: 3,
        poor: 2,
        poorShare: 0.4,
      }),
    ]);
    const byAgent = await report('ratings', `from=${WED}&to=${WED}&by=agent`);
    expect(byAgent.rows[0]).toMatchObject({ agentId: 'st-agent1', rated: 5 });
    const poor = await report('poor-ratings', `from=${WED}&to=${WED}`);
    expect(poor.rows.map((x: Json) => [x.level, x.reason])).toEqual([
      [2, '原因2'],
      [1, '原因1'],
    ]);
    const fu = await report('follow-ups', `from=${WED}&to=${WED}`);
    expect(fu.rows).toEqual([
      expect.objectContaining({ opened: 2, closedOnTime: 1, closedLate: 0, openOverdue: 1, openInTime: 0 }),
    ]);
    expect(fu.notes.map((x: Json) => x.en).join(' ')).toContain('Monday to Friday');
  });

  it('finds the matters past their time limit and the one concluded on a later visit', async () => {
    const t = await report('time-limits', `from=${MON}&to=${WED}`);
    const row = (id: string) => t.rows.find((x: Json) => x.itemId === id);
    expect(row('i-jzz')).toMatchObject({ matters: 1, concluded: 1, pastPromised: 0, pastLegal: 0 });
    expect(row('i-flzx')).toMatchObject({ matters: 3, concluded: 0, pastPromised: 3, pastLegal: 3 });
  });

  it("derives a station's kiosk availability and minutes faulted by cause from the status history", async () => {
    const k = await report('kiosks', `from=${TUE}&to=${TUE}`);
    expect(k.rows).toEqual([
      expect.objectContaining({
        stationId: 's-zhangjiang-2',
        kiosks: 1,
        knownMinutes: 600,
        onlineMinutes: 30,
        faultedMinutes: 30,
        offlineMinutes: 540,
        availability: 0.05,
        faultPaper: 30,
        faultReader: 0,
      }),
    ]);
  });

  it('counts appointments booked, checked in and missed', async () => {
    const a = await report('appointments', `from=${THU}&to=${THU}`);
    expect(a.rows).toEqual([
      expect.objectContaining({
        itemId: 'i-sbk',
        booked: 2,
        cancelled: 0,
        checkedIn: 1,
        missed: 1,
        showRate: 0.5,
      }),
    ]);
  });

  it('puts items for the district to review worst satisfaction first', async () => {
    const r = await report('review', `from=${MON}&to=${WED}`);
    expect(r.rows[0]).toMatchObject({ itemId: 'i-flzx', satisfaction: 3, rated: 5, poorShare: 0.4 });
    expect(r.rows.find((x: Json) => x.itemId === 'i-jzz')).toMatchObject({
      demand: 4,
      demandPrev: 0,
      satisfaction: null,
    });
  });

  it('exports the summary as CSV with a BOM and as XLSX with Chinese headers and keys, audited', async () => {
    const csv = await fetch(
      `${c.url}/api/v1/reports/summary?centreId=${CENTRE}&from=${MON}&to=${MON}&format=csv`,
      {
        headers: supervisor.auth(),
      },
    );
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['取号数', '办结叫号数', '过号数']);
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['issued', 'served', 'noShow']);
    expect(lines[2]!.split(',').slice(0, 3)).toEqual(['5', '3', '1']);
    const xlsx = await fetch(
      `${c.url}/api/v1/reports/summary?centreId=${CENTRE}&from=${MON}&to=${MON}&format=xlsx`,
      {
        headers: supervisor.auth(),
      },
    );
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('取号数');
    expect(ws.getRow(2).getCell(7).value).toBe('waitP50Sec');
    expect(ws.getRow(3).getCell(7).value).toBe(1200);
    const audit = await c.central.ctx.db.all<{ detail: string }>(
      "SELECT detail FROM audit WHERE action = 'report.export' ORDER BY id",
    );
    expect(audit.map((x) => JSON.parse(x.detail))).toEqual([
      expect.objectContaining({ format: 'csv', from: MON, to: MON, rows: 1 }),
      expect.objectContaining({ format: 'xlsx', from: MON, to: MON, rows: 1 }),
    ]);
  });

  it('answers agents 403 and bad ranges 400, and names no resident', async () => {
    const asAgent = await agent.get(`/api/v1/reports/summary?centreId=${CENTRE}&from=${MON}&to=${MON}`);
    expect(asAgent.status).toBe(403);
    const other = await supervisor.get(`/api/v1/reports/summary?centreId=c-lujiazui&from=${MON}&to=${MON}`);
    expect(other.status).toBe(403);
    const reversed = await supervisor.get(`/api/v1/reports/summary?centreId=${CENTRE}&from=${TUE}&to=${MON}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.code).toBe('VALIDATION_FAILED');
    const notADay = await supervisor.get(
      `/api/v1/reports/summary?centreId=${CENTRE}&from=2026-02-30&to=${MON}`,
    );
    expect(notADay.status).toBe(400);
    // Residents' ID numbers (310115…), their ids and the name on the card (张三) are in the history, in
    // no report.
    const residents = (await c.central.ctx.db.all<{ id: string }>('SELECT id FROM residents')).map(
      (r) => r.id,
    );
    expect(residents.length).toBeGreaterThan(5);
    for (const name of [
      'summary',
      'tickets',
      'heatmap',
      'appointments',
      'video',
      'ratings',
      'poor-ratings',
      'follow-ups',
      'time-limits',
      'kiosks',
      'review',
    ]) {
      for (const by of ['', '&by=agent']) {
        const r = await supervisor.get(
          `/api/v1/reports/${name}?centreId=${CENTRE}&from=${MON}&to=${THU}${by}&format=csv`,
        );
        expect(r.status).toBe(200);
        expect(r.body).not.toMatch(/310115|张三/);
        for (const id of residents) expect(r.body).not.toContain(id);
      }
    }
  });

  it('documents every report in the OpenAPI document with its query', async () => {
    const doc = (await c.anon.get('/api/docs/json')).body as Json;
    const summary = doc.paths['/api/v1/reports/summary'].get;
    expect(summary.tags).toEqual(['reports']);
    const params = (summary.parameters as Json[]).map((x) => x.name);
    expect(params).toEqual(
      expect.arrayContaining(['centreId', 'from', 'to', 'format', 'itemId', 'waitTargetMin']),
    );
    for (const name of [
      'tickets',
      'heatmap',
      'video',
      'ratings',
      'follow-ups',
      'time-limits',
      'kiosks',
      'review',
    ]) {
      expect(doc.paths[`/api/v1/reports/${name}`]?.get?.summary).toBeTruthy();
    }
  });
});
