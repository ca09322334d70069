import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupRun, BackupSchedule, BackupStatus, BackupWarning } from '../../../contract/api/data';
import { BackupSchedule as ScheduleSchema, BackupRun as RunSchema } from '../../../contract/api/data';
import { makeBackup, type Target } from '../../backup';
import type { Db } from '../../db/db';
import type { Ctx } from '../context';

// Scheduled backups run by central itself with the backup code of `npm run central -- backup`: every
// `everyHours` a backup file in the server's backup folder, the oldest beyond `keep` deleted after a
// success; each attempt's result is kept (settings key 'backup.last') for the dashboard, which warns
// when none is scheduled, the last one failed, or none succeeded within twice the interval.

export const DEFAULT_SCHEDULE: BackupSchedule = { enabled: false, everyHours: 24, keep: 7 };
const HOUR = 3_600_000;
/** After a failure the next attempt comes sooner than a whole interval. */
const RETRY_MS = 15 * 60_000;
const FILE = /^central-\d{8}T\d{6}Z\.backup$/;

async function readKey<T>(db: Db, key: string, parse: (v: unknown) => T | null): Promise<T | null> {
  const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
  if (!row) return null;
  return parse(JSON.parse(row.value));
}

async function writeKey(db: Db, key: string, value: unknown): Promise<void> {
  await db.run(
    `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [key, JSON.stringify(value)],
  );
}

export async function loadSchedule(db: Db): Promise<BackupSchedule> {
  return (
    (await readKey(db, 'backup.schedule', (v) => ScheduleSchema.safeParse(v).data ?? null)) ??
    DEFAULT_SCHEDULE
  );
}

export const saveSchedule = (db: Db, s: BackupSchedule) => writeKey(db, 'backup.schedule', s);

interface Kept {
  last: BackupRun;
  lastSuccessAt: string | null;
}

const loadLast = (db: Db) =>
  readKey<Kept>(db, 'backup.last', (v) => {
    const o = v as { last?: unknown; lastSuccessAt?: unknown };
    const last = RunSchema.safeParse(o.last).data;
    return last
      ? { last, lastSuccessAt: typeof o.lastSuccessAt === 'string' ? o.lastSuccessAt : null }
      : null;
  });

export function warningOf(
  s: BackupSchedule,
  configured: boolean,
  kept: Kept | null,
  now: number,
): BackupWarning | null {
  if (!s.enabled || !configured) return 'BACKUP_NOT_SCHEDULED';
  if (kept && !kept.last.ok) return 'BACKUP_FAILED';
  const ok = kept?.lastSuccessAt ? Date.parse(kept.lastSuccessAt) : null;
  // A fresh schedule has an interval's grace before its first backup is missed.
  if (ok === null) return kept ? 'BACKUP_MISSING' : null;
  return now - ok > 2 * s.everyHours * HOUR ? 'BACKUP_MISSING' : null;
}

export async function backupStatus(db: Db, configured: boolean, now: number): Promise<BackupStatus> {
  const schedule = await loadSchedule(db);
  const kept = await loadLast(db);
  return {
    schedule,
    configured,
    last: kept?.last ?? null,
    lastSuccessAt: kept?.lastSuccessAt ?? null,
    warning: warningOf(schedule, configured, kept, now),
  };
}

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export interface BackupJobOptions {
  dir?: string;
  key?: Buffer;
  target: Target;
  /** How often the schedule is looked at (default a minute). */
  checkMs?: number;
  onError?: (e: unknown) => void;
}

export interface BackupJobs {
  configured: boolean;
  stop(): Promise<void>;
}

/** One attempt now: the file, then the pruning of old generations; the result is recorded either way. */
export async function backupNow(
  db: Db,
  now: number,
  o: BackupJobOptions,
  s: BackupSchedule,
): Promise<BackupRun> {
  const started = Date.now();
  const name = `central-${stamp(now)}.backup`;
  let run: BackupRun;
  try {
    if (!o.dir || !o.key) throw new Error('no backup folder or no backup key on the server');
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    const m = await makeBackup(o.target, join(o.dir, name), o.key);
    const files = readdirSync(o.dir)
      .filter((f) => FILE.test(f))
      .sort();
    for (const old of files.slice(0, Math.max(0, files.length - s.keep)))
      rmSync(join(o.dir, old), { force: true });
    run = {
      at: new Date(now).toISOString(),
      ok: true,
      file: name,
      bytes: m.bytes,
      ms: Date.now() - started,
      error: null,
    };
  } catch (e) {
    run = {
      at: new Date(now).toISOString(),
      ok: false,
      file: null,
      bytes: null,
      ms: Date.now() - started,
      error: (e as Error).message.slice(0, 300),
    };
  }
  const prev = await loadLast(db);
  await writeKey(db, 'backup.last', {
    last: run,
    lastSuccessAt: run.ok ? run.at : (prev?.lastSuccessAt ?? null),
  });
  return run;
}

/** The running central's backup jobs (the routes ask whether a folder and key are set). */
const JOBS = new WeakMap<Ctx, BackupJobs>();
export const backupJobsOf = (ctx: Ctx): BackupJobs | undefined => JOBS.get(ctx);

export function startBackupJobs(ctx: Ctx, o: BackupJobOptions): BackupJobs {
  const configured = !!o.dir && !!o.key;
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const check = async () => {
    const s = await loadSchedule(ctx.db);
    if (!s.enabled || !configured) return;
    const now = ctx.clock().getTime();
    const kept = await loadLast(ctx.db);
    const since = kept ? now - Date.parse(kept.last.at) : Infinity;
    if (since >= (kept?.last.ok === false ? Math.min(RETRY_MS, s.everyHours * HOUR) : s.everyHours * HOUR)) {
      await backupNow(ctx.db, now, o, s);
    }
  };
  const timer = setInterval(() => {
    // One attempt at a time: a backup that outlasts the tick is not started twice.
    if (stopped || running) return;
    running = check()
      .catch((e: unknown) => o.onError?.(e))
      .finally(() => (running = null));
  }, o.checkMs ?? 60_000);
  timer.unref();
  const jobs: BackupJobs = {
    configured,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
  JOBS.set(ctx, jobs);
  return jobs;
}
