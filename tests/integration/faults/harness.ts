import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freePort, startPostgres, type TestPostgres } from '../../helpers/postgres';
import { Client, type Json, KioskClient, idNumber } from '../central/harness';
import { bundleOnce } from './bundle';

// The fault suite's pieces: central in a child process (kill -9 and start again on the same port),
// kiosk clients that retry like a kiosk outbox (same Idempotency-Key until answered), and the audit
// run after each fault. Sizes come from DOORSTEP_CHAOS: "full" (npm run chaos) or the short run
// inside npm test.

export const FULL = process.env.DOORSTEP_CHAOS === 'full';
export const SCALE = {
  kiosks: FULL ? 60 : 12,
  /** Requests the load settles in one phase, before and after each fault (scenarios.ts kioskLoad). */
  phaseRequests: FULL ? 600 : 36,
  rounds: FULL ? 5 : 1,
};

/** Time limit of a scenario's setup (enrolling the kiosks, starting PostgreSQL). */
export const HOOK_MS = FULL ? 300_000 : 180_000;

/**
 * Time limit of one start of central. It needs about 1.5 s of CPU, but on a machine shared with
 * other suites loading its modules has taken 35 s and more.
 */
const START_MS = FULL ? 180_000 : 60_000;

/** Prints one line of counts (the suite's figures). */
export function report(name: string, counts: Record<string, number | string>): void {
  const line = Object.entries(counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  process.stdout.write(`[faults] ${name}: ${line}\n`);
}

export interface CentralProcess {
  readonly url: string;
  /** Exits nobody asked for (a crash). */
  readonly crashes: number;
  readonly running: boolean;
  /** The longest start so far, from spawn to listening (ms). */
  readonly maxStartMs: number;
  /** When it last started listening; +Infinity while it is down or starting. */
  readonly upSince: number;
  /** Output of every run so far (stderr). */
  readonly log: string;
  kill9(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnCentral(o: { dataDir: string; databaseUrl?: string }): Promise<CentralProcess> {
  const port = await freePort();
  const script = await bundleOnce('central-process.ts', 'central');
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let crashes = 0;
  let log = '';
  let expected = false;
  let maxStartMs = 0;
  let upSince = Number.POSITIVE_INFINITY;
  // Its stderr also goes to a file, read after a failed chaos run (.tmp is ignored by git).
  const logFile = join(import.meta.dirname, '../../../.tmp/faults', `central-${port}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  const start = () =>
    new Promise<void>((resolve, reject) => {
      expected = false;
      const t0 = Date.now();
      const c = spawn(process.execPath, [script], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DOORSTEP_FAULT_CENTRAL: JSON.stringify({ port, ...o }) },
      });
      child = c;
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`central did not start in ${START_MS / 1000} s:\n${log}`)),
        START_MS,
      );
      c.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('central: ')) {
          clearTimeout(timer);
          maxStartMs = Math.max(maxStartMs, Date.now() - t0);
          upSince = Date.now();
          resolve();
        }
      });
      c.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        appendFileSync(logFile, d);
      });
      c.once('exit', (code, signal) => {
        clearTimeout(timer);
        upSince = Number.POSITIVE_INFINITY;
        if (!expected) {
          crashes++;
          log += `\n[exited ${code ?? signal}]\n`;
          appendFileSync(logFile, `\n[exited ${code ?? signal}]\n`);
          reject(new Error(`central exited (${code ?? signal}):\n${log}`));
        }
        if (child === c) child = null;
      });
    });
  const end = async (signal: NodeJS.Signals) => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null) return;
    expected = true;
    upSince = Number.POSITIVE_INFINITY;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await gone;
  };
  await start();
  return {
    url,
    get crashes() {
      return crashes;
    },
    get running() {
      return child !== null;
    },
    get maxStartMs() {
      return maxStartMs;
    },
    get upSince() {
      return upSince;
    },
    get log() {
      return log;
    },
    kill9: () => end('SIGKILL'),
    start,
    stop: () => end('SIGTERM'),
  };
}

/** A database for one scenario: a fresh PostgreSQL database on the shared server, or an SQLite folder. */
export interface ScenarioDb {
  kind: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

let server: Promise<TestPostgres> | undefined;
export const postgres = () => (server ??= startPostgres({ crashSafe: true }));
export async function stopServer(): Promise<void> {
  if (server) await (await server).stop();
  server = undefined;
}

export async function scenarioDb(kind: 'sqlite' | 'postgres'): Promise<ScenarioDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-faults-'));
  if (kind === 'sqlite') {
    return {
      kind,
      dataDir,
      async query<T>(sql: string, params: unknown[] = []) {
        const db = new Database(join(dataDir, 'central.db'), { readonly: true });
        try {
          return db.prepare(sql).all(...params) as T[];
        } finally {
          db.close();
        }
      },
      async close() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const srv = await postgres();
  const name = `faults_${process.pid}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: srv.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = srv.url.replace(/\/postgres$/, `/${name}`);
  return {
    kind,
    dataDir,
    databaseUrl,
    async query<T>(sql: string, params: unknown[] = []) {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try {
        let i = 0;
        return (
          await c.query(
            sql.replace(/\?/g, () => `$${++i}`),
            params,
          )
        ).rows as T[];
      } finally {
        await c.end();
      }
    },
    async close() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in the demo admin and enrolls n kiosks on a station. */
export async function enrollKiosks(
  url: string,
  n: number,
  stationId = 's-zhangjiang-1',
): Promise<KioskClient[]> {
  const login = await new Client(url).post('/api/v1/auth/login', {
    username: 'admin',
    password: 'doorstep-demo',
  });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  const admin = new Client(url, {
    cookie: login.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': login.body.csrfToken,
  });
  const kiosks: KioskClient[] = [];
  for (let i = 0; i < n; i++) {
    const code = await admin.post('/api/v1/admin/enrollment-codes', { stationId });
    const r = await new Client(url).post('/api/v1/stations/enroll', { code: code.body.code });
    if (r.status !== 201) throw new Error(`enroll: ${r.status} ${JSON.stringify(r.body)}`);
    kiosks.push(new KioskClient(url, r.body.token, r.body.kioskId));
  }
  return kiosks;
}

export interface Answer {
  status: number;
  body: Json;
}

/** One request, or null when central did not answer (refused, reset, cut, 10 s without an answer). */
export async function send(
  kiosk: KioskClient,
  path: string,
  body: unknown,
  key: string,
): Promise<Answer | null> {
  return (await sendWhy(kiosk, path, body, key)).answer;
}

/** send, and why there was no answer (refused, reset, timeout …), for stuck keys. */
async function sendWhy(
  kiosk: KioskClient,
  path: string,
  body: unknown,
  key: string,
): Promise<{ answer: Answer | null; why: string }> {
  try {
    const res = await fetch(kiosk.base + path, {
      method: 'POST',
      headers: { ...kiosk.auth(), 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { answer: { status: res.status, body: text ? JSON.parse(text) : null }, why: '' };
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string; message?: string } };
    return { answer: null, why: e.cause?.code ?? e.cause?.message ?? e.name ?? 'error' };
  }
}

/** May a kiosk outbox send this again later (what main/host/link/outbox-replayer.ts retries)? */
const retryable = (a: Answer | null) =>
  a === null || a.status >= 500 || a.body?.error?.code === 'REQUEST_IN_PROGRESS';

export interface Settled {
  key: string;
  path: string;
  /** The last answer; for a stuck key every kind of miss met, with counts (why it is stuck). */
  last: string;
  answer: Answer | null;
  /** Answers of REQUEST_IN_PROGRESS met on the way. */
  inProgress: number;
  /** 503 UNAVAILABLE answers met on the way. */
  unavailable: number;
  ms: number;
}

/**
 * Sends with one key until central gives a final answer (like the outbox) or until `until()`:
 * answer null then means the key never settled.
 */
export async function settle(
  kiosk: KioskClient,
  path: string,
  body: unknown,
  until: () => number,
  key = `k-${randomUUID()}`,
): Promise<Settled> {
  const t0 = Date.now();
  let inProgress = 0;
  let unavailable = 0;
  const misses = new Map<string, number>();
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const { answer: a, why } = await sendWhy(kiosk, path, body, key);
    const last = a ? `${a.status} ${a.body?.error?.code ?? ''}` : `no answer (${why})`;
    if (retryable(a)) misses.set(last, (misses.get(last) ?? 0) + 1);
    if (a?.body?.error?.code === 'REQUEST_IN_PROGRESS') inProgress++;
    if (a?.status === 503 && a.body?.error?.code === 'UNAVAILABLE') unavailable++;
    if (!retryable(a)) return { key, path, last, answer: a, inProgress, unavailable, ms: Date.now() - t0 };
    if (Date.now() > until()) break;
    await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** Math.min(attempt, 3), 800)));
  }
  const last = [...misses].map(([k, n]) => `${k} ×${n}`).join(', ');
  return { key, path, last, answer: null, inProgress, unavailable, ms: Date.now() - t0 };
}

let residentSeq = 0;
/** A ticket request for a resident nobody else is (a new ID number each time). */
export function ticketRequest() {
  const n = ++residentSeq + process.pid * 7;
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 15_000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  return { itemId: 'i-zmkj', channel: 'window', idNumber: idNumber(ymd, Math.floor(n / 15_000) + 1) };
}

/** Acknowledged tickets missing at central, and numbers issued twice (per centre and day). */
export async function auditTickets(
  db: ScenarioDb,
  acknowledged: Array<{ id: string; number: string }>,
): Promise<{ lost: number; duplicated: number; total: number }> {
  const rows = await db.query<{ id: string }>('SELECT id FROM tickets');
  const ids = new Set(rows.map((r) => r.id));
  const dups = await db.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM (SELECT centre_id, service_day, number FROM tickets
     WHERE status <> 'transferred' GROUP BY centre_id, service_day, number HAVING COUNT(*) > 1) d`,
  );
  return {
    lost: acknowledged.filter((t) => !ids.has(t.id)).length,
    duplicated: Number(dups[0]?.n ?? 0),
    total: rows.length,
  };
}

/** Waits until pred holds, checking every 100 ms, at most ms; resolves with the time it took. */
export async function waitUntil(pred: () => Promise<boolean> | boolean, ms: number): Promise<number> {
  const t0 = Date.now();
  for (let i = 0; i < ms / 100 + 1; i++) {
    if (await pred()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms`);
}
