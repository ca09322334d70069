import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventReader, type KioskClient, ofType } from '../central/harness';
import { EventReader as Reader } from '../central/harness';
import {
  type CentralProcess,
  HOOK_MS,
  SCALE,
  type ScenarioDb,
  enrollKiosks,
  postgres,
  report,
  scenarioDb,
  spawnCentral,
  stopServer,
  waitUntil,
} from './harness';
import { countFaults, kioskLoad, killUnderLoad } from './scenarios';

// Two central instances on one PostgreSQL database; kiosks work through instance A while a client
// follows the centre's events on instance B. Faults: PostgreSQL stopped like a crash
// (`pg_ctl -m immediate`) and started again, and kill -9 of instance A. Proves: central never exits
// and serves again by itself (503 UNAVAILABLE and /readyz not ready meanwhile), no acknowledged
// ticket lost, no number twice, no key stuck (placeholders of a dead instance are taken over), and
// B's client has every committed event within 2 s whatever happened to A or to the database.

const CENTRE = 'c-zhangjiang';
let db: ScenarioDb;
let a: CentralProcess;
let b: CentralProcess;
let kiosks: KioskClient[];
let follower: EventReader;

/** Event ids committed for the centre that B's client has not had within 2 s. */
async function missingAtB(): Promise<number> {
  const count = async () => {
    const rows = await db.query<{ id: number }>('SELECT id FROM events WHERE centre_id = ? ORDER BY id', [
      CENTRE,
    ]);
    const seen = new Set(follower.events().map((e) => e.id));
    return rows.filter((r) => Number(r.id) > firstId && !seen.has(Number(r.id))).length;
  };
  try {
    await waitUntil(async () => (await count()) === 0, 2000);
    return 0;
  } catch {
    return count();
  }
}
let firstId = 0;

beforeAll(async () => {
  db = await scenarioDb('postgres');
  a = await spawnCentral(db);
  b = await spawnCentral(db);
  kiosks = await enrollKiosks(a.url, SCALE.kiosks);
  follower = await Reader.open(
    `${b.url.replace('http', 'ws')}/api/v1/events?centreId=${CENTRE}`,
    kiosks[0]!.auth(),
  );
  const hello = await follower.waitFor(ofType('hello'));
  firstId = hello.lastEventId;
  // Enrolling 60 kiosks (and starting PostgreSQL) takes a while on a loaded machine.
}, HOOK_MS);
afterAll(async () => {
  follower?.close();
  await a?.stop();
  await b?.stop();
  await db?.close();
  await stopServer();
});

describe('two central instances on PostgreSQL', () => {
  it('stay up through a database crash under load, answer 503 meanwhile and serve again by themselves', async () => {
    const server = await postgres();
    // Keys are given 30 s from when the database is back and both instances ready again.
    let backAt = 0;
    const load = await kioskLoad(db, kiosks, () => backAt);
    let unavailable = 0;
    let notReady = 0;
    let readyAgainMs = 0;
    for (let round = 0; round < SCALE.rounds; round++) {
      await load.phase();
      backAt = Number.POSITIVE_INFINITY;
      server.crash();
      try {
        const probe = await fetch(`${a.url}/api/v1/tickets`, {
          method: 'POST',
          headers: {
            ...kiosks[0]!.auth(),
            'content-type': 'application/json',
            'idempotency-key': `probe-${round}-x`,
          },
          body: JSON.stringify({ itemId: 'i-zmkj', channel: 'window' }),
        });
        const body = (await probe.json()) as { error?: { code?: string } };
        if (probe.status === 503 && body.error?.code === 'UNAVAILABLE') unavailable++;
        for (const c of [a, b]) if ((await fetch(`${c.url}/readyz`)).status === 503) notReady++;
        // The outage under test lasts a second more (the load's requests meet it): its length, not a wait.
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        server.start();
      }
      const back = Date.now();
      for (const c of [a, b])
        await waitUntil(async () => (await fetch(`${c.url}/readyz`)).status === 200, 20_000);
      readyAgainMs = Math.max(readyAgainMs, Date.now() - back);
      backAt = Date.now();
      await load.phase();
    }
    const counts = await countFaults(db, kiosks, await load.stop());
    const missing = await missingAtB();
    report('postgres crash under load', {
      kiosks: kiosks.length,
      rounds: SCALE.rounds,
      ...counts,
      unavailable503: unavailable,
      readyAgainMs,
      eventsMissingAtB: missing,
      crashes: a.crashes + b.crashes,
    });
    expect(a.crashes + b.crashes, a.log + b.log).toBe(0);
    expect(unavailable).toBe(SCALE.rounds);
    expect(notReady).toBe(2 * SCALE.rounds);
    expect(readyAgainMs).toBeLessThan(15_000);
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, stuckKeys: 0, replayMismatch: 0, extraLeases: 0 });
    expect(counts.acknowledged).toBeGreaterThan(0);
    expect(missing).toBe(0);
  });

  it('loses, doubles and blocks nothing when one instance is killed under load, and the other has every event', async () => {
    const counts = await killUnderLoad(db, a, kiosks);
    const missing = await missingAtB();
    report('kill -9 of one of two instances on postgres', {
      kiosks: kiosks.length,
      ...counts,
      eventsMissingAtB: missing,
    });
    expect(counts).toMatchObject({
      lost: 0,
      duplicated: 0,
      stuckKeys: 0,
      replayMismatch: 0,
      extraLeases: 0,
      refused: 0,
    });
    expect(missing).toBe(0);
    expect(b.crashes).toBe(0);
  });
});
