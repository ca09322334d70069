// Reports over a city's year of history (docs/reports.md "Performance"), on SQLite and PostgreSQL: a
// seeded generator writes the history of 36 centres and 1,308 stations, then every report is asked for
// a month and for a year of the measured centre (p95 of repeated requests over HTTP), and ticket issue
// latency is measured at a steady 200/s while reports keep running.
//
// Scale: a report reads one centre, so what decides its time is that centre's volume and how well the
// indexes keep the other centres out. A centre's full share of a 10-million-ticket city-year is
// 10 M / 36 ≈ 277,800 tickets (REPORTS_BENCH_CENTRE_TICKETS=277800). The default is 20,000 for the
// measured centre (its full share for about four weeks, so the month figures are near full scale) and
// 300 for each of the other 35 centres: the run then finishes in minutes on the shared 2-core machine,
// inside scripts/bench.mjs's 30-minute limit (60,000 did not, for both databases, under a load of
// ~25). The year figures grow about linearly with the centre's tickets. REPORTS_BENCH_OTHER_TICKETS
// sets the others; REPORTS_BENCH_DBS=sqlite|postgres picks one database; REPORTS_BENCH_RUNS the repeats.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db, Queryable } from '../central/db/db';
import { addDays, serviceDayOf, shanghaiTime } from '../central/domain/time';
import { type RunningCentral, startCentral } from '../central/server';
import { ReportName } from '../contract/api/reports';
import { startPostgres } from '../tests/helpers/postgres';
import { percentile, report } from './report';

const CENTRE = 'c-zhangjiang';
const CENTRE_TICKETS = Number(process.env.REPORTS_BENCH_CENTRE_TICKETS ?? 20_000);
const OTHER_TICKETS = Number(process.env.REPORTS_BENCH_OTHER_TICKETS ?? 300);
const CENTRES = 36;
const STATIONS = 1308;
const RUNS = Number(process.env.REPORTS_BENCH_RUNS ?? 10);
const STEADY_RPS = 200;
const STEADY_SECONDS = 8;
const ITEMS = ['i-jzz', 'i-hjqy', 'i-jydj', 'i-sbk', 'i-ybdj', 'i-jlk', 'i-flzx', 'i-db'];
const OUTCOMES = ['done', 'done', 'done', 'done', 'to_window', 'appointment', 'more_materials'];

/** mulberry32: a small seeded generator, so every run writes the same history. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = Array<string | number | null>;
async function insert(q: Queryable, table: string, cols: string[], rows: Row[]) {
  const per = Math.floor(8000 / cols.length);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const one = `(${cols.map(() => '?').join(', ')})`;
    await q.run(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`,
      chunk.flat(),
    );
  }
}

/** Writes the year before `lastDay` (inclusive): tickets, first-call audit rows, cases, ratings, kiosk status. */
async function generate(q: Db, lastDay: string) {
  const rand = rng(20261206);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const days = Array.from({ length: 365 }, (_, i) => addDays(lastDay, i - 364));
  // Places: 36 centres (the demo's 3 and 33 more), 1,308 stations; the measured centre has 36.
  const centres = [
    CENTRE,
    'c-huamu',
    'c-lujiazui',
    ...Array.from({ length: CENTRES - 3 }, (_, i) => `c-bench-${i}`),
  ];
  await insert(
    q,
    'centres',
    ['id', 'district_id', 'name_zh', 'name_en', 'address_zh', 'address_en'],
    centres.slice(3).map((id) => [id, 'd-pudong', id, id, '-', '-']),
  );
  const stationsOf = new Map<string, string[]>(centres.map((c) => [c, []]));
  const stationRows: Row[] = [];
  for (let i = 0; i < STATIONS - 6; i++) {
    const c = i < 34 ? CENTRE : centres[3 + (i % (CENTRES - 3))]!;
    const id = `s-bench-${i}`;
    stationsOf.get(c)!.push(id);
    stationRows.push([id, c, id, id, '-', '-']);
  }
  stationsOf.get(CENTRE)!.push('s-zhangjiang-1', 's-zhangjiang-2');
  await insert(
    q,
    'stations',
    ['id', 'centre_id', 'name_zh', 'name_en', 'address_zh', 'address_en'],
    stationRows,
  );
  const residents = Array.from({ length: Math.ceil(CENTRE_TICKETS / 4) }, (_, i) => `r-bench-${i}`);
  await insert(
    q,
    'residents',
    ['id', 'id_hash', 'id_enc', 'created_at'],
    residents.map((id) => [id, `h-${id}`, 'x', 0]),
  );

  let ticketN = 0;
  let caseSeq = 0;
  const counts = { tickets: 0, cases: 0, ratings: 0, followUps: 0, audit: 0, events: 0 };
  for (const centre of centres) {
    const total = centre === CENTRE ? CENTRE_TICKETS : OTHER_TICKETS;
    const stations = stationsOf.get(centre)!.length ? stationsOf.get(centre)! : ['s-none'];
    const agents = Array.from({ length: centre === CENTRE ? 40 : 4 }, (_, i) => `st-bench-${centre}-${i}`);
    for (const [d, day] of days.entries()) {
      const n = Math.floor(total / 365) + (d < total % 365 ? 1 : 0);
      const tickets: Row[] = [];
      const audit: Row[] = [];
      const cases: Row[] = [];
      const timeline: Row[] = [];
      const ratings: Row[] = [];
      const followUps: Row[] = [];
      const open = shanghaiTime(day, 8, 30);
      for (let i = 0; i < n; i++) {
        const id = `t-b${++ticketN}`;
        const item = pick(ITEMS);
        const video = item === 'i-flzx' || rand() < 0.08;
        const issued = open + Math.floor(rand() * 9 * 3600_000);
        const r = rand();
        const status = r < 0.9 ? 'done' : r < 0.95 ? 'no_show' : r < 0.98 ? 'cancelled' : 'transferred';
        const called = status === 'cancelled' ? null : issued + Math.floor(rand() * 40 * 60_000);
        const served = status === 'done' || status === 'transferred' ? called! + 30_000 : null;
        const finished =
          status === 'cancelled' ? issued + 600_000 : (served ?? called!) + Math.floor(rand() * 20 * 60_000);
        const agent = called ? pick(agents) : null;
        const outcome = status === 'done' ? pick(OUTCOMES) : null;
        const station = pick(stations);
        tickets.push([
          id,
          `A${i}`,
          i + 1,
          centre,
          station,
          item,
          video ? 'video' : 'window',
          'residence',
          status,
          'normal',
          day,
          issued,
          called,
          served,
          finished,
          'printed',
          centre === CENTRE ? pick(residents) : null,
          agent,
          outcome,
        ]);
        if (called) audit.push([called, 'staff', agent, 'ticket.call_next', 'ticket', id, centre]);
        if (video && called) {
          const caseId = `vc-b${ticketN}`;
          const connected = rand() > 0.04;
          const ended = connected ? finished : null;
          cases.push([
            caseId,
            `VC-B${ticketN}`,
            day,
            ++caseSeq,
            id,
            `A${i}`,
            centre,
            station,
            agent,
            agent,
            item,
            connected ? 'ended' : 'missed',
            connected ? outcome : null,
            '[]',
            '[]',
            '',
            called,
            ended,
          ]);
          timeline.push([caseId, called, 'ring', agent]);
          if (connected) {
            timeline.push([caseId, called + 20_000, 'active', 'k']);
            if (rand() < 0.05) timeline.push([caseId, called + 60_000, 'reconnecting', 'k']);
            timeline.push([caseId, ended!, 'ended', agent]);
            if (rand() < 0.7) {
              const lv = rand();
              const level = lv < 0.6 ? 5 : lv < 0.85 ? 4 : lv < 0.95 ? 3 : lv < 0.98 ? 2 : 1;
              ratings.push([caseId, level, level <= 2 ? '等待太久' : null, ended! + 30_000]);
              if (level <= 2) {
                const closed = rand() < 0.8 ? ended! + Math.floor(rand() * 25 * 86_400_000) : null;
                followUps.push([
                  `fu-b${ticketN}`,
                  caseId,
                  centre,
                  level,
                  '等待太久',
                  closed ? 'closed' : 'open',
                  ended! + 30_000,
                  addDays(day, 21),
                  closed,
                ]);
              }
            }
          }
        }
      }
      await q.tx(async (q) => {
        await insert(
          q,
          'tickets',
          [
            'id',
            'number',
            'seq',
            'centre_id',
            'station_id',
            'item_id',
            'channel',
            'skill_group',
            'status',
            'priority',
            'service_day',
            'issued_at',
            'called_at',
            'served_at',
            'finished_at',
            'print_status',
            'resident_id',
            'agent_id',
            'outcome',
          ],
          tickets,
        );
        await insert(
          q,
          'audit',
          ['at', 'actor_type', 'actor_id', 'action', 'subject_type', 'subject_id', 'centre_id'],
          audit,
        );
        await insert(
          q,
          'video_cases',
          [
            'id',
            'case_number',
            'service_day',
            'seq',
            'ticket_id',
            'ticket_number',
            'centre_id',
            'station_id',
            'agent_id',
            'agent_name',
            'item_id',
            'status',
            'outcome',
            'materials_ticked',
            'missing_materials',
            'notes',
            'created_at',
            'ended_at',
          ],
          cases,
        );
        await insert(q, 'video_timeline', ['case_id', 'at', 'kind', 'actor'], timeline);
        await insert(q, 'video_ratings', ['case_id', 'level', 'reason', 'created_at'], ratings);
        await insert(
          q,
          'video_followups',
          ['id', 'case_id', 'centre_id', 'level', 'reason', 'status', 'opened_at', 'due_day', 'closed_at'],
          followUps,
        );
      });
      counts.tickets += tickets.length;
      counts.cases += cases.length;
      counts.ratings += ratings.length;
      counts.followUps += followUps.length;
      counts.audit += audit.length;
    }
  }
  // Kiosk status history of the measured centre: two kiosks a station, a fault or an outage a day each.
  const events: Row[] = [];
  for (const station of stationsOf.get(CENTRE)!) {
    for (let k = 0; k < 2; k++) {
      const kioskId = `k-${station}-${k}`;
      for (const day of days) {
        const t0 = shanghaiTime(day, 8) + Math.floor(rand() * 3600_000);
        const bad = rand() < 0.5 ? 'faulted' : 'offline';
        const problems =
          bad === 'faulted' ? [{ code: pick(['PRINTER_PAPER_OUT', 'READER_ERROR']), severity: 'fault' }] : [];
        for (const [at, status, pr] of [
          [t0, 'online', []],
          [t0 + 3600_000 * (1 + rand() * 4), bad, problems],
          [t0 + 3600_000 * 6, 'online', []],
        ] as const) {
          events.push([
            CENTRE,
            'kiosk.status',
            Math.floor(at),
            JSON.stringify({ kiosk: { kioskId, stationId: station, status, problems: pr } }),
          ]);
        }
      }
    }
  }
  await insert(q, 'events', ['centre_id', 'type', 'at', 'data'], events);
  counts.events = events.length;
  return counts;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function get(url: string, headers: Record<string, string>, method = 'GET', body?: unknown) {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const t0 = performance.now();
  return new Promise<{ status: number; body: string; ms: number; headers: http.IncomingHttpHeaders }>(
    (resolve, reject) => {
      const req = http.request(
        url,
        { method, agent, headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: text,
              ms: performance.now() - t0,
              headers: res.headers,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(data);
    },
  );
}

function idNumber(n: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + ((n * 37) % 21900) * 86_400_000).toISOString().slice(0, 10);
  const first17 = `310115${birth.replaceAll('-', '')}${String(Math.floor(n / 21900) % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  const check = (12 - (s % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

async function run(kind: 'sqlite' | 'postgres') {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'doorstep-reports-bench-'));
  let pgServer: Awaited<ReturnType<typeof startPostgres>> | undefined;
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    pgServer = await startPostgres();
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    await admin.query('CREATE DATABASE reports_bench');
    await admin.end();
    databaseUrl = pgServer.url.replace(/\/postgres$/, '/reports_bench');
  }
  let central: RunningCentral | undefined;
  try {
    central = await startCentral({ dataDir, seed: 'demo', port: 0, databaseUrl });
    const db = central.ctx.db;
    const today = serviceDayOf(Date.now());
    const lastDay = addDays(today, -1);
    const t0 = performance.now();
    const counts = await generate(db, lastDay);
    await db.exec('ANALYZE');
    const genSec = (performance.now() - t0) / 1000;
    console.log(`${kind}: generated ${JSON.stringify(counts)} in ${genSec.toFixed(0)} s`);
    report({ name: `${kind}: generate the history (${counts.tickets} tickets)`, value: genSec, unit: 's' });

    const login = await get(`${central.url}/api/v1/auth/login`, {}, 'POST', {
      username: 'supervisor',
      password: 'doorstep-demo',
    });
    const cookie = String(login.headers['set-cookie']![0]).split(';')[0]!;
    const auth = { cookie };
    const monthFrom = `${lastDay.slice(0, 8)}01`;
    const ranges = { month: [monthFrom, lastDay], year: [addDays(lastDay, -364), lastDay] } as const;
    const path = (name: string, [from, to]: readonly [string, string]) =>
      `${central!.url}/api/v1/reports/${name}?centreId=${CENTRE}&from=${from}&to=${to}${name === 'tickets' || name === 'video' || name === 'ratings' ? '&by=item' : ''}`;
    for (const name of ReportName.options) {
      for (const [label, range] of Object.entries(ranges)) {
        const first = await get(path(name, range), auth);
        if (first.status !== 200) throw new Error(`${name}: ${first.status} ${first.body.slice(0, 200)}`);
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) times.push((await get(path(name, range), auth)).ms);
        times.sort((a, b) => a - b);
        report({
          name: `${kind}: ${name} report, a ${label} of one centre, p95`,
          value: percentile(times, 95),
          unit: 'ms',
          target: kind === 'postgres' ? '< 1000' : '< 2000',
        });
      }
    }

    // Ticket issue at a steady 200/s, first alone, then while a supervisor keeps asking for reports
    // (a month's summary and a year's tickets by item, in turn).
    const code = await central.enrollmentCode('s-zhangjiang-1');
    const token = JSON.parse(
      (await get(`${central.url}/api/v1/stations/enroll`, {}, 'POST', { code })).body,
    ).token;
    let issued = 0;
    const steadyIssue = async (withReports: boolean) => {
      let reporting = withReports;
      let reportsDone = 0;
      const reporter = (async () => {
        for (let i = 0; reporting && i < 10_000; i++) {
          await get(path(i % 2 ? 'tickets' : 'summary', i % 2 ? ranges.year : ranges.month), auth);
          reportsDone++;
        }
      })();
      const times: number[] = [];
      const pending: Promise<void>[] = [];
      let failures = 0;
      const start = performance.now();
      for (let i = 0; i < STEADY_RPS * STEADY_SECONDS; i++) {
        const wait = start + (i * 1000) / STEADY_RPS - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const n = issued++;
        pending.push(
          get(
            `${central!.url}/api/v1/tickets`,
            { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
            'POST',
            { itemId: ITEMS[n % 6], channel: 'window', idNumber: idNumber(500_000 + n) },
          ).then((r) => {
            if (r.status !== 201) failures++;
            times.push(r.ms);
          }),
        );
      }
      await Promise.all(pending);
      reporting = false;
      await reporter;
      times.sort((a, b) => a - b);
      const label = withReports ? 'with reports running' : 'alone';
      console.log(`${kind}: issue ${label}: ${reportsDone} reports answered, ${failures} issues failed`);
      report({
        name: `${kind}: ticket issue p99 at ${STEADY_RPS}/s, ${label}`,
        value: percentile(times, 99),
        unit: 'ms',
        target: '< 50',
      });
      report({
        name: `${kind}: ticket issue p50 at ${STEADY_RPS}/s, ${label}`,
        value: percentile(times, 50),
        unit: 'ms',
      });
    };
    await steadyIssue(false);
    await steadyIssue(true);
  } finally {
    await central?.close();
    await pgServer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const kinds = (process.env.REPORTS_BENCH_DBS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
console.log(
  `machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
for (const kind of kinds) await run(kind);
