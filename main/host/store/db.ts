import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createPrivateFile } from '../files';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export class StoreFromTheFutureError extends Error {
  constructor(found: number, known: number) {
    super(
      `the local store is at schema version ${found}, newer than this kiosk software knows (${known}); ` +
        'install the newer version or restore a matching backup',
    );
    this.name = 'StoreFromTheFutureError';
  }
}

/** Opens (creating if needed) the SQLite file and brings it to the latest schema. */
export function openDb(file: string, migrations: readonly string[] = MIGRATIONS): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    createPrivateFile(file); // the station token lives here; SQLite gives -wal and -shm the same mode
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // a kiosk loses power; a committed ticket must survive it
  db.pragma('foreign_keys = ON');
  // Pruned entries are zeroed in the file, not left in free pages (docs/data.md "Kiosk").
  db.pragma('secure_delete = ON');
  try {
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Applies the migrations after PRAGMA user_version, each in its own transaction. */
export function migrate(db: Db, migrations: readonly string[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) throw new StoreFromTheFutureError(current, migrations.length);
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length;
}
