import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KioskClient } from '../central/harness';
import {
  type CentralProcess,
  HOOK_MS,
  SCALE,
  type ScenarioDb,
  enrollKiosks,
  report,
  scenarioDb,
  spawnCentral,
} from './harness';
import { killUnderLoad } from './scenarios';

// kill -9 of central on its embedded SQLite while kiosks take tickets, report them printed and lease
// number blocks; central is started again as a supervisor would. Proves: no acknowledged ticket lost,
// no number twice, every key answered once central is back (none stuck), a re-sent key answered with
// the same ticket, and no lease created twice (keys are recorded in the transaction of the effect).

let db: ScenarioDb;
let central: CentralProcess;
let kiosks: KioskClient[];
beforeAll(async () => {
  db = await scenarioDb('sqlite');
  central = await spawnCentral(db);
  kiosks = await enrollKiosks(central.url, SCALE.kiosks);
  // Enrolling 60 kiosks (and starting PostgreSQL) takes a while on a loaded machine.
}, HOOK_MS);
afterAll(async () => {
  await central?.stop();
  await db?.close();
});

it('loses, doubles and blocks nothing when central on SQLite is killed under load', async () => {
  const counts = await killUnderLoad(db, central, kiosks);
  report('kill -9 of central on sqlite', { kiosks: kiosks.length, ...counts, crashes: central.crashes });
  expect(central.crashes, central.log).toBe(0);
  expect(counts).toMatchObject({
    lost: 0,
    duplicated: 0,
    stuckKeys: 0,
    replayMismatch: 0,
    extraLeases: 0,
    refused: 0,
  });
  expect(counts.acknowledged).toBeGreaterThan(0);
});
