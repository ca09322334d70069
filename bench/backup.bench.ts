// Backup and restore at scale (issue 18, docs/data.md): a central holding N tickets (each with its
// resident and an audit entry; default 1,000,000) is backed up while a kiosk issues tickets at a
// steady 200/s, then the backup is restored into an empty folder (SQLite) or database (PostgreSQL).
// Reported: backup time and file size, ticket issue p99 and p50 during the backup and, for
// comparison, during 10 s of the same load without one (the machine's own figure), restore time.
// BACKUP_BENCH_TICKETS=N, BACKUP_BENCH_DBS=sqlite,postgres (default sqlite).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { makeBackup, restoreBackup } from '../central/backup';
import { type RunningCentral, startCentral } from '../central/server';
import { startPostgres } from '../tests/helpers/postgres';
import { generateResidents, issueDuring, kioskToken } from './load';
import { invalidRun, percentile, report } from './report';

const TICKETS = Number(process.env.BACKUP_BENCH_TICKETS ?? 1_000_000);
const DBS = (process.env.BACKUP_BENCH_DBS ?? 'sqlite').split(',') as Array<'sqlite' | 'postgres'>;
const RPS = 200;

async function run(kind: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'doorstep-backup-bench-'));
  const restored = mkdtempSync(join(os.tmpdir(), 'doorstep-backup-bench-restored-'));
  const pgServer = kind === 'postgres' ? await startPostgres() : undefined;
  const key = randomBytes(32);
  const file = join(dataDir, 'bench.backup');
  let central: RunningCentral | undefined;
  try {
    central = await startCentral({ dataDir, seed: 'demo', port: 0, databaseUrl: pgServer?.url });
    const t0 = performance.now();
    await generateResidents(central, TICKETS);
    console.log(
      `${kind}: generated ${TICKETS} tickets with residents and audit entries in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const token = await kioskToken(central);
    const quiet = await issueDuring(central, token, RPS, new Promise((r) => setTimeout(r, 10_000)));

    const target = pgServer ? { databaseUrl: pgServer.url } : { dataDir };
    const started = performance.now();
    const during = await issueDuring(central, token, RPS, makeBackup(target, file, key));
    const backupSec = (performance.now() - started) / 1000;
    const manifest = during.result;
    console.log(
      `${kind}: backup holds ${JSON.stringify(manifest.counts)}; ${during.times.length} issues during it, ${during.failures} failed`,
    );
    await central.close();
    central = undefined;

    let into = { dataDir: restored } as { dataDir?: string; databaseUrl?: string };
    if (pgServer) {
      const admin = new pg.Client({ connectionString: pgServer.url });
      await admin.connect();
      await admin.query('CREATE DATABASE restored');
      await admin.end();
      into = { databaseUrl: pgServer.url.replace(/\/postgres$/, '/restored') };
    }
    const r0 = performance.now();
    const back = await restoreBackup(into, file, key);
    const restoreSec = (performance.now() - r0) / 1000;
    if ((back.counts.tickets ?? 0) < TICKETS)
      invalidRun(`${kind}: the restore holds ${back.counts.tickets} tickets, fewer than ${TICKETS}`);

    report({ name: `${kind}: backup of ${TICKETS} tickets while serving`, value: backupSec, unit: 's' });
    report({ name: `${kind}: backup file size`, value: statSync(file).size / 1e6, unit: 'MB' });
    report({
      name: `${kind}: ticket issue p99 at ${RPS}/s during the backup`,
      value: percentile(during.times, 99),
      unit: 'ms',
      target: '< 50',
    });
    report({
      name: `${kind}: ticket issue p50 at ${RPS}/s during the backup`,
      value: percentile(during.times, 50),
      unit: 'ms',
    });
    report({
      name: `${kind}: ticket issue p99 at ${RPS}/s, same load without a backup (10 s)`,
      value: percentile(quiet.times, 99),
      unit: 'ms',
    });
    report({
      name: `${kind}: restore of ${TICKETS} tickets into an empty target`,
      value: restoreSec,
      unit: 's',
    });
    if (quiet.overloaded || during.overloaded)
      invalidRun(`${kind}: central fell more than 5 s behind ${RPS} issues/s (the machine is too busy)`);
    if (during.failures + quiet.failures > 0)
      invalidRun(`${kind}: ${during.failures + quiet.failures} ticket issues failed`);
  } finally {
    await central?.close();
    await pgServer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(restored, { recursive: true, force: true });
  }
}

for (const kind of DBS) await run(kind);
