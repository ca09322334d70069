import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DBS,
  type Client,
  type KioskClient,
  type TestCentral,
  idNumber,
  ofType,
  startTestCentral,
  stopPostgres,
} from './harness';

// The agent's session over real HTTP on both databases: the skill groups served now (call next draws
// from those only) and the counter (窗口) sat at, which window tickets and the hall board carry; both
// kept across a new sign-in.

afterAll(stopPostgres);

describe.each(DBS)('agent session on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent1: Client & { id: string };
  let agent2: Client & { id: string };
  let n = 0;
  const take = async (itemId: string, channel: 'window' | 'video' = 'window') => {
    const r = await kiosk.post('/api/v1/tickets', { itemId, channel, idNumber: idNumber('19900101', ++n) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; number: string };
  };
  const done = async (agent: Client, id: string) => {
    await agent.post(`/api/v1/tickets/${id}/start`);
    expect((await agent.post(`/api/v1/tickets/${id}/finish`, { outcome: 'done' })).status).toBe(200);
  };

  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk();
    agent1 = await c.staff('agent1'); // holds every group
    agent2 = await c.staff('agent2'); // residence, social-security, civil-affairs
  });
  afterAll(() => c?.close());

  it('serves all held groups by default, with their names in both languages', async () => {
    const me = await agent2.get('/api/v1/agents/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      skillGroups: ['residence', 'social-security', 'civil-affairs'],
      activeSkillGroups: ['residence', 'social-security', 'civil-affairs'],
      counter: null,
    });
    expect(me.body.skillGroupNames.residence).toEqual({ zh: '户籍与居住', en: 'Residence' });
    expect(Object.keys(me.body.skillGroupNames)).toHaveLength(3);
  });

  it('calls next from the active group only, skipping an older ticket of another group', async () => {
    const events = await c.events('c-zhangjiang', agent1.auth());
    const older = await take('i-jydj'); // social security
    c.clock.advance(2);
    const newer = await take('i-jzz'); // residence
    const set = await agent1.put('/api/v1/agents/me/session', {
      activeSkillGroups: ['residence'],
      counter: 'a2',
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ activeSkillGroups: ['residence'], counter: 'A2' });

    const called = await agent1.post('/api/v1/agents/me/call-next', {});
    expect(called.body.ticket).toMatchObject({ id: newer.id, status: 'called', counter: 'A2' });
    const ev = await events.waitFor(ofType('ticket.called', (m) => m.data.ticket.id === newer.id));
    expect(ev.data.counter).toBe('A2');
    expect(ev.data.ticket.counter).toBe('A2');
    const board = await c.anon.get('/api/v1/public/centres/c-zhangjiang/board');
    expect(board.body.calls[0]).toMatchObject({
      number: newer.number,
      destination: { kind: 'window', window: 'A2' },
    });
    await done(agent1, newer.id);

    // Nothing else of the active group waits: call next finds nothing, though the older ticket waits.
    expect((await agent1.post('/api/v1/agents/me/call-next', {})).body.ticket).toBeNull();
    expect((await agent1.get(`/api/v1/tickets/${older.id}`)).body.status).toBe('waiting');
    // Calling it by choice is still allowed: the agent holds that group.
    const chosen = await agent1.post(`/api/v1/tickets/${older.id}/call`);
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ status: 'called', counter: 'A2' });
    const recalled = events.messages.length;
    await agent1.post(`/api/v1/tickets/${older.id}/recall`);
    const again = await events.waitFor(
      ofType('ticket.called', (m) => m.data.ticket.id === older.id && m.data.ticket.recallCount === 1),
      recalled,
    );
    expect(again.data.counter).toBe('A2');
    await done(agent1, older.id);

    // A video ticket goes to the kiosk's call, not to a counter.
    await agent1.put('/api/v1/agents/me/session', { activeSkillGroups: ['residence', 'legal'] });
    const video = await take('i-flzx', 'video');
    const v = await agent1.post('/api/v1/agents/me/call-next', {});
    expect(v.body.ticket).toMatchObject({ id: video.id, channel: 'video', counter: null });
    const vev = await events.waitFor(ofType('ticket.called', (m) => m.data.ticket.id === video.id));
    expect(vev.data.counter).toBeNull();
    await agent1.post(`/api/v1/tickets/${video.id}/cancel`, {});
  });

  it('refuses groups the agent does not hold with field errors, and bad counters; audits a change', async () => {
    const r = await agent2.put('/api/v1/agents/me/session', { activeSkillGroups: ['residence', 'legal'] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.fields).toEqual([
      { path: 'activeSkillGroups.1', message: expect.stringContaining('legal') },
    ]);
    expect((await agent2.put('/api/v1/agents/me/session', { activeSkillGroups: [] })).status).toBe(400);
    const bad = await agent2.put('/api/v1/agents/me/session', { counter: '3号窗口' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('counter');
    expect((await agent2.get('/api/v1/agents/me')).body).toMatchObject({
      activeSkillGroups: ['residence', 'social-security', 'civil-affairs'],
      counter: null,
    });
    const ok = await agent2.put('/api/v1/agents/me/session', { counter: '7' });
    expect(ok.body).toMatchObject({ counter: '7', activeSkillGroups: ok.body.skillGroups });

    // Calling a chosen ticket of a group the agent does not hold: 403, and it keeps waiting.
    const health = await take('i-ybdj');
    const refused = await agent2.post(`/api/v1/tickets/${health.id}/call`);
    expect(refused.status).toBe(403);
    expect((await agent2.get(`/api/v1/tickets/${health.id}`)).body.status).toBe('waiting');
    await agent1.post(`/api/v1/tickets/${health.id}/cancel`, {});

    const supervisor = await c.staff('supervisor');
    const audit = await supervisor.get(`/api/v1/admin/audit?subjectId=${agent2.id}`);
    const session = audit.body.entries.find((e: { action: string }) => e.action === 'agent.session');
    expect(session).toMatchObject({ actorId: agent2.id });
  });

  it('keeps the chosen groups and counter across sign-out and a new sign-in', async () => {
    await agent2.put('/api/v1/agents/me/session', { activeSkillGroups: ['civil-affairs'], counter: '12-1' });
    await agent2.post('/api/v1/agents/me/pause', { reason: 'lunch' });
    expect((await agent2.post('/api/v1/auth/logout')).status).toBe(200);
    const again = await c.staff('agent2');
    const me = await again.get('/api/v1/agents/me');
    expect(me.body).toMatchObject({
      status: 'offline',
      activeSkillGroups: ['civil-affairs'],
      counter: '12-1',
    });
    // Resuming keeps them; clearing the counter sends later window calls "to the windows".
    expect((await again.post('/api/v1/agents/me/resume', {})).body).toMatchObject({
      status: 'available',
      activeSkillGroups: ['civil-affairs'],
      counter: '12-1',
    });
    const cleared = await again.put('/api/v1/agents/me/session', { counter: null });
    expect(cleared.body).toMatchObject({ counter: null, activeSkillGroups: ['civil-affairs'] });
  });
});
