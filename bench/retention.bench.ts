// The retention sweep at scale (issue 18, docs/data.md): N residents past their period, each with a
// finished ticket and an audit entry, are erased by the sweep inside a running central while a kiosk
// issues tickets at a steady 200/s; reported: the sweep's time and rate, and ticket issue p99 during it
// (target < 50 ms). N defaults to 100,000 so the run fits the shared 2-core machine
// (RETENTION_BENCH_ROWS=1000000 for the issue's full scale); RETENTION_BENCH_DBS=sqlite,postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { type RunningCentral, startCentral } from '../central/server';
import { DEFAULT_RETENTION } from '../central/services/data/retention';
import { runSweep } from '../central/services/data/sweep';
import { startPostgres } from '../tests/helpers/postgres';
import { generateResidents, issueDuring, kioskToken } from './load';
import { invalidRun, percentile, report } from './report';

const ROWS = Number(process.env.RETENTION_BENCH_ROWS ?? 100_000);
const DBS = (process.env.RETENTION_BENCH_DBS ?? 'sqlite').split(',') as Array<'sqlite' | 'postgres'>;
const RPS = 200;

async function run(kind: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'doorstep-retention-bench-'));
  const pgServer = kind === 'postgres' ? await startPostgres() : undefined;
  let central: RunningCentral | undefined;
  try {
    central = await startCentral({ dataDir, seed: 'demo', port: 0, databaseUrl: pgServer?.url });
    const t0 = performance.now();
    await generateResidents(central, ROWS);
    console.log(
      `${kind}: generated ${ROWS} expired residents, tickets and audit entries in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const token = await kioskToken(central);
    const s = { ...DEFAULT_RETENTION, maxBatches: 1_000_000 };
    const started = performance.now();
    // RETENTION_BENCH_BASELINE=1: the same load for 10 s without a sweep (the machine's own figure).
    const sweep = process.env.RETENTION_BENCH_BASELINE
      ? new Promise((r) => setTimeout(r, 10_000)).then(() =>
          runSweep(central!.db, Date.now(), s, { by: 'bench', dryRun: true }),
        )
      : runSweep(central.db, Date.now(), s, { by: 'bench' });
    const { result, times, failures, overloaded } = await issueDuring(central, token, RPS, sweep);
    if (overloaded)
      invalidRun(`${kind}: central fell more than 5 s behind ${RPS} issues/s (the machine is too busy)`);
    const sweepSec = (performance.now() - started) / 1000;
    console.log(
      `${kind}: sweep ${JSON.stringify(result.counts)}; ${times.length} issues during it, ${failures} failed`,
    );
    if (result.counts.residentIdentity < ROWS)
      invalidRun(`${kind}: only ${result.counts.residentIdentity} of ${ROWS} residents erased`);
    report({
      name: `${kind}: retention sweep of ${ROWS} expired residents (+ audit details)`,
      value: sweepSec,
      unit: 's',
    });
    report({
      name: `${kind}: retention sweep rate`,
      value: (result.counts.residentIdentity + result.counts.auditDetail) / sweepSec,
      unit: 'rows/s',
    });
    report({
      name: `${kind}: ticket issue p99 at ${RPS}/s during the sweep`,
      value: percentile(times, 99),
      unit: 'ms',
      target: '< 50',
    });
    report({
      name: `${kind}: ticket issue p50 at ${RPS}/s during the sweep`,
      value: percentile(times, 50),
      unit: 'ms',
    });
    if (failures > 0) invalidRun(`${kind}: ${failures} ticket issues failed during the sweep`);
  } finally {
    await central?.close();
    await pgServer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const kind of DBS) await run(kind);
