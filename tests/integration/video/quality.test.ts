import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type KioskClient, startTestCentral, type TestCentral } from '../central/harness';
import { activeCase, ringingCase, SignalReader, until } from './video-harness';

// Central keeps each call's quality for the reports (issue 19): the agent's side reports state changes
// and a final summary (timeline `quality`), and an agreed switch to audio only (or back) shows as
// `media` on the timeline. Only the case's agent reports, only about a call that happened, and a
// malformed report is a 400 with the fields, never a 5xx.

describe('call quality records', () => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client;
  let other: Client;
  const readers: SignalReader[] = [];
  beforeAll(async () => {
    c = await startTestCentral('sqlite');
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    other = await c.staff('agent2');
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await c?.close();
  });

  const report = (state: string, final = false) => ({
    state,
    final,
    lossPct: 11.5,
    freezePct: 30,
    concealedPct: 9.2,
    rttMs: 210,
    seconds: { good: 40, poor: 12, veryPoor: 6, audioOnly: 0 },
  });

  it("keeps the agent's quality reports on the case timeline, the final one after the call", async () => {
    const { case: vc } = await activeCase(c, kiosk, agent);
    expect((await agent.post(`/api/v1/video/cases/${vc.id}/quality`, report('poor'))).status).toBe(200);
    await agent.post(`/api/v1/video/cases/${vc.id}/finish`, { outcome: 'done' });
    const fin = await agent.post(`/api/v1/video/cases/${vc.id}/quality`, report('good', true));
    expect(fin.status).toBe(200);
    const entries = fin.body.timeline.filter((e: { kind: string }) => e.kind === 'quality');
    expect(entries.map((e: { detail: { state: string; final: boolean } }) => e.detail)).toMatchObject([
      { state: 'poor', final: false, lossPct: 11.5, rttMs: 210 },
      { state: 'good', final: true, seconds: { good: 40, poor: 12, veryPoor: 6, audioOnly: 0 } },
    ]);
  });

  it('refuses reports from anyone but the agent, before the call, or malformed', async () => {
    const { case: ringing } = await ringingCase(c, kiosk, agent);
    const early = await agent.post(`/api/v1/video/cases/${ringing.id}/quality`, report('poor'));
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_TRANSITION');
    await kiosk.post(`/api/v1/video/cases/${ringing.id}/accept`, { identity: null });
    expect((await other.post(`/api/v1/video/cases/${ringing.id}/quality`, report('poor'))).status).toBe(403);
    expect((await kiosk.post(`/api/v1/video/cases/${ringing.id}/quality`, report('poor'))).status).toBe(403);
    const bad = await agent.post(`/api/v1/video/cases/${ringing.id}/quality`, {
      ...report('terrible'),
      lossPct: 250,
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['state', 'lossPct']));
  });

  it('records an agreed switch to audio only and back on the timeline', async () => {
    const sKiosk = await SignalReader.open(c.url, kiosk.auth());
    const sAgent = await SignalReader.open(c.url, agent.auth());
    readers.push(sKiosk, sAgent);
    const { case: vc } = await activeCase(c, kiosk, agent);
    sAgent.send({ type: 'relay', caseId: vc.id, body: { kind: 'media', video: false, step: 'propose' } });
    await sKiosk.waitFor((m) => m.type === 'relay' && m.body.kind === 'media' && m.body.step === 'propose');
    sKiosk.send({ type: 'relay', caseId: vc.id, body: { kind: 'media', video: false, step: 'accept' } });
    await sAgent.waitFor((m) => m.type === 'relay' && m.body.kind === 'media' && m.body.step === 'accept');
    sKiosk.send({ type: 'relay', caseId: vc.id, body: { kind: 'media', video: true, step: 'accept' } });
    const got = await until(
      () => agent.get(`/api/v1/video/cases/${vc.id}`),
      (r) => r.body.timeline.filter((e: { kind: string }) => e.kind === 'media').length === 2,
    );
    const media = got.body.timeline.filter((e: { kind: string }) => e.kind === 'media');
    expect(media.map((e: { detail: { video: boolean } }) => e.detail.video)).toEqual([false, true]);
  });
});
