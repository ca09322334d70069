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

// What the staff console needs for every ticket, over real HTTP on both databases: a transfer carries a
// note for the next agent (stored with the new ticket, in its events and lists, audited), the target is
// picked from the centre's agents and skill groups (GET /centres/{id}/transfer-targets), and an agent
// finds their called, serving and parked tickets again (GET /agents/me/tickets) and holds one at a time.

afterAll(stopPostgres);

describe.each(DBS)('transfer note, transfer targets and my tickets on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent1: Client & { id: string };
  let agent2: Client & { id: string };
  let n = 0;
  const take = async (itemId = 'i-jzz') => {
    const r = await kiosk.post('/api/v1/tickets', {
      itemId,
      channel: 'window',
      idNumber: idNumber('19900101', ++n),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; number: string; issuedAt: string };
  };
  const act = async (agent: Client, id: string, action: string, body: unknown = {}) => {
    const r = await agent.post(`/api/v1/tickets/${id}/${action}`, body);
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const auditDetail = async (ticketId: string, action: string) => {
    const rows = await c.central.db.all<{ action: string; detail: string | null }>(
      'SELECT action, detail FROM audit WHERE subject_id = ? ORDER BY id',
      [ticketId],
    );
    const row = rows.find((r) => r.action === action);
    return row?.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null;
  };

  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk();
    agent1 = await c.staff('agent1');
    agent2 = await c.staff('agent2');
  });
  afterAll(() => c?.close());

  it('gives the next agent the note with the transferred ticket, in the event, the queue and on call', async () => {
    const events = await c.events('c-zhangjiang', agent2.auth());
    const t = await take();
    await act(agent1, t.id, 'call');
    await act(agent1, t.id, 'start');
    c.clock.advance(3);
    const note = '居民已提交身份证复印件，缺户口本 — has the ID copy, needs the household register';
    const old = await act(agent1, t.id, 'transfer', { agentId: agent2.id, note: `  ${note}  ` });
    expect(old).toMatchObject({ status: 'transferred' });

    const expected = {
      fromTicketId: t.id,
      byStaffId: agent1.id,
      byName: '李帮办 Agent Li',
      at: new Date(c.clock.ms).toISOString(),
      note, // trimmed
    };
    const issued = await events.waitFor(
      ofType('ticket.issued', (m) => m.data.ticket.id === old.transferredToId),
    );
    expect(issued.data.ticket).toMatchObject({
      number: t.number,
      issuedAt: t.issuedAt,
      status: 'waiting',
      agentId: agent2.id,
      transfer: expected,
    });
    const waiting = await agent2.get('/api/v1/tickets?centreId=c-zhangjiang&status=waiting');
    const listed = waiting.body.tickets.find((x: { id: string }) => x.id === old.transferredToId);
    expect(listed.transfer).toEqual(expected);

    // Agent 2 calls it next and still reads the note; the original ticket's audit entry keeps it.
    const called = await agent2.post('/api/v1/agents/me/call-next', {});
    expect(called.body.ticket).toMatchObject({ id: old.transferredToId, transfer: { note } });
    expect(await auditDetail(t.id, 'ticket.transfer')).toMatchObject({ agentId: agent2.id, note });
    // A ticket that was never transferred has none.
    expect((await agent2.get(`/api/v1/tickets/${t.id}`)).body.transfer).toBeNull();
    await act(agent2, called.body.ticket.id, 'start');
    await act(agent2, called.body.ticket.id, 'finish', { outcome: 'done' });
  });

  it('transfers to a skill group with a note; without a note the ticket still says who moved it', async () => {
    const t = await take('i-jzz');
    await act(agent1, t.id, 'call');
    const moved = await act(agent1, t.id, 'transfer', { skillGroup: 'social-security', note: '转社保' });
    const next = (await agent1.get(`/api/v1/tickets/${moved.transferredToId}`)).body;
    expect(next).toMatchObject({ skillGroup: 'social-security', transfer: { note: '转社保' } });
    await act(agent1, next.id, 'call');
    const again = await act(agent1, next.id, 'transfer', { itemId: 'i-jydj' });
    const last = (await agent1.get(`/api/v1/tickets/${again.transferredToId}`)).body;
    expect(last).toMatchObject({
      itemId: 'i-jydj',
      transfer: { fromTicketId: next.id, byStaffId: agent1.id, note: null },
    });
    await act(agent1, last.id, 'call');
    await act(agent1, last.id, 'cancel');
  });

  it('refuses a target outside the centre, an unknown one and a note too long, changing nothing', async () => {
    const t = await take();
    await act(agent1, t.id, 'call');
    const foreign = await agent1.post(`/api/v1/tickets/${t.id}/transfer`, { agentId: 'st-agent3' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'agentId' }] });
    expect((await agent1.post(`/api/v1/tickets/${t.id}/transfer`, { agentId: 'st-nobody' })).status).toBe(
      404,
    );
    const long = await agent1.post(`/api/v1/tickets/${t.id}/transfer`, {
      agentId: agent2.id,
      note: 'x'.repeat(501),
    });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('VALIDATION_FAILED');
    const two = await agent1.post(`/api/v1/tickets/${t.id}/transfer`, {
      agentId: agent2.id,
      itemId: 'i-jzz',
    });
    expect(two.status).toBe(400);
    expect((await agent1.get(`/api/v1/tickets/${t.id}`)).body.status).toBe('called');
    await act(agent1, t.id, 'cancel');
  });

  it('lists the agents of the centre with their state and the skill groups in both languages', async () => {
    await agent2.post('/api/v1/agents/me/pause', { reason: '培训 training' });
    await agent1.post('/api/v1/agents/me/resume', {});
    const r = await agent1.get('/api/v1/centres/c-zhangjiang/transfer-targets');
    expect(r.status).toBe(200);
    const byId = new Map(r.body.agents.map((a: { id: string }) => [a.id, a]));
    expect([...byId.keys()].sort()).toEqual(['st-agent1', 'st-agent2', 'st-supervisor']); // not agent3, not admin
    expect(byId.get('st-agent1')).toMatchObject({ status: 'available', signedIn: true, role: 'agent' });
    expect(byId.get('st-agent2')).toMatchObject({
      status: 'paused',
      signedIn: true,
      displayName: '张帮办 Agent Zhang',
      skillGroups: ['residence', 'social-security', 'civil-affairs'],
    });
    expect(byId.get('st-supervisor')).toMatchObject({ signedIn: false, role: 'supervisor' });
    expect(r.body.agents.at(-1).id).toBe('st-supervisor'); // those at work first
    expect(r.body.skillGroups).toContainEqual({
      id: 'residence',
      name: { zh: '户籍与居住', en: 'Residence' },
    });

    // Signing out shows; another centre is not the agent's to look at; nobody else may look.
    const extra = await c.staff('supervisor');
    expect(
      (await agent1.get('/api/v1/centres/c-zhangjiang/transfer-targets')).body.agents.find(
        (a: { id: string }) => a.id === 'st-supervisor',
      ).signedIn,
    ).toBe(true);
    await extra.post('/api/v1/auth/logout');
    expect(
      (await agent1.get('/api/v1/centres/c-zhangjiang/transfer-targets')).body.agents.find(
        (a: { id: string }) => a.id === 'st-supervisor',
      ).signedIn,
    ).toBe(false);
    expect((await agent1.get('/api/v1/centres/c-huamu/transfer-targets')).status).toBe(403);
    expect((await c.anon.get('/api/v1/centres/c-zhangjiang/transfer-targets')).status).toBe(401);
    expect((await kiosk.get('/api/v1/centres/c-zhangjiang/transfer-targets')).status).toBe(403);
    await agent2.post('/api/v1/agents/me/resume', {});
  });

  it("finds the agent's current and parked tickets again; resumes one only when none is current", async () => {
    const a = await take();
    const b = await take();
    const d = await take();
    await act(agent1, a.id, 'call');
    // Another ticket by call-next while one is called: refused.
    const second = await agent1.post('/api/v1/agents/me/call-next', {});
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('INVALID_TRANSITION');
    await act(agent1, a.id, 'start');
    await act(agent1, a.id, 'park');
    c.clock.advance(1);

    const mine = async () =>
      (await agent1.get('/api/v1/agents/me/tickets')).body.tickets.map(
        (t: { id: string; status: string; parked: boolean }) => [t.id, t.status, t.parked],
      );
    expect(await mine()).toEqual([[a.id, 'serving', true]]);
    expect((await agent1.get('/api/v1/agents/me')).body.currentTicketId).toBeNull();

    // Parked: the agent calls the next one; resuming the parked one waits until that is finished.
    await act(agent1, b.id, 'call');
    expect(await mine()).toEqual([
      [a.id, 'serving', true],
      [b.id, 'called', false],
    ]);
    const early = await agent1.post(`/api/v1/tickets/${a.id}/resume`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/current ticket/);
    await act(agent1, b.id, 'start');
    await act(agent1, b.id, 'finish', { outcome: 'more_materials' });
    expect(await act(agent1, a.id, 'resume')).toMatchObject({ status: 'serving', parked: false });
    expect(await mine()).toEqual([[a.id, 'serving', false]]);
    expect((await agent2.get('/api/v1/agents/me/tickets')).body.tickets).toEqual([]);

    // A ticket transferred to agent 2 is theirs to call, not agent 1's.
    await act(agent1, a.id, 'transfer', { agentId: agent2.id, note: '请继续办理' });
    const forAgent2 = (
      await agent2.get('/api/v1/tickets?centreId=c-zhangjiang&status=waiting')
    ).body.tickets.find((t: { number: string }) => t.number === a.number);
    expect((await agent1.post(`/api/v1/tickets/${forAgent2.id}/call`)).status).toBe(403);
    await act(agent2, forAgent2.id, 'call');
    await act(agent2, forAgent2.id, 'cancel');
    await act(agent1, d.id, 'call');
    await act(agent1, d.id, 'cancel');
    expect(await mine()).toEqual([]);
  });
});
