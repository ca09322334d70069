import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeat } from '../fleet/fleet-helpers';
import { DBS, type KioskClient, type TestCentral, idNumber, startTestCentral, stopPostgres } from './harness';

// Idempotency-Key on central, on SQLite and PostgreSQL: a repeat whose first request is still running
// gets its own code (409 REQUEST_IN_PROGRESS, the one a kiosk's outbox waits on), a key used again for
// another request gets 422 IDEMPOTENCY_KEY_REUSED, and read-like POSTs (appointment lookup, heartbeat)
// leave no stored answer behind while a ticket issue does.

afterAll(stopPostgres);

describe.each(DBS)('idempotency keys on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  const rowsOf = (key: string) =>
    c.central.db.all<{ path: string; status: number; body: string | null }>(
      'SELECT path, status, body FROM idempotency WHERE principal = ? AND key = ?',
      [`kiosk:${kiosk.kioskId}`, key],
    );

  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk('s-zhangjiang-1');
  });
  afterAll(() => c?.close());

  it('answers a repeat whose first request is still running with 409 REQUEST_IN_PROGRESS, then replays', async () => {
    const key = 'in-progress-0001';
    const body = { itemId: 'i-zmkj', channel: 'window', idNumber: idNumber('19700101', 31) };
    // The first request's record as it stands while it runs (PostgreSQL's placeholder row).
    await c.central.db.run(
      'INSERT INTO idempotency (principal, key, method, path, status, created_at) VALUES (?, ?, ?, ?, 0, ?)',
      [`kiosk:${kiosk.kioskId}`, key, 'POST', '/api/v1/tickets', c.clock.ms],
    );
    const busy = await kiosk.post('/api/v1/tickets', body, { 'idempotency-key': key });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('REQUEST_IN_PROGRESS');
    expect(busy.body.error.message).toBe('the first request with this key is still running');

    // The first one is over (here: it never happened): the same key now runs and then replays.
    await c.central.db.run('DELETE FROM idempotency WHERE principal = ? AND key = ?', [
      `kiosk:${kiosk.kioskId}`,
      key,
    ]);
    const first = await kiosk.post('/api/v1/tickets', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await kiosk.post('/api/v1/tickets', body, { 'idempotency-key': key });
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('refuses a key used again for another request with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const key = 'reused-key-0001';
    const t = await kiosk.post(
      '/api/v1/tickets',
      { itemId: 'i-zmkj', channel: 'window', idNumber: idNumber('19700101', 32) },
      { 'idempotency-key': key },
    );
    expect(t.status).toBe(201);
    const other = await kiosk.post(
      `/api/v1/tickets/${t.body.id}/print-status`,
      { status: 'printed' },
      {
        'idempotency-key': key,
      },
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('stores no answer for an appointment lookup or a heartbeat, and one for a ticket issue', async () => {
    const resident = idNumber('19620202', 33);
    const booked = await kiosk.post('/api/v1/appointments', {
      slotId: 'sl-zhangjiang-sbk-20260302-1100',
      idNumber: resident,
    });
    expect(booked.status).toBe(201);

    const lookupKey = 'lookup-key-0001';
    const lookup = await kiosk.post(
      '/api/v1/appointments/lookup',
      { idNumber: resident },
      { 'idempotency-key': lookupKey },
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body.appointments.map((a: { code: string }) => a.code)).toEqual([booked.body.code]);
    expect(await rowsOf(lookupKey)).toEqual([]);
    // The same key again is a fresh lookup (not a replay) and sees what changed meanwhile.
    expect((await kiosk.post(`/api/v1/appointments/${booked.body.id}/cancel`)).status).toBe(200);
    const second = await kiosk.post(
      '/api/v1/appointments/lookup',
      { idNumber: resident },
      { 'idempotency-key': lookupKey },
    );
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replay')).toBeNull();
    expect(second.body.appointments).toEqual([]);
    // A kiosk may leave the header off there.
    const bare = await fetch(`${c.url}/api/v1/appointments/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: resident }),
    });
    expect(bare.status).toBe(200);

    const beatKey = 'heartbeat-key-0001';
    const beat1 = await kiosk.post('/api/v1/stations/me/heartbeat', heartbeat(c), {
      'idempotency-key': beatKey,
    });
    expect(beat1.status).toBe(200);
    expect(await rowsOf(beatKey)).toEqual([]);
    c.clock.advance(1);
    const beat2 = await kiosk.post('/api/v1/stations/me/heartbeat', heartbeat(c, { uptimeSec: 3660 }), {
      'idempotency-key': beatKey,
    });
    expect(beat2.status).toBe(200);
    expect(beat2.headers.get('idempotent-replay')).toBeNull();
    expect(Date.parse(beat2.body.serverTime)).toBe(c.clock.ms); // the latest state, not the first answer

    const issueKey = 'issue-key-0001';
    const t = await kiosk.post(
      '/api/v1/tickets',
      { itemId: 'i-zmkj', channel: 'window', idNumber: idNumber('19700101', 34) },
      { 'idempotency-key': issueKey },
    );
    expect(t.status).toBe(201);
    const rows = await rowsOf(issueKey);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ path: '/api/v1/tickets', status: 201 });
    expect(JSON.parse(rows[0]!.body!)).toEqual(t.body);
  });
});
