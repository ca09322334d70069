import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  DBS,
  type KioskClient,
  startTestCentral,
  stopPostgres,
  type TestCentral,
} from '../central/harness';
import { activeCase } from './video-harness';

// 好差评 after the call: one rating per case, bound to the case number; 不满意 or worse needs a reason
// and opens a follow-up (整改) due in N working days, which only a supervisor of the centre closes.

afterAll(stopPostgres);

describe.each(DBS)('ratings and follow-ups on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client;
  beforeAll(async () => {
    c = await startTestCentral(kind); // Monday 2026-03-02, 10:00 in Shanghai
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
  });
  afterAll(() => c?.close());

  const finished = async () => {
    const r = await activeCase(c, kiosk, agent);
    const f = await agent.post(`/api/v1/video/cases/${r.case.id}/finish`, { outcome: 'done' });
    expect(f.body.status).toBe('ended');
    return f.body;
  };

  it('accepts no rating before the call ends', async () => {
    const r = await activeCase(c, kiosk, agent);
    expect((await kiosk.post(`/api/v1/video/cases/${r.case.id}/rating`, { level: 5 })).status).toBe(409);
    await agent.post(`/api/v1/video/cases/${r.case.id}/finish`, { outcome: 'done' });
  });

  it('takes one rating per case; a second one is refused', async () => {
    const vc = await finished();
    const first = await kiosk.post(`/api/v1/video/cases/${vc.id}/rating`, { level: 5 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ caseNumber: vc.caseNumber, level: 5, followUpId: null });
    expect(
      (await kiosk.post(`/api/v1/video/cases/${vc.id}/rating`, { level: 1, reason: 'changed my mind' }))
        .status,
    ).toBe(409);
    expect((await agent.get(`/api/v1/video/cases/${vc.id}`)).body.rated).toBe(true);
  });

  it('asks for a reason at 不满意 and opens a follow-up due in 15 working days', async () => {
    const vc = await finished();
    const noReason = await kiosk.post(`/api/v1/video/cases/${vc.id}/rating`, { level: 2 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('reason');
    const r = await kiosk.post(`/api/v1/video/cases/${vc.id}/rating`, { level: 2, reason: '等待时间太长' });
    expect(r.status).toBe(201);
    expect(r.body.followUpId).toMatch(/^fu-/);

    const supervisor = await c.staff('supervisor');
    const list = await supervisor.get('/api/v1/video/follow-ups?status=open');
    const fu = list.body.followUps.find((f: { id: string }) => f.id === r.body.followUpId);
    // Monday 2 March + 15 working days (three full weeks) = Monday 23 March.
    expect(fu).toMatchObject({
      caseNumber: vc.caseNumber,
      level: 2,
      reason: '等待时间太长',
      status: 'open',
      dueDay: '2026-03-23',
    });

    expect((await agent.get('/api/v1/video/follow-ups')).status).toBe(403);
    expect((await agent.post(`/api/v1/video/follow-ups/${fu.id}/close`, { resolution: 'x' })).status).toBe(
      403,
    );
    const closed = await supervisor.post(`/api/v1/video/follow-ups/${fu.id}/close`, {
      resolution: '已回访并致歉',
    });
    expect(closed.body).toMatchObject({ status: 'closed', resolution: '已回访并致歉' });
    expect(
      (await supervisor.post(`/api/v1/video/follow-ups/${fu.id}/close`, { resolution: 'again' })).status,
    ).toBe(409);
  });

  it('counts holidays out of the deadline when configured', async () => {
    const admin = await c.staff('admin');
    await admin.put('/api/v1/admin/video-config', { followUpWorkingDays: 3, holidays: ['2026-03-03'] });
    const vc = await finished();
    const r = await kiosk.post(`/api/v1/video/cases/${vc.id}/rating`, { level: 1, reason: '态度差' });
    const supervisor = await c.staff('supervisor');
    const list = await supervisor.get('/api/v1/video/follow-ups');
    const fu = list.body.followUps.find((f: { id: string }) => f.id === r.body.followUpId);
    expect(fu.dueDay).toBe('2026-03-06'); // Tue 3 is a holiday: Wed, Thu, Fri
  });
});
