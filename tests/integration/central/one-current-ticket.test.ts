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

// An agent holds one current (called or serving, not parked) ticket at a time, however the next one
// comes: call next, a ticket chosen out of the queue, or a parked one resumed. Refused with the same
// 409 INVALID_TRANSITION as call next (the console shows its bilingual text and the hint), and the
// refusal changes nothing. Over real HTTP on both databases.

afterAll(stopPostgres);

describe.each(DBS)('one current ticket per agent on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client & { id: string };
  let n = 0;
  const take = async () => {
    const r = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: idNumber('19850101', ++n),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; number: string };
  };
  const act = async (id: string, action: string, body: unknown = {}) => {
    const r = await agent.post(`/api/v1/tickets/${id}/${action}`, body);
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  /** The agent's open tickets as the console reads them after a reload. */
  const mine = async () =>
    (await agent.get('/api/v1/agents/me/tickets')).body.tickets.map(
      (t: { id: string; status: string; parked: boolean }) => [t.id, t.status, t.parked],
    );
  const ticket = async (id: string) => (await agent.get(`/api/v1/tickets/${id}`)).body;
  const audited = async (id: string) =>
    (
      await c.central.db.all<{ action: string }>(
        'SELECT action FROM audit WHERE subject_id = ? ORDER BY id',
        [id],
      )
    ).map((r) => r.action);

  beforeAll(async () => {
    c = await startTestCentral(kind, { listen: false });
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    await agent.post('/api/v1/agents/me/resume', {});
  });
  afterAll(() => c?.close());

  it('refuses a chosen ticket while one is called or served, changing nothing; allows it once finished', async () => {
    const held = await take();
    const chosen = await take();
    await act(held.id, 'call');
    const before = await ticket(chosen.id);

    const refused = await agent.post(`/api/v1/tickets/${chosen.id}/call`);
    expect(refused.status).toBe(409);
    // The same answer as call next gives.
    const next = await agent.post('/api/v1/agents/me/call-next', {});
    expect(next.status).toBe(409);
    expect(refused.body).toEqual(next.body);
    expect(refused.body.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'finish, park or transfer the current ticket first',
    });
    // Nothing changed: the chosen one still waits for anyone, the held one is still the agent's.
    expect(await ticket(chosen.id)).toEqual(before);
    expect(before).toMatchObject({ status: 'waiting', agentId: null });
    expect(await audited(chosen.id)).toEqual(['ticket.issue']);
    expect(await mine()).toEqual([[held.id, 'called', false]]);
    expect((await agent.get('/api/v1/agents/me')).body.currentTicketId).toBe(held.id);

    // Recalling one's own current ticket is still allowed.
    expect(await act(held.id, 'recall')).toMatchObject({ status: 'called', recallCount: 1 });

    // Served now: still refused.
    await act(held.id, 'start');
    expect((await agent.post(`/api/v1/tickets/${chosen.id}/call`)).status).toBe(409);
    expect(await ticket(chosen.id)).toMatchObject({ status: 'waiting', agentId: null });

    // Finished: the chosen one can be called.
    await act(held.id, 'finish', { outcome: 'done' });
    expect(await act(chosen.id, 'call')).toMatchObject({ status: 'called', agentId: agent.id });
    expect(await mine()).toEqual([[chosen.id, 'called', false]]);
    await act(chosen.id, 'cancel');
  });

  it('allows a chosen ticket while the other one is parked, but resumes the parked one only when free', async () => {
    const a = await take();
    const b = await take();
    await act(a.id, 'call');
    await act(a.id, 'start');
    await act(a.id, 'park');
    c.clock.advance(1);
    await act(b.id, 'call'); // a parked ticket is not current

    const early = await agent.post(`/api/v1/tickets/${a.id}/resume`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'finish, park or transfer the current ticket first',
    });
    expect(await ticket(a.id)).toMatchObject({ status: 'serving', parked: true });
    expect(await mine()).toEqual([
      [a.id, 'serving', true],
      [b.id, 'called', false],
    ]);

    await act(b.id, 'start');
    await act(b.id, 'finish', { outcome: 'to_window' });
    expect(await act(a.id, 'resume')).toMatchObject({ status: 'serving', parked: false });
    await act(a.id, 'finish', { outcome: 'done' });
    expect(await mine()).toEqual([]);
  });

  it('gives the agent only one of two tickets chosen at the same moment', async () => {
    for (let round = 0; round < 4; round++) {
      const x = await take();
      const y = await take();
      const [rx, ry] = await Promise.all([
        agent.post(`/api/v1/tickets/${x.id}/call`),
        agent.post(`/api/v1/tickets/${y.id}/call`),
      ]);
      expect([rx.status, ry.status].sort(), JSON.stringify([rx.body, ry.body])).toEqual([200, 409]);
      const won = rx.status === 200 ? x : y;
      const lost = rx.status === 200 ? y : x;
      expect(await mine()).toEqual([[won.id, 'called', false]]);
      expect(await ticket(lost.id)).toMatchObject({ status: 'waiting', agentId: null });
      await act(won.id, 'cancel');
      await act(lost.id, 'call');
      await act(lost.id, 'cancel');
    }
  });
});
