import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  DBS,
  type Json,
  type KioskClient,
  startTestCentral,
  stopPostgres,
  type TestCentral,
} from '../central/harness';
import { activeCase, ManualTimers, ringingCase, SignalReader } from './video-harness';

// A video ticket finished, marked no-show or transferred through the ticket API, by whatever client
// (e.g. a console reloaded after the call ended or dropped, which no longer knows the case), closes or
// settles its case on central: the case ends with the outcome and the kiosk hears it and offers the
// rating as after the call view's finish; a ring is missed on a no-show; a live case is returned on a
// transfer and rung again by the next agent. No time limit is left armed behind it.

afterAll(stopPostgres);

type Entry = { kind: string; actor: string; detail?: Record<string, unknown> };

describe.each(DBS)('a video ticket settles its case on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client & { id: string };
  let agent2: Client & { id: string };
  let sK: SignalReader;
  const timers = new ManualTimers();
  beforeAll(async () => {
    c = await startTestCentral(kind, { videoTimers: timers });
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    agent2 = await c.staff('agent2');
    sK = await SignalReader.open(c.url, kiosk.auth());
  });
  afterAll(async () => {
    sK?.close();
    await c?.close();
  });

  const caseOf = async (id: string) => {
    const r = await agent.get(`/api/v1/video/cases/${id}`);
    expect(r.status).toBe(200);
    return r.body as Json;
  };
  const timeline = (vc: Json) => vc.timeline as Entry[];
  /** The kiosk's signaling hears the case reach `status`. */
  const kioskHears = (caseId: string, status: string) =>
    sK.waitFor((m) => m.type === 'case' && m.case.id === caseId && m.case.status === status);

  it('ends the case with the outcome when the ticket is finished after the call ended, and the kiosk rates it', async () => {
    const r = await activeCase(c, kiosk, agent);
    // The call view hangs up, then the console is reloaded: its socket goes, the case is still active.
    const sA = await SignalReader.open(c.url, agent.auth());
    sA.send({ type: 'relay', caseId: r.case.id, body: { kind: 'hangup' } });
    await sK.waitFor((m) => m.type === 'relay' && m.caseId === r.case.id && m.body.kind === 'hangup');
    sA.close();
    expect((await caseOf(r.case.id)).status).toBe('active');

    const done = await agent.post(`/api/v1/tickets/${r.ticket.id}/finish`, {
      outcome: 'more_materials',
      note: '下次带户口本',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'more_materials' });

    const heard = await kioskHears(r.case.id, 'ended');
    expect(heard.type === 'case' && heard.case.outcome).toBe('more_materials');
    const vc = await caseOf(r.case.id);
    expect(vc).toMatchObject({ status: 'ended', outcome: 'more_materials', notes: '下次带户口本' });
    expect(vc.endedAt).not.toBeNull();
    expect(timeline(vc).at(-1)).toEqual({
      at: expect.any(String),
      kind: 'ended',
      actor: agent.id,
      detail: { outcome: 'more_materials', missing: 0, via: 'ticket' },
    });
    // As after the call view's finish: the resident's rating is taken, once.
    const rated = await kiosk.post(`/api/v1/video/cases/${r.case.id}/rating`, { level: 5 });
    expect(rated.status).toBe(201);
    expect(rated.body.caseNumber).toBe(r.case.caseNumber);
    expect(timers.count).toBe(0);
  });

  it('ends a case whose call dropped without waiting for the reconnect limit', async () => {
    const r = await activeCase(c, kiosk, agent);
    await kiosk.post(`/api/v1/video/cases/${r.case.id}/link`, { state: 'reconnecting' });
    expect(timers.count).toBe(1);

    expect((await agent.post(`/api/v1/tickets/${r.ticket.id}/finish`, { outcome: 'done' })).status).toBe(200);
    await kioskHears(r.case.id, 'ended');
    expect(timers.count).toBe(0); // the reconnect limit is no longer armed
    timers.fire();
    const vc = await caseOf(r.case.id);
    expect(vc).toMatchObject({ status: 'ended', outcome: 'done' });
    expect(timeline(vc).map((e) => e.kind)).toEqual(['ring', 'active', 'reconnecting', 'ended']);
    expect((await agent.get(`/api/v1/tickets/${r.ticket.id}`)).body.status).toBe('done');
  });

  it('marks a ring still going missed when the ticket is marked no-show', async () => {
    const r = await ringingCase(c, kiosk, agent);
    expect(timers.count).toBe(1);
    await agent.post(`/api/v1/tickets/${r.ticket.id}/recall`, {});
    const gone = await agent.post(`/api/v1/tickets/${r.ticket.id}/no-show`, {});
    expect(gone.body.status).toBe('no_show');

    await kioskHears(r.case.id, 'missed');
    expect(timers.count).toBe(0); // the ring time limit is no longer armed
    const vc = await caseOf(r.case.id);
    expect(vc.status).toBe('missed');
    expect(timeline(vc).map((e) => `${e.kind}:${e.actor}`)).toEqual([
      `ring:${agent.id}`,
      `missed:${agent.id}`,
      `no_show:${agent.id}`,
    ]);
    expect(timeline(vc)[1]!.detail).toEqual({ reason: 'no-show' });
    // Not a finished call: nothing to rate.
    expect((await kiosk.post(`/api/v1/video/cases/${r.case.id}/rating`, { level: 5 })).status).toBe(409);
  });

  it('returns a live case with the note when the ticket is transferred; the next agent rings the same case', async () => {
    const r = await activeCase(c, kiosk, agent);
    const moved = await agent.post(`/api/v1/tickets/${r.ticket.id}/transfer`, {
      agentId: agent2.id,
      note: '请核对居住证明',
    });
    expect(moved.body.status).toBe('transferred');

    await kioskHears(r.case.id, 'returned');
    const vc = await caseOf(r.case.id);
    expect(vc).toMatchObject({ status: 'returned', outcome: null, notes: '请核对居住证明' });
    expect(timeline(vc).at(-1)).toMatchObject({
      kind: 'returned',
      actor: agent.id,
      detail: { transfer: true, via: 'ticket' },
    });

    const next = moved.body.transferredToId as string;
    expect((await agent2.post(`/api/v1/tickets/${next}/call`, {})).status).toBe(200);
    const rung = await agent2.post('/api/v1/video/cases', { ticketId: next });
    expect(rung.body).toMatchObject({ id: r.case.id, caseNumber: r.case.caseNumber, status: 'ringing' });
    await kiosk.post(`/api/v1/video/cases/${r.case.id}/accept`, { identity: null });
    await agent2.post(`/api/v1/tickets/${next}/start`, {});
    await agent2.post(`/api/v1/tickets/${next}/finish`, { outcome: 'done' });
    const ended = (await agent2.get(`/api/v1/video/cases/${r.case.id}`)).body;
    expect(ended).toMatchObject({ status: 'ended', outcome: 'done', agentId: agent2.id });
  });

  it("keeps the call view's own finish (outcome and missing materials) when the ticket is finished after it", async () => {
    const r = await activeCase(c, kiosk, agent);
    const missing = [{ zh: '户口本', en: 'Household register' }];
    const f = await agent.post(`/api/v1/video/cases/${r.case.id}/finish`, {
      outcome: 'more_materials',
      missingMaterials: missing,
    });
    expect(f.body.status).toBe('ended');
    expect(
      (await agent.post(`/api/v1/tickets/${r.ticket.id}/finish`, { outcome: 'more_materials' })).status,
    ).toBe(200);
    const vc = await caseOf(r.case.id);
    expect(vc).toMatchObject({ status: 'ended', outcome: 'more_materials', missingMaterials: missing });
    const ends = timeline(vc).filter((e) => e.kind === 'ended');
    expect(ends).toEqual([
      {
        at: expect.any(String),
        kind: 'ended',
        actor: agent.id,
        detail: { outcome: 'more_materials', missing: 1 },
      },
    ]);
  });
});
