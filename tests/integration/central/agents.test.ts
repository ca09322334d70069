import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DBS,
  type Client,
  type KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from './harness';

// The agent side over real HTTP on both databases: call order, every action of the lifecycle and its
// 409s, pause with a reason, estimates, the audited identity view.

afterAll(stopPostgres);

describe.each(DBS)('agents on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent1: Client & { id: string };
  let agent2: Client & { id: string };
  let supervisor: Client & { id: string };
  const take = async (itemId: string, birth = '19900101', n = Math.floor(Math.random() * 999)) =>
    (await kiosk.post('/api/v1/tickets', { itemId, channel: 'window', idNumber: idNumber(birth, n) })).body;
  const drain = async (agent: Client) => {
    for (;;) {
      const me = await agent.get('/api/v1/agents/me');
      if (me.body.currentTicketId) {
        await agent.post(`/api/v1/tickets/${me.body.currentTicketId}/start`);
        await agent.post(`/api/v1/tickets/${me.body.currentTicketId}/finish`, { outcome: 'done' });
      }
      const r = await agent.post('/api/v1/agents/me/call-next', {});
      if (!r.body.ticket) return;
      await agent.post(`/api/v1/tickets/${r.body.ticket.id}/start`);
      await agent.post(`/api/v1/tickets/${r.body.ticket.id}/finish`, { outcome: 'done' });
    }
  };

  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk();
    agent1 = await c.staff('agent1');
    agent2 = await c.staff('agent2');
    supervisor = await c.staff('supervisor');
  });
  afterAll(() => c?.close());

  it('calls priority residents first, then first come, and lifts a normal ticket that waited too long', async () => {
    await drain(agent1);
    const first = await take('i-jzz', '19900101', 11);
    c.clock.advance(1);
    const second = await take('i-jzz', '19900101', 12);
    c.clock.advance(1);
    const elder = await take('i-jzz', '19400101', 13); // 86 years old
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await agent1.post('/api/v1/agents/me/call-next', {});
      order.push(r.body.ticket.id);
      await agent1.post(`/api/v1/tickets/${r.body.ticket.id}/start`);
      await agent1.post(`/api/v1/tickets/${r.body.ticket.id}/finish`, { outcome: 'done' });
    }
    expect(order).toEqual([elder.id, first.id, second.id]);

    const old = await take('i-jzz', '19900101', 21);
    c.clock.advance(31); // past the 30-minute starvation limit
    const elder2 = await take('i-jzz', '19400101', 22);
    const r = await agent1.post('/api/v1/agents/me/call-next', {});
    expect(r.body.ticket.id).toBe(old.id); // aged: ranked like priority, and issued earlier
    await agent1.post(`/api/v1/tickets/${old.id}/start`);
    await agent1.post(`/api/v1/tickets/${old.id}/finish`, { outcome: 'done' });
    expect((await agent1.post('/api/v1/agents/me/call-next', {})).body.ticket.id).toBe(elder2.id);
    await agent1.post(`/api/v1/tickets/${elder2.id}/cancel`, {});
  });

  it('runs the lifecycle and refuses impossible transitions with 409', async () => {
    await drain(agent1);
    const t = await take('i-sbk');
    expect((await agent1.post(`/api/v1/tickets/${t.id}/finish`, { outcome: 'done' })).status).toBe(409);
    const called = await agent1.post('/api/v1/agents/me/call-next', {});
    expect(called.body.ticket).toMatchObject({ id: t.id, status: 'called', agentId: agent1.id });
    expect((await agent1.post(`/api/v1/tickets/${t.id}/call`)).body.error.code).toBe('TICKET_ALREADY_CALLED');
    expect((await agent1.post('/api/v1/agents/me/call-next', {})).status).toBe(409); // one at a time
    expect((await agent2.post(`/api/v1/tickets/${t.id}/start`)).status).toBe(403); // not theirs
    const recalled = await agent1.post(`/api/v1/tickets/${t.id}/recall`);
    expect(recalled.body.recallCount).toBe(1);
    expect((await agent1.post(`/api/v1/tickets/${t.id}/start`)).body.status).toBe('serving');
    expect((await agent1.post(`/api/v1/tickets/${t.id}/park`)).body.parked).toBe(true);
    expect((await agent1.post(`/api/v1/tickets/${t.id}/park`)).status).toBe(409);
    expect((await agent1.post(`/api/v1/tickets/${t.id}/resume`)).body.parked).toBe(false);
    const bad = await agent1.post(`/api/v1/tickets/${t.id}/finish`, { outcome: 'maybe' });
    expect(bad.status).toBe(400);
    const done = await agent1.post(`/api/v1/tickets/${t.id}/finish`, { outcome: 'more_materials' });
    expect(done.body).toMatchObject({ status: 'done', outcome: 'more_materials' });
    expect((await agent1.post(`/api/v1/tickets/${t.id}/call`)).status).toBe(409);
    expect((await agent1.post(`/api/v1/tickets/${t.id}/fly`)).status).toBe(400);
  });

  it('marks a no-show only after a recall', async () => {
    await drain(agent1);
    const t = await take('i-sbk');
    await agent1.post(`/api/v1/tickets/${t.id}/call`);
    const early = await agent1.post(`/api/v1/tickets/${t.id}/no-show`);
    expect(early.status).toBe(409);
    await agent1.post(`/api/v1/tickets/${t.id}/recall`);
    expect((await agent1.post(`/api/v1/tickets/${t.id}/no-show`)).body.status).toBe('no_show');
  });

  it('transfers to another item, keeping the number and the original issue time', async () => {
    await drain(agent1);
    await drain(agent2);
    const t = await take('i-jydj');
    c.clock.advance(5);
    const later = await take('i-jzz');
    await agent1.post(`/api/v1/tickets/${t.id}/call`);
    await agent1.post(`/api/v1/tickets/${t.id}/start`);
    const moved = await agent1.post(`/api/v1/tickets/${t.id}/transfer`, { itemId: 'i-jzz' });
    expect(moved.body).toMatchObject({ status: 'transferred' });
    const next = await agent1.get(`/api/v1/tickets/${moved.body.transferredToId}`);
    expect(next.body).toMatchObject({
      number: t.number,
      issuedAt: t.issuedAt,
      itemId: 'i-jzz',
      status: 'waiting',
      waitingAhead: 0,
    });
    const called = await agent2.post('/api/v1/agents/me/call-next', {});
    expect(called.body.ticket.id).toBe(next.body.id); // ahead of the later ticket
    expect((await agent1.post(`/api/v1/tickets/${t.id}/transfer`, { itemId: 'i-jzz' })).status).toBe(409); // already transferred
    const toAgent = await agent2.post(`/api/v1/tickets/${next.body.id}/transfer`, { agentId: agent1.id });
    const forAgent1 = await agent1.post('/api/v1/agents/me/call-next', {});
    expect(forAgent1.body.ticket.id).toBe(toAgent.body.transferredToId);
    await agent1.post(`/api/v1/tickets/${forAgent1.body.ticket.id}/cancel`, {});
    await agent2.post(`/api/v1/tickets/${later.id}/call`);
    await agent2.post(`/api/v1/tickets/${later.id}/cancel`, {});
  });

  it('pauses an agent only with a reason; estimates are unknown until someone serves, then a range', async () => {
    await drain(agent1);
    await drain(agent2);
    expect((await agent1.post('/api/v1/agents/me/pause', {})).status).toBe(400);
    expect((await agent1.post('/api/v1/agents/me/pause', { reason: '午休 lunch' })).body).toMatchObject({
      status: 'paused',
      pauseReason: '午休 lunch',
    });
    await agent2.post('/api/v1/agents/me/pause', { reason: 'training' });
    expect((await agent1.post('/api/v1/agents/me/call-next', {})).status).toBe(409);
    for (let i = 0; i < 3; i++) await take('i-lnjt', '19800101', 100 + i);
    const q1 = await c.anon.get('/api/v1/centres/c-zhangjiang/queues');
    const lnjt = (b: { queues: Array<{ itemId: string; channel: string; agentsServing: number }> }) =>
      b.queues.find((x) => x.itemId === 'i-lnjt' && x.channel === 'window')!;
    expect(lnjt(q1.body)).toMatchObject({ waiting: 3, agentsServing: 0, estimate: { known: false } });
    await agent1.post('/api/v1/agents/me/resume', {});
    await agent2.post('/api/v1/agents/me/resume', {});
    const q2 = await c.anon.get('/api/v1/centres/c-zhangjiang/queues');
    // 3 ahead × 8 min default ÷ 2 agents = 12 → 9.6–14.4 → 9–15
    expect(lnjt(q2.body)).toMatchObject({
      waiting: 3,
      agentsServing: 2,
      estimate: { known: true, minMinutes: 9, maxMinutes: 15 },
    });
    // a recent service of 4 minutes changes the mean
    const r = await agent1.post('/api/v1/agents/me/call-next', {});
    await agent1.post(`/api/v1/tickets/${r.body.ticket.id}/start`);
    c.clock.advance(4);
    await agent1.post(`/api/v1/tickets/${r.body.ticket.id}/finish`, { outcome: 'done' });
    const q3 = await c.anon.get('/api/v1/centres/c-zhangjiang/queues');
    expect(lnjt(q3.body)).toMatchObject({
      waiting: 2,
      estimate: { known: true, minMinutes: 3, maxMinutes: 5 },
    });
    await drain(agent1);
    expect((await c.anon.get('/api/v1/centres/c-nowhere/queues')).status).toBe(404);
    // an agent who signs out no longer counts
    const extra = await c.staff('agent2');
    await extra.post('/api/v1/auth/logout');
    const q4 = await c.anon.get('/api/v1/centres/c-zhangjiang/queues');
    expect(lnjt(q4.body).agentsServing).toBe(1);
  });

  it('shows the serving agent who the resident is, to nobody else, and audits each view', async () => {
    await drain(agent1);
    const t = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-cjz',
        channel: 'window',
        idNumber: idNumber('19500607', 3),
        name: '李四',
      })
    ).body;
    expect((await agent1.get(`/api/v1/tickets/${t.id}/resident`)).status).toBe(403);
    await agent1.post(`/api/v1/tickets/${t.id}/call`);
    await agent1.post(`/api/v1/tickets/${t.id}/start`);
    const who = await agent1.get(`/api/v1/tickets/${t.id}/resident`);
    expect(who.body).toEqual({
      name: '李四',
      idNumberMasked: '310115********' + idNumber('19500607', 3).slice(-4),
      age: 75,
    });
    expect((await agent2.get(`/api/v1/tickets/${t.id}/resident`)).status).toBe(403);
    const audit = await supervisor.get(`/api/v1/admin/audit?limit=50`);
    const actions = audit.body.entries.map(
      (e: { action: string; actorId: string }) => `${e.action}:${e.actorId}`,
    );
    expect(actions).toContain(`resident.view_identity:${agent1.id}`);
    const ticketAudit = await supervisor.get(`/api/v1/admin/audit?subjectId=${t.id}`);
    expect(ticketAudit.body.entries.map((e: { action: string }) => e.action).reverse()).toEqual([
      'ticket.issue',
      'ticket.call',
      'ticket.start',
    ]);
    await agent1.post(`/api/v1/tickets/${t.id}/finish`, { outcome: 'done' });
  });
});

describe.each(DBS)('call next under concurrency on %s', (kind) => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral(kind, { poolSize: 30, loginLimit: 100 });
  });
  afterAll(() => c?.close());

  it('gives each of 50 waiting tickets to exactly one of 50 agents calling at once', async () => {
    const agents = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        c.central.ctx.db.run(
          `INSERT INTO staff (id, username, display_name, role, password_hash, centre_ids, skill_groups)
         SELECT ?, ?, ?, 'agent', password_hash, '["c-lujiazui"]', '["community"]' FROM staff WHERE id = 'st-agent1'`,
          [`st-load-${i}`, `load${i}`, `Load ${i}`],
        ),
      ),
    );
    expect(agents).toHaveLength(50);
    const kiosk = await c.kiosk('s-lujiazui-1');
    for (let i = 0; i < 50; i++) {
      const r = await kiosk.post('/api/v1/tickets', {
        itemId: 'i-whhd',
        channel: 'window',
        idNumber: idNumber('19900101', i),
      });
      expect(r.status).toBe(201);
    }
    const clients = [];
    for (let i = 0; i < 50; i++) {
      const r = await c.anon.post('/api/v1/auth/login', { username: `load${i}`, password: 'doorstep-demo' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      clients.push({ cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: r.body.csrfToken as string });
    }
    const results = await Promise.all(
      clients.map((a) =>
        fetch(`${c.url}/api/v1/agents/me/call-next`, {
          method: 'POST',
          headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, 'content-type': 'application/json' },
          body: '{}',
        }).then((r) => r.json() as Promise<{ ticket: { id: string; agentId: string } | null }>),
      ),
    );
    const ids = results.map((r) => r.ticket?.id);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(50);
    const waiting = await c.central.ctx.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM tickets WHERE status = 'waiting' AND centre_id = 'c-lujiazui'",
    );
    expect(Number(waiting!.n)).toBe(0);
    const perAgent = await c.central.ctx.db.all<{ agent_id: string; n: number }>(
      "SELECT agent_id, COUNT(*) AS n FROM tickets WHERE status = 'called' AND centre_id = 'c-lujiazui' GROUP BY agent_id",
    );
    expect(perAgent).toHaveLength(50);
    expect(perAgent.every((r) => Number(r.n) === 1)).toBe(true);
  });
});
