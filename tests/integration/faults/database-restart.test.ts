import { afterAll, expect, it } from 'vitest';
import {
  SCALE,
  auditTickets,
  enrollKiosks,
  postgres,
  report,
  scenarioDb,
  settle,
  spawnCentral,
  stopServer,
  ticketRequest,
  waitUntil,
  type Settled,
} from './harness';

// PostgreSQL stopped like a crash (`pg_ctl -m immediate`) while kiosks take tickets, then started
// again. Proves: central never exits (a connection held by a transaction loses its socket without
// taking the process down), answers 503 UNAVAILABLE and is not ready while the database is away,
// is ready again by itself within seconds of its return, and every ticket a kiosk was answered with
// is at central, once, with no number twice and no key left unsettled.

afterAll(stopServer);

it('keeps central up through a PostgreSQL crash under load and serves again by itself', async () => {
  const t0 = Date.now();
  const db = await scenarioDb('postgres');
  const pgServer = await postgres();
  const central = await spawnCentral(db);
  try {
    const kiosks = await enrollKiosks(central.url, SCALE.kiosks);
    const setupMs = Date.now() - t0;
    const acknowledged: Array<{ id: string; number: string }> = [];
    const all: Settled[] = [];
    let loading = true;
    // Each kiosk takes tickets one after another; each request retries its key like an outbox.
    const load = kiosks.map(async (k) => {
      for (let i = 0; i < 10_000 && loading; i++) {
        const s = await settle(k, '/api/v1/tickets', ticketRequest(), Date.now() + 30_000);
        all.push(s);
        if (s.answer?.status === 201) acknowledged.push(s.answer.body);
      }
    });
    let unavailableSeen = false;
    let notReadySeen = false;
    let recoveredMs = 0;
    for (let round = 0; round < SCALE.rounds; round++) {
      await new Promise((r) => setTimeout(r, SCALE.loadMs / 2));
      pgServer.crash();
      try {
        const probe = await settle(kiosks[0]!, '/api/v1/tickets', ticketRequest(), 0);
        if (probe.answer === null && probe.unavailable > 0) unavailableSeen = true;
        const ready = await fetch(`${central.url}/readyz`);
        if (ready.status === 503) notReadySeen = true;
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        pgServer.start();
      }
      const back = Date.now();
      await waitUntil(async () => (await fetch(`${central.url}/readyz`)).status === 200, 20_000);
      recoveredMs = Math.max(recoveredMs, Date.now() - back);
      await new Promise((r) => setTimeout(r, SCALE.loadMs / 2));
    }
    loading = false;
    await Promise.all(load);
    const audit = await auditTickets(db, acknowledged);
    const stuck = all.filter((s) => s.answer === null).length;
    const failed = all.filter((s) => s.answer !== null && s.answer.status !== 201).length;
    report('postgres crash under load', {
      kiosks: kiosks.length,
      rounds: SCALE.rounds,
      acknowledged: acknowledged.length,
      lost: audit.lost,
      duplicated: audit.duplicated,
      stuckKeys: stuck,
      refused: failed,
      unavailable503: all.reduce((n, s) => n + s.unavailable, 0),
      readyAgainMs: recoveredMs,
      centralCrashes: central.crashes,
      setupMs,
      totalMs: Date.now() - t0,
    });
    expect(central.crashes, central.log).toBe(0);
    expect(central.running).toBe(true);
    expect(unavailableSeen).toBe(true);
    expect(notReadySeen).toBe(true);
    expect(recoveredMs).toBeLessThan(15_000);
    expect(audit).toMatchObject({ lost: 0, duplicated: 0 });
    expect(stuck).toBe(0);
    expect(failed).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(kiosks.length);
  } finally {
    await central.stop();
    await db.close();
  }
});
