import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../contract/api/admin';
import { freeAgent, ManualTimers, ringingCase, until } from '../video/video-harness';
import {
  type Client,
  DBS,
  type KioskClient,
  type TestCentral,
  idNumber,
  startTestCentral,
  stopPostgres,
} from './harness';

// A supervisor reading the audit log (GET /api/v1/admin/audit) sees what each action concerned — for an
// automatic one (actor `system`, e.g. a video ring not accepted in time) the agent and the video case it
// acted on — but no personal data: ID and mobile numbers masked, notes staff typed not shown.

afterAll(stopPostgres);

describe.each(DBS)('audit detail on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client & { id: string };
  let supervisor: Client;
  const timers = new ManualTimers();

  beforeAll(async () => {
    c = await startTestCentral(kind, { videoTimers: timers });
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    supervisor = await c.staff('supervisor');
  });
  afterAll(() => c?.close());

  const auditOf = async (subjectId: string) => {
    const r = await supervisor.get(`/api/v1/admin/audit?subjectId=${subjectId}`);
    expect(r.status).toBe(200);
    return { entries: (r.body.entries as AuditEntry[]).slice().reverse(), text: JSON.stringify(r.body) };
  };

  it('shows which agent and video case a ring timeout acted on', async () => {
    const r = await ringingCase(c, kiosk, agent);
    timers.fire(); // the ring was not accepted in time: the system recalls the ticket
    await until(
      () => agent.get(`/api/v1/tickets/${r.ticket.id}`),
      (res) => res.body.recallCount === 1,
    );
    const { entries } = await auditOf(r.ticket.id);
    const recall = entries.find((e) => e.action === 'ticket.recall');
    expect(recall).toMatchObject({
      actorType: 'system',
      actorId: 'ring-timeout',
      subjectType: 'ticket',
      subjectId: r.ticket.id,
      detail: { reason: 'ring-timeout', agentId: agent.id, caseNumber: r.case.caseNumber },
    });
    expect(entries.find((e) => e.action === 'ticket.issue')?.detail).toMatchObject({
      itemId: 'i-flzx',
      channel: 'video',
    });
  });

  it('masks personal data in what staff typed', async () => {
    const id = idNumber('19560101', 7);
    const t = await kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'window', idNumber: id });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    await freeAgent(agent);
    expect((await agent.post(`/api/v1/tickets/${t.body.id}/call`)).status).toBe(200);
    expect((await agent.post(`/api/v1/tickets/${t.body.id}/start`)).status).toBe(200);
    const note = `王小明 ${id} 电话 13812345678 需要社保窗口`;
    const moved = await agent.post(`/api/v1/tickets/${t.body.id}/transfer`, { itemId: 'i-jydj', note });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const nextId = moved.body.transferredToId as string;
    const cancel = await agent.post(`/api/v1/tickets/${nextId}/cancel`, {
      reason: `resident ${id} left, call back on 13812345678`,
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);

    const old = await auditOf(t.body.id);
    expect(old.entries.find((e) => e.action === 'ticket.transfer')).toMatchObject({
      actorType: 'staff',
      actorId: agent.id,
      detail: { itemId: 'i-jydj', note: '[masked]' },
    });
    const next = await auditOf(nextId);
    const cancelled = next.entries.find((e) => e.action === 'ticket.cancel');
    expect(cancelled?.detail).toEqual({
      reason: `resident ${id.slice(0, 6)}********${id.slice(-4)} left, call back on 138****5678`,
    });
    for (const { text } of [old, next]) {
      expect(text).not.toContain(id);
      expect(text).not.toContain('王小明');
      expect(text).not.toContain('13812345678');
    }
    // The stored row keeps what was recorded; only the reading is masked.
    const stored = await c.central.db.get<{ detail: string }>(
      "SELECT detail FROM audit WHERE subject_id = ? AND action = 'ticket.transfer'",
      [t.body.id],
    );
    expect(JSON.parse(stored!.detail).note).toBe(note);
  });

  it('is for supervisors and admins only', async () => {
    expect((await agent.get('/api/v1/admin/audit')).status).toBe(403);
    const all = await supervisor.get('/api/v1/admin/audit?limit=5');
    expect(all.status).toBe(200);
    expect(all.body.entries).toHaveLength(5);
    for (const e of all.body.entries as AuditEntry[]) expect(e).toHaveProperty('detail');
  });
});
