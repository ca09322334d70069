#!/usr/bin/env node
// npm run chaos: the fault suite (tests/integration/faults) at full size — 60 kiosk clients, five
// faults per scenario, 12 s of load each — instead of the short run inside npm test. Prints one
// `[faults] <scenario>: <counts>` line per scenario and the machine it ran on. Bounded: every load
// loop stops on time, every key settles or is counted stuck within 30 s.
// Usage: npm run chaos [-- <vitest arguments>]   e.g. npm run chaos -- -t sqlite
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { checkVitestArgs } from './lib/cli-args.mjs';

if (process.argv.includes('--help')) {
  console.log(`Usage: npm run chaos [-- <vitest arguments>]
Runs tests/integration/faults at full size (DOORSTEP_CHAOS=full): kill -9 of central under load on
SQLite and PostgreSQL, PostgreSQL crashed and restarted under load, two instances with one killed,
a kiosk host (60 residents) behind a proxy that resets connections and cuts answers, a kiosk host
killed with kill -9 mid-burst five times (24 residents a burst), a kiosk host behind a slow link
(answers late past its 4 s / 5 s and the outbox's 8 s; 30 residents).
Each scenario prints its counts: acknowledged, lost, duplicated, stuckKeys, eventsMissingAtB, ...`);
  process.exit(0);
}

checkVitestArgs('chaos', process.argv.slice(2));
const cpus = os.cpus();
console.log(
  `chaos: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
const r = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--project',
    'integration',
    'tests/integration/faults',
    // One scenario at a time: each loads the machine with its own kiosks and centrals; run side by
    // side on a small machine they would measure each other's CPU, not central's faults.
    '--no-file-parallelism',
    '--testTimeout',
    '600000',
    '--hookTimeout',
    '300000',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, DOORSTEP_CHAOS: 'full' }, timeout: 60 * 60_000 },
);
process.exit(r.status ?? 1);
