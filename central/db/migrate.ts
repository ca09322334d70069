import type { Db } from './db';
import m001 from './migrations/001-places-staff';
import m002 from './migrations/002-tickets';
import m003 from './migrations/003-appointments-leases';
import m004 from './migrations/004-events-audit';
import m005 from './migrations/005-fleet';
import m006 from './migrations/006-queue-index';
import m007 from './migrations/007-agent-session';
import m008 from './migrations/008-webhook-delivery';
import m009 from './migrations/009-ticket-transfer-note';
import m010 from './migrations/010-waiting-rank-index';
import m011 from './migrations/011-ticket-priority-reason';
import m012 from './migrations/012-idempotency-owner';
import m013 from './migrations/013-webhook-scope';
import m014 from './migrations/014-admin';
import m015 from './migrations/015-calendar-2026';
import m016 from './migrations/016-report-indexes';
import m017 from './migrations/017-kiosk-updates-commands';
import m018 from './migrations/018-identified-by';
import m019 from './migrations/019-legal-holds';

// Numbered migrations, each in one transaction. SQLite keeps the version in PRAGMA user_version,
// PostgreSQL in a one-row table (under an advisory lock, so instances starting together take turns).
// A database newer than this code is refused rather than guessed at.

export interface Dialect {
  strict: string;
  bigint: string;
  serial: string;
}

const DIALECTS: Record<Db['kind'], Dialect> = {
  sqlite: { strict: ' STRICT', bigint: 'INTEGER', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: { strict: '', bigint: 'BIGINT', serial: 'BIGSERIAL PRIMARY KEY' },
};

export const MIGRATIONS: ReadonlyArray<(d: Dialect) => string> = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  m011,
  m012,
  m013,
  m014,
  m015,
  m016,
  m017,
  m018,
  m019,
];

/** Brings the schema to the latest version (or to `upTo`: the per-migration tests stop on the way). */
export async function migrate(db: Db, upTo = MIGRATIONS.length): Promise<{ from: number; to: number }> {
  const d = DIALECTS[db.kind];
  if (db.kind === 'postgres') {
    await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  }
  let from = -1;
  for (let v = 0; v < upTo; v++) {
    const done = await db.tx(async (q) => {
      let current: number;
      if (db.kind === 'postgres') {
        await q.run('SELECT pg_advisory_xact_lock(727001)');
        const row = await q.get<{ version: number }>('SELECT version FROM schema_version');
        if (!row) await q.run('INSERT INTO schema_version (version) VALUES (0)');
        current = row?.version ?? 0;
      } else {
        current = (await q.get<{ user_version: number }>('PRAGMA user_version'))!.user_version;
      }
      if (from < 0) from = current;
      if (current > MIGRATIONS.length) {
        throw new Error(
          `database schema version ${current} is newer than this central service (${MIGRATIONS.length}); upgrade the service`,
        );
      }
      if (current > v) return false;
      await q.exec(MIGRATIONS[v]!(d));
      if (db.kind === 'postgres') await q.run('UPDATE schema_version SET version = ?', [v + 1]);
      else await q.exec(`PRAGMA user_version = ${v + 1}`);
      return true;
    });
    void done;
  }
  return { from, to: upTo };
}
