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

// The console's "today" figures: an agent sees how many tickets they finished today and their mean
// service time (start → finish), only their own; signed out, nothing. Over real
// HTTP on both databases.

afterAll(stopPostgres);

describe.each(DBS)("an agent's figures for today on %s", (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client & { id: string };
  let other: Client & { id: string };

  beforeAll(async () => {
    c = await startTestCentral(kind, { listen: false });
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    other = await c.staff('agent2');
    await agent.post('/api/v1/agents/me/resume', {});
  });
  afterAll(() => c?.close());

  it('counts the tickets the agent finished today and their mean service time', async () => {
    const empty = await agent.get('/api/v1/agents/me/today');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      served: 0,
      avgServiceSeconds: null,
      ratings: { count: 0, average: null },
    });

    for (const [n, minutes] of [
      [1, 4],
      [2, 8],
    ] as const) {
      const t = await kiosk.post('/api/v1/tickets', {
        itemId: 'i-jzz',
        channel: 'window',
        idNumber: idNumber('19850101', n),
      });
      expect(t.status).toBe(201);
      const called = await agent.post('/api/v1/agents/me/call-next', {});
      expect(called.body.ticket.id).toBe(t.body.id);
      expect((await agent.post(`/api/v1/tickets/${t.body.id}/start`, {})).status).toBe(200);
      c.clock.advance(minutes);
      expect((await agent.post(`/api/v1/tickets/${t.body.id}/finish`, { outcome: 'done' })).status).toBe(200);
    }
    const today = await agent.get('/api/v1/agents/me/today');
    expect(today.body).toMatchObject({ serviceDay: '2026-03-02', served: 2, avgServiceSeconds: 360 });
    // Another agent's figures are their own.
    expect((await other.get('/api/v1/agents/me/today')).body.served).toBe(0);
  });

  it('is refused without a sign-in', async () => {
    expect((await c.anon.get('/api/v1/agents/me/today')).status).toBe(401);
  });
});
