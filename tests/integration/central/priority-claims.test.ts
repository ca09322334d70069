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

// Priority residents (domain.md "Tickets"): 70+ from the ID birth date, and the claims central offers
// (an admin setting; default disability and service member). A claim offered gives priority and the
// ticket says why, for the agent; a claim not offered is refused with the field. Both databases.

afterAll(stopPostgres);

describe.each(DBS)('priority claims on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client;
  let admin: Client;
  let n = 0;
  const take = (body: Record<string, unknown> = {}) =>
    kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: idNumber('19900101', ++n),
      ...body,
    });

  beforeAll(async () => {
    c = await startTestCentral(kind, { listen: false });
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    admin = await c.staff('admin');
  });
  afterAll(() => c?.close());

  it('offers disability and service member by default, to kiosks with the catalog', async () => {
    const s = await admin.get('/api/v1/admin/settings');
    expect(s.body.priorityClaims).toEqual(['disability', 'service_member']);
    const cat = await kiosk.get('/api/v1/catalog');
    expect(cat.body.priorityClaims).toEqual(['disability', 'service_member']);
  });

  it('a claimed ticket goes ahead of earlier normal ones and says why; age needs no claim', async () => {
    const first = await take();
    c.clock.advance(1);
    const claimed = await take({ priorityClaim: 'disability' });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(201);
    expect(claimed.body).toMatchObject({
      priority: 'priority',
      priorityReason: 'disability',
      waitingAhead: 0,
    });
    c.clock.advance(1);
    const elder = await take({ idNumber: idNumber('19400101', 900) });
    expect(elder.body).toMatchObject({ priority: 'priority', priorityReason: 'age', waitingAhead: 1 });
    expect(first.body).toMatchObject({ priority: 'normal', priorityReason: null });

    // The agent's list shows the reason; call next takes the claimed ticket first.
    const list = await agent.get('/api/v1/tickets?centreId=c-zhangjiang&status=waiting');
    const mine = (list.body.tickets as Array<{ id: string; priorityReason: string | null }>).find(
      (t) => t.id === claimed.body.id,
    );
    expect(mine?.priorityReason).toBe('disability');
    const called = await agent.post('/api/v1/agents/me/call-next', {});
    expect(called.body.ticket).toMatchObject({ id: claimed.body.id, priorityReason: 'disability' });
    // Moved to another item, the resident keeps the priority and the agent there still sees why.
    const moved = await agent.post(`/api/v1/tickets/${claimed.body.id}/transfer`, { itemId: 'i-jydj' });
    const after = await agent.get(`/api/v1/tickets/${moved.body.transferredToId}`);
    expect(after.body).toMatchObject({
      priority: 'priority',
      priorityReason: 'disability',
      itemId: 'i-jydj',
    });
    await agent.post(`/api/v1/tickets/${after.body.id}/call`);
    await agent.post(`/api/v1/tickets/${after.body.id}/start`);
    await agent.post(`/api/v1/tickets/${after.body.id}/finish`, { outcome: 'done' });
    const next = await agent.post('/api/v1/agents/me/call-next', {});
    expect(next.body.ticket.id).toBe(elder.body.id);
    await agent.post(`/api/v1/tickets/${elder.body.id}/start`);
    await agent.post(`/api/v1/tickets/${elder.body.id}/finish`, { outcome: 'done' });
  });

  it('refuses a claim that is not offered, with the field', async () => {
    const s = await admin.get('/api/v1/admin/settings');
    const put = await admin.put('/api/v1/admin/settings', { ...s.body, priorityClaims: ['disability'] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await kiosk.get('/api/v1/catalog')).body.priorityClaims).toEqual(['disability']);

    const refused = await take({ priorityClaim: 'service_member' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.body.error.fields).toEqual([
      { path: 'priorityClaim', message: expect.stringContaining('disability') },
    ]);
    expect((await take({ priorityClaim: 'disability' })).status).toBe(201);

    await admin.put('/api/v1/admin/settings', { ...s.body, priorityClaims: [] });
    const none = await take({ priorityClaim: 'disability' });
    expect(none.status).toBe(400);
    expect(none.body.error.fields[0].path).toBe('priorityClaim');
    // A settings body from before the setting existed keeps the default.
    const { priorityClaims: _dropped, ...old } = s.body;
    expect((await admin.put('/api/v1/admin/settings', old)).body.priorityClaims).toEqual([
      'disability',
      'service_member',
    ]);
  });
});
