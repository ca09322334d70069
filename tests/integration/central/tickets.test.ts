import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DBS,
  type KioskClient,
  type TestCentral,
  idNumber,
  ofType,
  startTestCentral,
  stopPostgres,
} from './harness';
import { compareTicketsForCall } from '../../../contract/call-order';
import type { Ticket } from '../../../contract/ticket';

// Taking tickets over real HTTP, on SQLite and PostgreSQL: numbering, one waiting ticket per
// resident and item, validation and auth errors, idempotent replays, print status, the public page.

afterAll(stopPostgres);

describe.each(DBS)('tickets on %s', (kind) => {
  let c: TestCentral;
  let kiosk: KioskClient;
  beforeAll(async () => {
    c = await startTestCentral(kind);
    kiosk = await c.kiosk('s-zhangjiang-1');
  });
  afterAll(() => c?.close());

  it('numbers window and video tickets per prefix, from 001, with position and a status URL', async () => {
    const a = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jydj',
      channel: 'window',
      idNumber: idNumber('19900101', 1),
    });
    const b = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jydj',
      channel: 'window',
      idNumber: idNumber('19900101', 2),
    });
    const v = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jydj',
      channel: 'video',
      idNumber: idNumber('19900101', 3),
    });
    expect([a.status, b.status, v.status]).toEqual([201, 201, 201]);
    expect([a.body.number, b.body.number, v.body.number]).toEqual(['B001', 'B002', 'V001']);
    expect(b.body).toMatchObject({
      status: 'waiting',
      centreId: 'c-zhangjiang',
      stationId: 's-zhangjiang-1',
      waitingAhead: 1,
    });
    expect(b.body.estimate).toEqual({ known: false }); // nobody serves the queue yet
    expect(b.body.statusUrl).toBe(`${c.url}/t/${b.body.id}`);
    const got = await kiosk.get(`/api/v1/tickets/${a.body.id}`);
    expect(got.body).toMatchObject({ number: 'B001', waitingAhead: 0 });
  });

  it('gives a resident who already waits for the item the same ticket back, marked as a reprint', async () => {
    const id = idNumber('19850505', 7);
    const first = await kiosk.post('/api/v1/tickets', { itemId: 'i-sbk', channel: 'window', idNumber: id });
    const again = await kiosk.post('/api/v1/tickets', { itemId: 'i-sbk', channel: 'window', idNumber: id });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, number: first.body.number, reprint: true });
    const other = await kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'window', idNumber: id });
    expect(other.status).toBe(201); // another item is another queue
  });

  it('gives residents of 70 and over priority, from the ID birth date', async () => {
    const old = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-lnjt',
      channel: 'window',
      idNumber: idNumber('19500101', 1),
    });
    const young = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-lnjt',
      channel: 'window',
      idNumber: idNumber('19800101', 1),
    });
    expect(old.body.priority).toBe('priority');
    expect(young.body.priority).toBe('normal');
  });

  it('refuses bad bodies with field errors, and unknown ids with 404', async () => {
    const bad = await kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'fax' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'channel' })]),
    );
    const noId = await kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'window' });
    expect(noId.status).toBe(400);
    expect(noId.body.error.fields[0].path).toBe('idNumber');
    const badId = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: '310115199001010011',
    });
    expect(badId.status).toBe(400);
    expect((await kiosk.post('/api/v1/tickets', { itemId: 'i-nope', channel: 'window' })).status).toBe(404);
    expect((await kiosk.get('/api/v1/tickets/t-unknown')).status).toBe(404);
    const noChannel = await kiosk.post('/api/v1/tickets', { itemId: 'i-flzx', channel: 'window' });
    expect(noChannel.status).toBe(400);
  });

  it('answers 401 without or with a wrong token, 403 for another centre', async () => {
    const t = await kiosk.post('/api/v1/tickets', { itemId: 'i-bxjy', channel: 'window' });
    expect(t.status).toBe(201);
    expect((await c.anon.get(`/api/v1/tickets/${t.body.id}`)).status).toBe(401);
    const wrong = await c.anon.post(
      '/api/v1/tickets',
      { itemId: 'i-bxjy', channel: 'window' },
      { authorization: 'Bearer dst_nope' },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    const elsewhere = await c.kiosk('s-huamu-1');
    expect((await elsewhere.get(`/api/v1/tickets/${t.body.id}`)).status).toBe(403);
    const agent3 = await c.staff('agent3'); // scoped to c-huamu
    expect((await agent3.post(`/api/v1/tickets/${t.body.id}/call`)).status).toBe(403);
  });

  it('replays a repeated Idempotency-Key with the original answer and changes nothing', async () => {
    const key = { 'idempotency-key': 'replay-test-0001' };
    const first = await kiosk.post(
      '/api/v1/tickets',
      { itemId: 'i-zmkj', channel: 'window', idNumber: idNumber('19700101', 9) },
      key,
    );
    const again = await kiosk.post(
      '/api/v1/tickets',
      { itemId: 'i-zmkj', channel: 'window', idNumber: idNumber('19700101', 9) },
      key,
    );
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    const next = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-zmkj',
      channel: 'window',
      idNumber: idNumber('19700101', 8),
    });
    expect(Number(next.body.number.slice(1))).toBe(Number(first.body.number.slice(1)) + 1); // the replay took no number
    const missing = await kiosk.post(
      '/api/v1/tickets',
      { itemId: 'i-zmkj', channel: 'window' },
      { 'idempotency-key': '' },
    );
    expect(missing.status).toBe(400);
  });

  it('answers twins sent at once with one key with one ticket: the original answer or 409, one number taken', async () => {
    const key = { 'idempotency-key': 'twin-test-0001' };
    const body = { itemId: 'i-zmkj', channel: 'window', idNumber: idNumber('19700101', 7) };
    const twins = await Promise.all(
      Array.from({ length: 6 }, () => kiosk.post('/api/v1/tickets', body, key)),
    );
    const created = twins.filter((r) => r.status === 201 && r.headers.get('idempotent-replay') !== 'true');
    expect(created).toHaveLength(1);
    for (const r of twins) {
      if (r.status === 409) expect(r.body.error.code).toBe('REQUEST_IN_PROGRESS');
      else expect(r.body).toEqual(created[0]!.body); // a replay is the original answer, not a reprint
    }
    const later = await kiosk.post('/api/v1/tickets', body, key);
    expect(later.body).toEqual(created[0]!.body);
    expect(later.headers.get('idempotent-replay')).toBe('true');
    const next = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-zmkj',
      channel: 'window',
      idNumber: idNumber('19700101', 6),
    });
    expect(Number(next.body.number.slice(1))).toBe(Number(created[0]!.body.number.slice(1)) + 1);
  });

  it('lets staff take a ticket at the desk, with or without ID number and Idempotency-Key', async () => {
    const admin = await c.staff('admin');
    const plain = await admin.post('/api/v1/tickets', {
      itemId: 'i-bxjy',
      channel: 'window',
      centreId: 'c-zhangjiang',
    });
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ stationId: null, printStatus: 'not_printed', priority: 'normal' });
    const body = {
      itemId: 'i-bxjy',
      channel: 'window',
      centreId: 'c-zhangjiang',
      idNumber: idNumber('19450505', 3),
    };
    const key = { 'idempotency-key': 'desk-issue-0001' };
    const keyed = await admin.post('/api/v1/tickets', body, key);
    expect(keyed.status).toBe(201);
    expect(keyed.body.priority).toBe('priority');
    expect(keyed.body.number).toBe(
      `${plain.body.number.slice(0, 1)}${String(Number(plain.body.number.slice(1)) + 1).padStart(3, '0')}`,
    );
    const replay = await admin.post('/api/v1/tickets', body, key);
    expect(replay.body).toEqual(keyed.body);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    const reprint = await admin.post('/api/v1/tickets', body);
    expect(reprint.status).toBe(200);
    expect(reprint.body).toMatchObject({ id: keyed.body.id, reprint: true });
  });

  it('marks a ticket whose paper did not come out, shows it to agents, and lets the resident reprint', async () => {
    const t = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-whhd',
      channel: 'window',
      idNumber: idNumber('19920202', 4),
    });
    const failed = await kiosk.post(`/api/v1/tickets/${t.body.id}/print-status`, { status: 'failed' });
    expect(failed.body.printStatus).toBe('failed');
    const agent = await c.staff('agent1');
    const list = await agent.get('/api/v1/tickets?centreId=c-zhangjiang&status=waiting');
    expect(list.body.tickets.find((x: { id: string }) => x.id === t.body.id).printStatus).toBe('failed');
    const reprint = await kiosk.post(`/api/v1/tickets/${t.body.id}/reprint`);
    expect(reprint.body).toMatchObject({ id: t.body.id, reprint: true, printStatus: 'pending' });
    const printed = await kiosk.post(`/api/v1/tickets/${t.body.id}/print-status`, { status: 'printed' });
    expect(printed.body.printStatus).toBe('printed');
  });

  // The print status state machine (contract/print-status.ts) as the console sees it.
  it('shows the console every print change of a ticket, the reprint included, in order', async () => {
    const agent = await c.staff('agent1');
    const consoleEvents = await c.events('c-zhangjiang', agent.auth());
    await consoleEvents.waitFor(ofType('hello'));
    const t = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-whhd',
        channel: 'window',
        idNumber: idNumber('19920202', 7),
      })
    ).body;
    expect(t.printStatus).toBe('pending');
    // Each wait looks only past the event seen before it (the stream's ids grow).
    let last = 0;
    const printOf = async (status: string) => {
      const m = await consoleEvents.waitFor(
        ofType(
          'ticket.updated',
          (m) => m.id > last && m.data.ticket.id === t.id && m.data.ticket.printStatus === status,
        ),
      );
      last = m.id;
      return m;
    };

    expect((await kiosk.post(`/api/v1/tickets/${t.id}/print-status`, { status: 'failed' })).status).toBe(200);
    await printOf('failed');
    const reprint = await kiosk.post(`/api/v1/tickets/${t.id}/reprint`);
    expect(reprint.body).toMatchObject({ id: t.id, reprint: true, printStatus: 'pending' });
    const pending = await printOf('pending');
    expect(pending.data.ticket.reprint).toBe(false); // the flag is the kiosk's answer, not the ticket's state
    await kiosk.post(`/api/v1/tickets/${t.id}/print-status`, { status: 'printed' });
    await printOf('printed');

    // A late duplicate of the same report: answered with the ticket, no event (the next event of
    // this ticket is the following change).
    const again = await kiosk.post(`/api/v1/tickets/${t.id}/print-status`, { status: 'printed' });
    expect(again).toMatchObject({ status: 200, body: { printStatus: 'printed' } });
    await kiosk.post(`/api/v1/tickets/${t.id}/reprint`);
    await printOf('pending');
    const seen = consoleEvents
      .events()
      .filter((m) => m.type === 'ticket.updated' && m.data.ticket.id === t.id)
      .map((m) => (m.type === 'ticket.updated' ? m.data.ticket.printStatus : null));
    expect(seen).toEqual(['failed', 'pending', 'printed', 'pending']);
    consoleEvents.close();
  });

  it('refuses with 409 INVALID_TRANSITION to mark a printed ticket failed, and keeps it printed', async () => {
    const t = (
      await kiosk.post('/api/v1/tickets', {
        itemId: 'i-whhd',
        channel: 'window',
        idNumber: idNumber('19920202', 8),
      })
    ).body;
    await kiosk.post(`/api/v1/tickets/${t.id}/print-status`, { status: 'printed' });
    for (const status of ['failed', 'not_printed']) {
      const r = await kiosk.post(`/api/v1/tickets/${t.id}/print-status`, { status });
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'INVALID_TRANSITION' });
      expect(r.body.error.message).toContain(t.number);
    }
    expect((await kiosk.get(`/api/v1/tickets/${t.id}`)).body.printStatus).toBe('printed');
  });

  it('lets the kiosk cancel its own ticket, even with an empty JSON body', async () => {
    const t = await kiosk.post('/api/v1/tickets', { itemId: 'i-bxjy', channel: 'video' });
    const r = await fetch(`${c.url}/api/v1/tickets/${t.body.id}/cancel`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${kiosk.token}`,
        'idempotency-key': `cancel-${t.body.id}`,
        'content-type': 'application/json',
      },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { status: string }).status).toBe('cancelled');
    const broken = await c.anon.post('/api/v1/auth/login', undefined, { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    const garbage = await fetch(`${c.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(garbage.status).toBe(400);
  });

  it('serves a public status page and JSON with the number, position and estimate only', async () => {
    const t = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-tsjy',
      channel: 'window',
      idNumber: idNumber('19880808', 5),
      name: '王小明',
    });
    const json = await c.anon.get(`/api/v1/public/tickets/${t.body.id}`);
    expect(json.status).toBe(200);
    // What and where (service, station, window once called; the outcome and a video case's number
    // once there is one), never who.
    expect(Object.keys(json.body).sort()).toEqual([
      'caseNumber',
      'channel',
      'counter',
      'estimate',
      'itemName',
      'number',
      'outcome',
      'stationName',
      'status',
      'waitingAhead',
    ]);
    expect(json.body).toMatchObject({ outcome: null, caseNumber: null });
    const page = await c.anon.get(`/t/${t.body.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(t.body.number);
    expect(page.body).toContain('前面还有 0 人');
    expect(page.body).not.toContain('王小明');
    expect((await c.anon.get('/t/t-nope')).status).toBe(404);
  });

  // Last in this file: it moves the clock on.
  it('places a new priority ticket after earlier priority and long-waiting tickets, ahead of the rest', async () => {
    const take = (birth: string, n: number) =>
      kiosk.post('/api/v1/tickets', { itemId: 'i-ybdj', channel: 'window', idNumber: idNumber(birth, n) });
    await take('19900303', 1);
    await take('19900303', 2);
    c.clock.advance(31); // both have now waited past the starvation limit: ranked like priority
    const normal = await take('19900303', 3);
    const first = await take('19400303', 4);
    const second = await take('19400303', 5); // the same millisecond as the first: after it
    expect([normal.body.priority, first.body.priority, second.body.priority]).toEqual([
      'normal',
      'priority',
      'priority',
    ]);
    expect([normal.body.waitingAhead, first.body.waitingAhead, second.body.waitingAhead]).toEqual([2, 2, 3]);
    // Read back, each is where the issue answer put it (the normal one has since been overtaken).
    expect((await kiosk.get(`/api/v1/tickets/${first.body.id}`)).body.waitingAhead).toBe(2);
    expect((await kiosk.get(`/api/v1/tickets/${second.body.id}`)).body.waitingAhead).toBe(3);
    expect((await kiosk.get(`/api/v1/tickets/${normal.body.id}`)).body.waitingAhead).toBe(4);
  });
  // Last in this file: it moves the clock on.
  it('counts every ticket ahead in the order of the one call-order rule, aged and priority tickets included', async () => {
    const take = (n: number, priorityClaim?: string) =>
      kiosk.post('/api/v1/tickets', {
        itemId: 'i-flzx',
        channel: 'video',
        idNumber: idNumber('19800303', n),
        ...(priorityClaim ? { priorityClaim } : {}),
      });
    const early = (await take(61)).body;
    c.clock.advance(31); // past the 30-minute starvation limit: the early one ranks like a priority one
    const later = (await take(62)).body;
    const claimed = (await take(63, 'disability')).body;
    const agent = await c.staff('agent1');
    const list = await agent.get('/api/v1/tickets?centreId=c-zhangjiang&status=waiting');
    const queue = (list.body.tickets as Ticket[]).filter(
      (t) => t.itemId === 'i-flzx' && t.channel === 'video',
    );
    const sorted = [...queue].sort((a, b) => compareTicketsForCall(a, b, c.clock.ms));
    // What the console sorts by (contract/call-order.ts) agrees with central's SQL count of tickets ahead.
    const ahead = await Promise.all(
      sorted.map(async (t) => (await kiosk.get(`/api/v1/tickets/${t.id}`)).body.waitingAhead),
    );
    expect(ahead).toEqual(sorted.map((_, i) => i));
    const ids = sorted.map((t) => t.id);
    expect(ids.indexOf(early.id)).toBeLessThan(ids.indexOf(claimed.id)); // aged, and issued earlier
    expect(ids.indexOf(claimed.id)).toBeLessThan(ids.indexOf(later.id));
  });
});
