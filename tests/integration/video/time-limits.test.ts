import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoTimers } from '../../../central/video';
import {
  type Client,
  DBS,
  type Json,
  type KioskClient,
  startTestCentral,
  stopPostgres,
  type TestCentral,
} from '../central/harness';
import { activeCase, ringingCase } from './video-harness';

// The time limits act on the ticket themselves, with no browser involved: a ring not accepted is
// recalled (the kiosk rings again) and, after the recall times out too, the ticket is marked no-show;
// a call not restored within the reconnect limit goes back to the head of the same agent's queue.

/** Timers the test fires by hand instead of waiting 45 s / 30 s. */
class ManualTimers implements VideoTimers {
  private pending = new Map<number, () => void>();
  private next = 0;
  set(fn: () => void, _ms: number): unknown {
    const id = ++this.next;
    this.pending.set(id, fn);
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach((f) => f());
  }
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterAll(stopPostgres);

describe.each(DBS)('video time limits on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client;
  const timers = new ManualTimers();
  beforeAll(async () => {
    c = await startTestCentral(kind, { videoTimers: timers });
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
  });
  afterAll(() => c?.close());

  const kinds = (vc: Json) => (vc.timeline as Array<{ kind: string }>).map((e) => e.kind);

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
  });
});
