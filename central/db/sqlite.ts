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
  // WAL checkpoints run on a one-second timer between transactions instead of inside whichever commit
  // crosses the page threshold: many small copies instead of an occasional long stall of the event loop.
  db.pragma('wal_autocheckpoint = 0');
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

  // Group commit: transactions queue up and run one after another inside one outer transaction,
  // each in its own SAVEPOINT (a failing one rolls back alone); the batch commits once, and only then
  // are its callers answered. Under load this turns many commits into a few; statements outside a
  // transaction wait for the batch and run before the next one.
  interface Job {
    fn: (q: Queryable) => Promise<unknown>;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }
  const MAX_BATCH = 32;
  const queue: Job[] = [];
  let inTx = false;
  let idle: Array<() => void> = [];
  const waitTx = () => (inTx ? new Promise<void>((r) => idle.push(r)) : Promise.resolve());
  const outside = <R>(f: () => Promise<R>): Promise<R> => (inTx ? waitTx().then(() => outside(f)) : f());

  async function batch(): Promise<void> {
    inTx = true;
    db.exec('BEGIN IMMEDIATE');
    const done: Array<[Job, unknown]> = [];
    for (let n = 0; n < MAX_BATCH && queue.length; n++) {
      const job = queue.shift()!;
      db.exec('SAVEPOINT job');
      try {
        const result = await job.fn(direct);
        db.exec('RELEASE job');
        done.push([job, result]);
      } catch (err) {
        db.exec('ROLLBACK TO job');
        db.exec('RELEASE job');
        job.reject(err);
      }
    }
    try {
      db.exec('COMMIT');
      for (const [job, result] of done) job.resolve(result);
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const [job] of done) job.reject(err);
    }
    inTx = false;
    const waiting = idle;
    idle = [];
    waiting.forEach((r) => r());
    if (queue.length) setImmediate(startBatch);
  }
  const startBatch = () => {
    if (!inTx && queue.length) void batch();
  };
  const checkpoints = setInterval(() => {
    if (!inTx && db.open) db.pragma('wal_checkpoint(PASSIVE)');
  }, 1000);
  checkpoints.unref();

  function tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (queue.length === 1) setImmediate(startBatch);
    });
  }

  return {
    kind: 'sqlite',
    all: <T = Row>(sql: string, p?: readonly Param[]) => outside(() => direct.all<T>(sql, p)),
    get: <T = Row>(sql: string, p?: readonly Param[]) => outside(() => direct.get<T>(sql, p)),
    // A write outside a transaction is a one-statement transaction: it joins the next group commit.
    run: (sql: string, p?: readonly Param[]) => tx((q) => q.run(sql, p)),
    tx,
    async exec(sql: string) {
      await waitTx();
      db.exec(sql);
    },
    async close() {
      clearInterval(checkpoints);
      while (inTx || queue.length) await new Promise((r) => setImmediate(r));
      db.close();
    },
  };
}
