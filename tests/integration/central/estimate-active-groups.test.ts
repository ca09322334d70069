import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueSummary } from '../../../contract/queue';
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

// Wait estimates count only the agents serving a queue now: an available agent counts for the skill
// groups they chose to serve (PUT /agents/me/session), not for every group they hold. Real HTTP and
// WebSocket events on both databases.

afterAll(stopPostgres);

describe.each(DBS)('estimates by active skill groups on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent2: Client & { id: string };

  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk();
    agent2 = await c.staff('agent2'); // holds residence, social-security, civil-affairs; agent1 stays offline
  });
  afterAll(() => c?.close());

  const queue = async (itemId: string) => {
    const r = await agent2.get('/api/v1/centres/c-zhangjiang/queues');
    expect(r.status).toBe(200);
    const found = (r.body.queues as QueueSummary[]).find(
      (q) => q.itemId === itemId && q.channel === 'window',
    );
    expect(found).toBeDefined();
    return found!;
  };

  it('an agent holding two groups with one active serves only that one, until they activate the other', async () => {
    for (const [i, itemId] of ['i-jzz', 'i-jydj', 'i-jydj'].entries()) {
      const r = await kiosk.post('/api/v1/tickets', {
        itemId,
        channel: 'window',
        idNumber: idNumber('19900101', i + 1),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const set = await agent2.put('/api/v1/agents/me/session', { activeSkillGroups: ['residence'] });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await agent2.post('/api/v1/agents/me/resume')).status).toBe(200);

    // Residence (i-jzz) is served; social security (i-jydj) is held but not active: nobody serves it.
    expect(await queue('i-jzz')).toMatchObject({ agentsServing: 1, estimate: { known: true } });
    expect(await queue('i-jydj')).toMatchObject({ agentsServing: 0, estimate: { known: false } });
    // A ticket issued into it now tells the resident the wait is unknown, not a range.
    const unknown = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jydj',
      channel: 'window',
      idNumber: idNumber('19900101', 4),
    });
    expect(unknown.body.estimate).toEqual({ known: false });

    const events = await c.events('c-zhangjiang', agent2.auth());
    const from = events.messages.length;
    const on = await agent2.put('/api/v1/agents/me/session', {
      activeSkillGroups: ['residence', 'social-security'],
    });
    expect(on.status).toBe(200);
    const after = await queue('i-jydj');
    expect(after.agentsServing).toBe(1);
    if (!after.estimate.known) throw new Error('estimate still unknown');
    expect(after.estimate.maxMinutes).toBeGreaterThan(0); // 3 waiting × 8 min default ÷ 1 agent
    expect(after.estimate.maxMinutes - after.estimate.minMinutes).toBeGreaterThan(0);
    // Boards and kiosks learn it from the event stream, without polling.
    const ev = await events.waitFor(
      ofType('queue.changed', (m) =>
        m.data.queues.some((q) => q.itemId === 'i-jydj' && q.channel === 'window' && q.estimate.known),
      ),
      from,
    );
    expect(ev.data.queues.find((q) => q.itemId === 'i-jydj' && q.channel === 'window')).toMatchObject({
      agentsServing: 1,
      estimate: after.estimate,
    });
    // The residence queue did not change and the agent's own ticket view agrees.
    expect(await queue('i-jzz')).toMatchObject({ agentsServing: 1 });
    const t = await kiosk.get(`/api/v1/tickets/${unknown.body.id}`);
    expect(t.body.estimate).toMatchObject({ known: true });

    // Dropping the group again takes the agent out of its estimate.
    await agent2.put('/api/v1/agents/me/session', { activeSkillGroups: ['civil-affairs'] });
    expect(await queue('i-jydj')).toMatchObject({ agentsServing: 0, estimate: { known: false } });
    expect(await queue('i-jzz')).toMatchObject({ agentsServing: 0, estimate: { known: false } });
  });
});
