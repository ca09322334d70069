// The retention sweep at scale (issue 18, docs/data.md): N residents past their period, each with a
// finished ticket and an audit entry, are erased by the sweep inside a running central while a kiosk
// issues tickets at a steady 200/s; reported: the sweep's time and rate, and ticket issue p99 during it
// (target < 50 ms). N defaults to 100,000 so the run fits the shared 2-core machine
// (RETENTION_BENCH_ROWS=1000000 for the full scale); RETENTION_BENCH_DBS=sqlite,postgres.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import type { Queryable } from '../central/db/db';
import { serviceDayOf } from '../central/domain/time';
import { type RunningCentral, startCentral } from '../central/server';
import { DEFAULT_RETENTION } from '../central/services/data/retention';
import { runSweep } from '../central/services/data/sweep';
import { startPostgres } from '../tests/helpers/postgres';
import { invalidRun, percentile, report } from './report';

const ROWS = Number(process.env.RETENTION_BENCH_ROWS ?? 100_000);
const DBS = (process.env.RETENTION_BENCH_DBS ?? 'sqlite').split(',') as Array<'sqlite' | 'postgres'>;
const RPS = 200;
const DAY = 86_400_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, headers: Record<string, string>, body: unknown) {
  const data = JSON.stringify(body);
  const t0 = performance.now();
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - t0 }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function idNumber(n: number): string {
  const first17 = `310115${19500101 + (n % 28)}${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  const check = (12 - (s % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

async function insert(q: Queryable, table: string, cols: string[], rows: Array<Array<string | number>>) {
  const per = Math.floor(8000 / cols.length);
  const one = `(${cols.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await q.run(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`,
      chunk.flat(),
    );
  }
}

async function generate(c: RunningCentral) {
  const old = Date.now() - 400 * DAY;
  const day = serviceDayOf(old);
  const step = 10_000;
  for (let i = 0; i < ROWS; i += step) {
    const n = Math.min(step, ROWS - i);
    const ids = Array.from({ length: n }, (_, k) => i + k);
    await c.db.tx(async (q) => {
      await insert(
        q,
        'residents',
        ['id', 'id_hash', 'id_enc', 'name_enc', 'birth_date', 'created_at'],
        ids.map((k) => [
          `r-bench-${k}`,
          `h-bench-${k}`,
          `v1.sealed-id-${k}`,
          `v1.sealed-name-${k}`,
          '1950-01-01',
          old,
        ]),
      );
      await insert(
        q,
        'tickets',
        [
          'id',
          'number',
          'seq',
          'centre_id',
          'item_id',
          'channel',
          'skill_group',
          'status',
          'priority',
          'service_day',
          'issued_at',
          'finished_at',
          'print_status',
          'resident_id',
          'outcome',
        ],
        ids.map((k) => [
          `t-bench-${k}`,
          `A${k}`,
          k,
          'c-zhangjiang',
          'i-jzz',
          'window',
          'residence',
          'done',
          'normal',
          day,
          old,
          old + 600_000,
          'printed',
          `r-bench-${k}`,
          'done',
        ]),
      );
      await insert(
        q,
        'audit',
        ['at', 'actor_type', 'actor_id', 'action', 'subject_type', 'subject_id', 'centre_id', 'detail'],
        ids.map((k) => [
          old,
          'staff',
          'st-agent1',
          'resident.view_identity',
          'resident',
          `r-bench-${k}`,
          'c-zhangjiang',
          `{"ticketId":"t-bench-${k}"}`,
        ]),
      );
    });
  }
}

async function run(kind: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'doorstep-retention-bench-'));
  const pgServer = kind === 'postgres' ? await startPostgres() : undefined;
  let central: RunningCentral | undefined;
  try {
    central = await startCentral({ dataDir, seed: 'demo', port: 0, databaseUrl: pgServer?.url });
    const t0 = performance.now();
    await generate(central);
    console.log(
      `${kind}: generated ${ROWS} expired residents, tickets and audit entries in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const code = await central.enrollmentCode('s-zhangjiang-1');
    const token = JSON.parse((await post(`${central.url}/api/v1/stations/enroll`, {}, { code })).body).token;

    const s = { ...DEFAULT_RETENTION, maxBatches: 1_000_000 };
    const started = performance.now();
    let sweeping = true;
    // RETENTION_BENCH_BASELINE=1: the same load for 10 s without a sweep (the machine's own figure).
    const sweep = (
      process.env.RETENTION_BENCH_BASELINE
        ? new Promise((r) => setTimeout(r, 10_000)).then(() =>
            runSweep(central!.db, Date.now(), s, { by: 'bench', dryRun: true }),
          )
        : runSweep(central.db, Date.now(), s, { by: 'bench' })
    ).finally(() => (sweeping = false));
    const times: number[] = [];
    const pending: Promise<void>[] = [];
    let failures = 0;
    for (let i = 0; sweeping && i < RPS * 3600; i++) {
      const wait = started + (i * 1000) / RPS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(
        post(
          `${central.url}/api/v1/tickets`,
          { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
          { itemId: ['i-jzz', 'i-sbk', 'i-hjqy'][i % 3], channel: 'window', idNumber: idNumber(i) },
        ).then((r) => {
          if (r.status !== 201) failures++;
          times.push(r.ms);
        }),
      );
    }
    const result = await sweep;
    const sweepSec = (performance.now() - started) / 1000;
    await Promise.all(pending);
    times.sort((a, b) => a - b);
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
