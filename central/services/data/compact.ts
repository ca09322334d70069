import type { Db } from '../../db/db';
import { RULES, hasTable } from './sweep';

// After an erasure, the old values can outlive their rows in the database's own files: PostgreSQL
// keeps an updated row's old version in the table (and the old key in its indexes) until VACUUM
// reclaims the space — and even then a plain VACUUM leaves the bytes in the page's free space until
// a new row overwrites them. `VACUUM FULL` writes each table and its indexes into new files and
// drops the old ones, so the erased values are in no table file afterwards (tests/integration/data/
// erased-values.test.ts). It locks each table while it runs (seconds per million rows): a
// maintenance step for a quiet hour (`npm run central -- sweep --compact`), not part of the hourly
// sweep. SQLite needs none of this (secure_delete zeroes freed space; the sweep checkpoints the WAL).

/** The tables the sweep and a resident's erasure write to. */
export async function erasedTables(db: Db): Promise<string[]> {
  const names = [...new Set(RULES.map((r) => r.table).filter((t) => t !== 'idempotency'))];
  const present: string[] = [];
  for (const t of names) if (await hasTable(db, t)) present.push(t);
  return present;
}

/** Rewrites the tables personal data was erased from, so no old row version keeps it; answers their names. */
export async function compactErased(db: Db): Promise<string[]> {
  const tables = await erasedTables(db);
  if (db.kind === 'sqlite') {
    await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return tables;
  }
  for (const t of tables) await db.exec(`VACUUM FULL ${t}`);
  // The rewritten files are on disk; what the WAL segments still hold goes as they are recycled.
  await db.exec('CHECKPOINT').catch(() => undefined); // needs superuser or pg_checkpoint
  return tables;
}
