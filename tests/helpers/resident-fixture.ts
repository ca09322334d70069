import { type Json, type TestCentral, idNumber } from '../integration/central/harness';

// The residents the data-lifecycle tests look up, hold and erase (issue 18), made through the real
// API: resident A with a served window visit (and an audited view of the identity), optionally a
// video call with a poor rating, and a booking still to come; resident B with one ticket, who must
// never show up in A's record. Shared by tests/integration/data/* and tests/e2e/admin-residents.

export const FIXTURE_CENTRE = 'c-zhangjiang';

/** The body of a response of the expected status, or a thrown error that shows the answer. */
export async function ok(r: Promise<{ status: number; body: Json }>, status = 200): Promise<Json> {
  const res = await r;
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface ResidentFixtureOptions {
  /** A's name (sealed in the database). */
  name: string;
  /** B's name, if B gives one. */
  nameB?: string;
  /** A's video call, rated 1 with these words (opens a follow-up), when given. */
  videoRating?: string;
  /** Order codes of A's and B's ID numbers (distinct per resident within one central). */
  order?: { a: number; b: number };
}

export async function residentFixture(c: TestCentral, o: ResidentFixtureOptions) {
  const kiosk = await c.kiosk('s-zhangjiang-1');
  const agent = await c.staff('agent1');
  await ok(agent.post('/api/v1/agents/me/resume', { centreId: FIXTURE_CENTRE }));
  const a = idNumber('19550101', o.order?.a ?? 7);
  const b = idNumber('19550101', o.order?.b ?? 8);

  const t1 = await ok(
    kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'window', idNumber: a, name: o.name }),
    201,
  );
  await ok(agent.post(`/api/v1/tickets/${t1.id}/call`, {}));
  await ok(agent.post(`/api/v1/tickets/${t1.id}/start`, {}));
  await ok(agent.get(`/api/v1/tickets/${t1.id}/resident`));
  await ok(agent.post(`/api/v1/tickets/${t1.id}/finish`, { outcome: 'done' }));

  let video: { ticket: Json; case: Json } | null = null;
  if (o.videoRating !== undefined) {
    const t2 = await ok(
      kiosk.post('/api/v1/tickets', { itemId: 'i-flzx', channel: 'video', idNumber: a }),
      201,
    );
    await ok(agent.post(`/api/v1/tickets/${t2.id}/call`, {}));
    const vc = await ok(agent.post('/api/v1/video/cases', { ticketId: t2.id }), 201);
    const identity = { name: o.name, idMasked: '310115********0000', age: 71, cardType: 'resident' };
    await ok(kiosk.post(`/api/v1/video/cases/${vc.id}/accept`, { identity }));
    await ok(agent.post(`/api/v1/tickets/${t2.id}/start`, {}));
    await ok(agent.post(`/api/v1/tickets/${t2.id}/finish`, { outcome: 'done' }));
    await ok(kiosk.post(`/api/v1/video/cases/${vc.id}/rating`, { level: 1, reason: o.videoRating }), 201);
    video = { ticket: t2, case: vc };
  }

  const slots = (await ok(c.anon.get(`/api/v1/appointments/slots?centreId=${FIXTURE_CENTRE}&itemId=i-sbk`)))
    .slots as Json[];
  const booking = await ok(kiosk.post('/api/v1/appointments', { slotId: slots[0].id, idNumber: a }), 201);

  const tb = await ok(
    kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: b,
      ...(o.nameB ? { name: o.nameB } : {}),
    }),
    201,
  );
  return { kiosk, agent, a, b, t1, video, booking, tb };
}
