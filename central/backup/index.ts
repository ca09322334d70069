import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { version as packageVersion } from '../../package.json';
import { MIGRATIONS } from '../db/migrate';
import { BackupError, type BackupManifest, readArchive, readManifest, writeArchive } from './archive';

// Backup and restore of the central database (docs/data.md "Backups"): SQLite through its online backup
// API (a consistent copy while central keeps serving), PostgreSQL through pg_dump's custom format on an
// exported snapshot (the counts in the manifest come from the same snapshot). Either image is then
// encrypted into one file (archive.ts). A restore goes only into an empty data folder or database,
// refuses a backup from a newer schema or with a changed byte, and reports what it restored.

export { BackupError } from './archive';
export type { BackupManifest } from './archive';

const run = promisify(execFile);
const COUNTED = ['tickets', 'appointments', 'staff', 'stations', 'kiosks', 'video_cases', 'audit'] as const;

export interface Target {
  /** The data folder holding central.db (SQLite). */
  dataDir?: string;
  /** postgres://… (PostgreSQL). */
  databaseUrl?: string;
}

/** The backup key: DOORSTEP_BACKUP_KEY or a key file, 64 hex digits, never the PII key. */
export function loadBackupKey(
  keyFile: string | undefined,
  piiKeyFile: string | undefined,
  env = process.env,
): Buffer {
  const raw = keyFile ? readFileSync(keyFile, 'utf8') : env.DOORSTEP_BACKUP_KEY;
  if (!raw)
    throw new Error(
      'no backup key: set DOORSTEP_BACKUP_KEY or pass --key FILE (64 hex digits; make one with `openssl rand -hex 32` and keep it apart from the backups and from the PII key)',
    );
  const hex = raw.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('the backup key must be 64 hex digits (32 bytes)');
  // Every PII key in use: the key file may hold a ring (security/pii.ts), one key a line.
  const piiFile = env.DOORSTEP_PII_KEY_FILE || piiKeyFile;
  const pii = [
    env.DOORSTEP_PII_KEY ?? '',
    ...(piiFile && existsSync(piiFile) ? readFileSync(piiFile, 'utf8').split(/\r?\n/) : []),
  ];
  if (pii.some((k) => k.trim().toLowerCase() === hex.toLowerCase()))
    throw new Error(
      'the backup key must not be the PII key: a backup and the key file would then unlock each other',
    );
  return Buffer.from(hex, 'hex');
}

/** libpq reads the password from PGPASSWORD, so it never sits on a command line others can read. */
function pgArgs(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function sqliteCounts(db: Database.Database): { schemaVersion: number; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  for (const t of COUNTED)
    counts[t] = (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number } | undefined)?.n ?? 0;
  return { schemaVersion: db.pragma('user_version', { simple: true }) as number, counts };
}

async function pgCounts(
  q: pg.ClientBase,
): Promise<{ schemaVersion: number; counts: Record<string, number> }> {
  const counts: Record<string, number> = {};
  for (const t of COUNTED) counts[t] = Number((await q.query(`SELECT COUNT(*) AS n FROM ${t}`)).rows[0].n);
  const v = await q.query('SELECT version FROM schema_version');
  return { schemaVersion: Number(v.rows[0]?.version ?? 0), counts };
}

export async function makeBackup(
  target: Target,
  to: string,
  key: Buffer,
  progress: (line: string) => void = () => undefined,
): Promise<BackupManifest> {
  const work = mkdtempSync(join(dirname(to), '.doorstep-backup-'));
  const image = join(work, 'image');
  try {
    let info: { schemaVersion: number; counts: Record<string, number> };
    let kind: 'sqlite' | 'postgres';
    if (target.databaseUrl) {
      kind = 'postgres';
      const { url, env } = pgArgs(target.databaseUrl);
      const client = new pg.Client({ connectionString: target.databaseUrl });
      client.on('error', () => undefined);
      await client.connect();
      try {
        // One snapshot for the counts and the dump, so the manifest says exactly what the dump holds.
        await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const snap = (await client.query('SELECT pg_export_snapshot() AS s')).rows[0].s as string;
        info = await pgCounts(client);
        progress(`backup: dumping PostgreSQL (${info.counts.tickets} tickets) …`);
        await run(
          'pg_dump',
          ['--format=custom', '--no-owner', `--snapshot=${snap}`, `--file=${image}`, `--dbname=${url}`],
          {
            env,
            maxBuffer: 16 * 1024 * 1024,
          },
        );
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    } else {
      kind = 'sqlite';
      const file = join(target.dataDir ?? '', 'central.db');
      if (!existsSync(file)) throw new Error(`no database at ${file}: check --data`);
      const src = new Database(file, { readonly: true, fileMustExist: true });
      try {
        // A read transaction held for the whole copy: the backup reads one snapshot (WAL mode lets
        // central write meanwhile). Without it, SQLite restarts a backup whenever another connection
        // writes between two steps, and under a steady load of issues a large database never finished.
        src.exec('BEGIN');
        src.prepare('SELECT COUNT(*) FROM sqlite_master').get();
        let last = -1;
        await src.backup(image, {
          progress: ({ totalPages, remainingPages }) => {
            const pct = Math.floor(((totalPages - remainingPages) / Math.max(1, totalPages)) * 100);
            if (pct >= last + 10) {
              last = pct;
              progress(`backup: copying ${pct}% of ${totalPages} pages`);
            }
            return 1000; // pages per step: central's writers get their turn between steps
          },
        });
      } finally {
        if (src.inTransaction) src.exec('COMMIT');
        src.close();
      }
      const copy = new Database(image, { readonly: true });
      info = sqliteCounts(copy);
      copy.close();
    }
    progress('backup: encrypting …');
    const manifest = await writeArchive(image, `${to}.partial`, key, {
      kind,
      schemaVersion: info.schemaVersion,
      appVersion: packageVersion,
      createdAt: new Date().toISOString(),
      counts: info.counts,
    });
    renameSync(`${to}.partial`, to); // a backup file is either complete or absent
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(`${to}.partial`, { force: true });
  }
}

export async function restoreBackup(
  target: Target,
  from: string,
  key: Buffer,
  progress: (line: string) => void = () => undefined,
): Promise<{ manifest: BackupManifest; counts: Record<string, number> }> {
  const { manifest } = readManifest(from);
  const want = target.databaseUrl ? 'postgres' : 'sqlite';
  if (manifest.kind !== want)
    throw new BackupError(
      `this is a ${manifest.kind} backup; restore it with ${manifest.kind === 'postgres' ? '--database-url' : '--data'}`,
      'BACKUP_INVALID',
    );
  if (manifest.schemaVersion > MIGRATIONS.length)
    throw new BackupError(
      `this backup is from a newer Doorstep (schema ${manifest.schemaVersion}, this one knows ${MIGRATIONS.length}): restore it with that version or newer`,
      'BACKUP_FROM_NEWER_SCHEMA',
    );
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const used = await client.query(
        "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
      );
      if (Number(used.rows[0].n) > 0)
        throw new BackupError(
          'the target database is not empty: restore into a new database (createdb)',
          'TARGET_NOT_EMPTY',
        );
      const work = mkdtempSync(join(dirname(from), '.doorstep-restore-'));
      try {
        progress('restore: decrypting and checking …');
        await readArchive(from, key, join(work, 'image'));
        progress('restore: pg_restore …');
        const { url, env } = pgArgs(target.databaseUrl);
        await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url}`, join(work, 'image')], {
          env,
          maxBuffer: 16 * 1024 * 1024,
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      return { manifest, counts: (await pgCounts(client)).counts };
    } finally {
      await client.end();
    }
  }
  const dir = target.dataDir ?? '';
  const file = join(dir, 'central.db');
  if (existsSync(file) || existsSync(`${file}-wal`))
    throw new BackupError(`${file} exists: restore into an empty data folder`, 'TARGET_NOT_EMPTY');
  const tmp = join(dir, '.central.db.restoring');
  try {
    progress('restore: decrypting and checking …');
    await readArchive(from, key, tmp);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  const db = new Database(file, { readonly: true });
  try {
    return { manifest, counts: sqliteCounts(db).counts };
  } finally {
    db.close();
  }
}
