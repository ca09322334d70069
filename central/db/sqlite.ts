import Database from 'better-sqlite3';
import type { Db, Param, Queryable, Row } from './db';

// Embedded SQLite (WAL). better-sqlite3 is synchronous, so one statement never interleaves with
// another; a transaction, though, spans awaits, so transactions take a queue and statements issued
// outside a transaction wait while one is open (they would otherwise join it).

const norm = (params: readonly Param[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

export function openSqlite(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const direct: Queryable = {
    kind: 'sqlite',
    async all<T>(sql: string, params: readonly Param[] = []) {
      return stmt(sql).all(...norm(params)) as T[];
    },
    async get<T>(sql: string, params: readonly Param[] = []) {
      const s = stmt(sql);
      return (s.reader ? s.get(...norm(params)) : (s.run(...norm(params)), undefined)) as T | undefined;
    },
    async run(sql: string, params: readonly Param[] = []) {
      const s = stmt(sql);
      if (s.reader) return s.all(...norm(params)).length;
      return s.run(...norm(params)).changes;
    },
    async exec(sql: string) {
      db.exec(sql);
    },
  };

  let chain: Promise<unknown> = Promise.resolve();
  let inTx = false;
  const waitTx = async () => {
    while (inTx) await chain.catch(() => undefined);
  };
  const outside = <R>(f: () => Promise<R>): Promise<R> => (inTx ? waitTx().then(f) : f());

  return {
    kind: 'sqlite',
    all: <T = Row>(sql: string, p?: readonly Param[]) => outside(() => direct.all<T>(sql, p)),
    get: <T = Row>(sql: string, p?: readonly Param[]) => outside(() => direct.get<T>(sql, p)),
    run: (sql: string, p?: readonly Param[]) => outside(() => direct.run(sql, p)),
    tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const next = chain
        .catch(() => undefined)
        .then(async () => {
          inTx = true;
          db.exec('BEGIN IMMEDIATE');
          try {
            const result = await fn(direct);
            db.exec('COMMIT');
            return result;
          } catch (err) {
            if (db.inTransaction) db.exec('ROLLBACK');
            throw err;
          } finally {
            inTx = false;
          }
        });
      chain = next;
      return next;
    },
    async exec(sql: string) {
      await waitTx();
      db.exec(sql);
    },
    async close() {
      await chain.catch(() => undefined);
      db.close();
    },
  };
}
