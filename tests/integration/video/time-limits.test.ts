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
import { activeCase, ManualTimers, ringingCase, until } from './video-harness';

// The time limits act on the ticket themselves, with no browser involved: a ring not accepted is
// recalled (the kiosk rings again) and, after the recall times out too, the ticket is marked no-show;
// a call not restored within the reconnect limit goes back to the head of the same agent's queue.
// These are central's own acts: audited with the system as actor (the agent in the detail), and a
// failure is logged with the case and ticket numbers for a technician.

afterAll(stopPostgres);

describe.each(DBS)('video time limits on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client & { id: string };
  let supervisor: Client;
  const timers = new ManualTimers();
  const log: string[] = [];
  beforeAll(async () => {
    c = await startTestCentral(kind, {
      videoTimers: timers,
      logger: { stream: { write: (l) => void log.push(l) }, level: 'info' },
    });
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    supervisor = await c.staff('supervisor');
  });
  afterAll(() => c?.close());

  const kinds = (vc: Json) => (vc.timeline as Array<{ kind: string }>).map((e) => e.kind);
  /** The ticket's audit entries as a supervisor reads them, oldest first, with the stored detail. */
  const auditOf = async (ticketId: string) => {
    const r = await supervisor.get(`/api/v1/admin/audit?subjectId=${ticketId}`);
    expect(r.status).toBe(200);
    const details = await c.central.db.all<{ id: number; detail: string | null }>(
      'SELECT id, detail FROM audit WHERE subject_id = ?',
      [ticketId],
    );
    const detailOf = new Map(details.map((d) => [Number(d.id), d.detail ? JSON.parse(d.detail) : null]));
    return (r.body.entries as Array<{ id: number; action: string; actorType: string; actorId: string }>)
      .map((e) => ({
        action: e.action,
        actorType: e.actorType,
        actorId: e.actorId,
        detail: detailOf.get(e.id),
      }))
      .reverse();
  };

  it('recalls a ring not accepted in time, then marks the ticket no-show', async () => {
    const r = await ringingCase(c, kiosk, agent);
    expect(timers.count).toBe(1);

    timers.fire(); // the ring time limit
    const again = await until(
      () => agent.get(`/api/v1/video/cases/${r.case.id}`),
      (res) => kinds(res.body).length === 3 && timers.count === 1, // rung again, its time limit armed
    );
    expect(again.body).toMatchObject({ status: 'ringing', caseNumber: r.case.caseNumber });
    expect(kinds(again.body)).toEqual(['ring', 'missed', 'ring']);
    const recalled = await agent.get(`/api/v1/tickets/${r.ticket.id}`);
    expect(recalled.body).toMatchObject({ status: 'called', recallCount: 1 });
    expect(timers.count).toBe(1); // the recall rings with its own time limit

    timers.fire(); // the recall's time limit
    const gone = await until(
      () => agent.get(`/api/v1/tickets/${r.ticket.id}`),
      (res) => res.body.status === 'no_show',
    );
    expect(gone.body.status).toBe('no_show');
    const vc = await until(
      () => agent.get(`/api/v1/video/cases/${r.case.id}`),
      (res) => kinds(res.body).includes('no_show'),
    );
    expect(vc.body.status).toBe('missed');
    expect(kinds(vc.body)).toEqual(['ring', 'missed', 'ring', 'missed', 'no_show']);
    expect(timers.count).toBe(0);

    // The kiosk issued, the agent called; the system recalled and marked no-show, in the agent's name.
    const entries = await auditOf(r.ticket.id);
    expect(entries.map((e) => [e.action, e.actorType, e.actorId])).toEqual([
      ['ticket.issue', 'kiosk', kiosk.kioskId],
      ['ticket.call', 'staff', agent.id],
      ['ticket.recall', 'system', 'ring-timeout'],
      ['ticket.no-show', 'system', 'ring-timeout'],
    ]);
    for (const e of entries.slice(2)) {
      expect(e.detail).toMatchObject({
        reason: 'ring-timeout',
        agentId: agent.id,
        caseNumber: r.case.caseNumber,
      });
    }
    const actors = (vc.body.timeline as Array<{ kind: string; actor: string }>).map(
      (e) => `${e.kind}:${e.actor}`,
    );
    expect(actors).toEqual([
      `ring:${agent.id}`,
      'missed:system',
      'ring:system',
      'missed:system',
      'no_show:system',
    ]);
  });

  it('stops when the resident accepts the recall', async () => {
    const r = await ringingCase(c, kiosk, agent);
    timers.fire();
    await until(
      () => agent.get(`/api/v1/video/cases/${r.case.id}`),
      (res) => kinds(res.body).length === 3 && timers.count === 1,
    );
    expect((await kiosk.post(`/api/v1/video/cases/${r.case.id}/accept`, { identity: null })).status).toBe(
      200,
    );
    expect(timers.count).toBe(0);
    expect((await agent.get(`/api/v1/tickets/${r.ticket.id}`)).body.status).toBe('called');
    await agent.post(`/api/v1/tickets/${r.ticket.id}/start`, {});
    await agent.post(`/api/v1/video/cases/${r.case.id}/finish`, { outcome: 'done' });
    await agent.post(`/api/v1/tickets/${r.ticket.id}/finish`, { outcome: 'done' });
  });

  it('returns a call not restored in time to the head of the same agent queue, without the console', async () => {
    const r = await activeCase(c, kiosk, agent);
    const link = await kiosk.post(`/api/v1/video/cases/${r.case.id}/link`, { state: 'reconnecting' });
    expect(link.body.status).toBe('reconnecting');
    expect(timers.count).toBe(1);

    timers.fire(); // the reconnect limit
    const old = await until(
      () => agent.get(`/api/v1/tickets/${r.ticket.id}`),
      (res) => res.body.status === 'transferred',
    );
    expect(old.body.status).toBe('transferred');
    const back = await agent.get(`/api/v1/tickets/${old.body.transferredToId}`);
    expect(back.body).toMatchObject({
      status: 'waiting',
      number: r.ticket.number,
      issuedAt: r.ticket.issuedAt,
      agentId: r.case.agentId, // targeted at the same agent
    });
    const vc = (await agent.get(`/api/v1/video/cases/${r.case.id}`)).body;
    expect(vc.status).toBe('returned');
    expect(kinds(vc)).toContain('returned');

    // The same agent's next call takes it and rings the same case.
    const next = await agent.post('/api/v1/agents/me/call-next', { centreId: 'c-zhangjiang' });
    expect(next.body.ticket).toMatchObject({ id: back.body.id, number: r.ticket.number });
    const rung = await agent.post('/api/v1/video/cases', { ticketId: back.body.id });
    expect(rung.body).toMatchObject({ id: r.case.id, caseNumber: r.case.caseNumber, status: 'ringing' });

    const transfer = (await auditOf(r.ticket.id)).find((e) => e.action === 'ticket.transfer');
    expect(transfer).toMatchObject({
      actorType: 'system',
      actorId: 'reconnect-timeout',
      detail: { reason: 'reconnect-timeout', agentId: agent.id, caseNumber: r.case.caseNumber },
    });
    // Leave the agent free for the next test.
    await kiosk.post(`/api/v1/video/cases/${r.case.id}/accept`, { identity: null });
    await agent.post(`/api/v1/tickets/${back.body.id}/start`, {});
    await agent.post(`/api/v1/video/cases/${r.case.id}/finish`, { outcome: 'done' });
    await agent.post(`/api/v1/tickets/${back.body.id}/finish`, { outcome: 'done' });
  });

  it('logs an automatic action that fails, with the numbers a technician needs and no personal data', async () => {
    // Accepted (with the identity the host sends) but not yet started: the ticket is still called.
    const r = await ringingCase(c, kiosk, agent);
    const identity = { name: '张三', idMasked: '310115********1234', age: 46, cardType: 'resident' };
    expect((await kiosk.post(`/api/v1/video/cases/${r.case.id}/accept`, { identity })).status).toBe(200);
    await kiosk.post(`/api/v1/video/cases/${r.case.id}/link`, { state: 'reconnecting' });
    // The resident gives up at the kiosk while the call is down and cancels the ticket: it cannot go
    // back to the agent's queue any more.
    expect((await kiosk.post(`/api/v1/tickets/${r.ticket.id}/cancel`, {})).status).toBe(200);
    timers.fire();
    const vc = await until(
      () => agent.get(`/api/v1/video/cases/${r.case.id}`),
      (res) => res.body.status === 'returned',
    );
    expect(vc.body.status).toBe('returned');
    const found = await until(
      async () => log.filter((l) => l.includes(r.case.caseNumber) && l.includes('reconnect-timeout')),
      (lines) => lines.length > 0,
    );
    expect(found).toHaveLength(1);
    const line = JSON.parse(found[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 40, // warn
      caseNumber: r.case.caseNumber,
      ticketNumber: r.ticket.number,
      reason: 'reconnect-timeout',
      error: { code: 'INVALID_TRANSITION' },
    });
    expect(String(line.msg)).toContain("could not return the ticket to the head of the agent's queue");
    // The resident's name (from the accepted identity) and any ID number stay out of the log.
    expect(log.join('')).not.toContain('张三');
    expect(log.join('')).not.toMatch(/\d{17}[\dX]/);
    expect((await agent.get(`/api/v1/tickets/${r.ticket.id}`)).body.status).toBe('cancelled');
  });
});
