import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db, Param, Queryable, Row } from './db';

// Embedded SQLite (WAL). better-sqlite3 is synchronous, so one statement never interleaves with
// another; a transaction, though, spans awaits, so transactions take a queue and statements issued
// outside a transaction wait while one is open (they would otherwise join it).

const norm = (params: readonly Param[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

export function openSqlite(file: string): Db {
  const db = openConfigured(file);
  const direct = directQueryable(db);

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
  // Transaction control, prepared once (exec would parse it again on every job).
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const savepoint = db.prepare('SAVEPOINT job');
  const release = db.prepare('RELEASE job');
  const rollbackTo = db.prepare('ROLLBACK TO job');
  const queue: Job[] = [];
  let inTx = false;
  let idle: Array<() => void> = [];
  const waitTx = () => (inTx ? new Promise<void>((r) => idle.push(r)) : Promise.resolve());
  const outside = <R>(f: () => Promise<R>): Promise<R> => (inTx ? waitTx().then(() => outside(f)) : f());

  async function batch(): Promise<void> {
    inTx = true;
    begin.run();
    const done: Array<[Job, unknown]> = [];
    for (let n = 0; n < MAX_BATCH && queue.length; n++) {
      const job = queue.shift()!;
      savepoint.run();
      try {
        const result = await job.fn(direct);
        release.run();
        done.push([job, result]);
      } catch (err) {
        rollbackTo.run();
        release.run();
        job.reject(err);
      }
    }
    try {
      commit.run();
      for (const [job, result] of done) job.resolve(result);
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const [job] of done) job.reject(err);
    }
    inTx = false;
    const waiting = idle;
    idle = [];
    waiting.forEach((r) => r());
    if (quiet === 'asked') letCheckpointFinish();
    if (queue.length) setImmediate(startBatch);
  }
  const startBatch = () => {
    if (!inTx && quiet === null && queue.length) void batch();
  };
  let checkpoints: NodeJS.Timeout | null = null;
  const checkpointHere = () => {
    checkpoints ??= setInterval(() => {
      if (!inTx && db.open) db.pragma('wal_checkpoint(PASSIVE)');
    }, CHECKPOINT_MS);
    checkpoints.unref();
    endQuiet();
  };
  // A PASSIVE checkpoint that runs beside the writer never catches up with a steady stream of
  // commits, and the WAL restarts from its beginning only when it has: under sustained load it would
  // grow all day. When it has grown past WAL_RESTART_FRAMES the checkpointer asks for a quiet moment:
  // batches wait (reads and the event loop do not) while it copies the few frames written since its
  // last pass, and the next batch then restarts the WAL.
  let quiet: null | 'asked' | 'finishing' = null;
  let quietTimer: NodeJS.Timeout | null = null;
  const letCheckpointFinish = () => {
    quiet = 'finishing';
    checkpointer?.finish();
    // Should the worker never answer, writes go on after a moment anyway.
    quietTimer = setTimeout(endQuiet, 2000);
    quietTimer.unref();
  };
  function endQuiet() {
    if (quietTimer) clearTimeout(quietTimer);
    quietTimer = null;
    if (quiet === null) return;
    quiet = null;
    startBatch();
  }
  const checkpointer =
    file === ':memory:'
      ? null
      : startCheckpointer(file, {
          fallback: checkpointHere,
          wantsQuiet() {
            if (quiet !== null) return;
            quiet = 'asked';
            if (!inTx) letCheckpointFinish();
          },
          finished: endQuiet,
        });
  if (!checkpointer) checkpointHere();

  function tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (queue.length === 1) setImmediate(startBatch);
    });
  }

  return {
    kind: 'sqlite',
    // One process owns the file: the instance only tells this process's records apart.
    instance: randomUUID(),
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
      if (checkpoints) clearInterval(checkpoints);
      await checkpointer?.stop();
      endQuiet();
      while (inTx || queue.length) await new Promise((r) => setImmediate(r));
      db.close();
    },
  };
}

/** The connection, set up for a server's load (WAL, checkpoints left to the checkpointer). */
function openConfigured(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // An erased or deleted value is overwritten with zeros in its page, not left in free space where a
  // copy of the file would still show it (the retention sweep and erasure on request, docs/data.md).
  db.pragma('secure_delete = ON');
  // The pages a day of tickets touches (tickets and their indexes, events, idempotency records) stay in
  // this connection's cache instead of being read back from the OS on every statement (default 2 MiB).
  db.pragma('cache_size = -65536');
  // WAL checkpoints run on a one-second timer on a connection of their own in a worker thread, instead
  // of inside whichever commit crosses the page threshold: the copy and its fsyncs never stall the
  // event loop. Where no worker can start, they run on this thread between transactions.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`); // the WAL file is cut back when it restarts
  return db;
}

/** Statements straight on the connection (cached prepared statements), inside or outside a batch. */
function directQueryable(db: Database.Database): Queryable {
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  return {
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
}

const CHECKPOINT_MS = 1000;
/** WAL length (frames of one page) past which the checkpointer asks for a quiet moment: about 16 MiB. */
const WAL_RESTART_FRAMES = 4096;

// The checkpointing worker: its own connection to the file, PASSIVE checkpoints (they never wait for
// readers or the writer). Messages: 'quiet?' (to the main thread: the WAL is long, hold the writes),
// 'finish' (from it: no batch runs now) answered by 'finished' after one more pass, 'stop'. Plain
// CommonJS, evaluated as the worker's script.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('wal_autocheckpoint = 0');
const pass = () => {
  try { return db.pragma('wal_checkpoint(PASSIVE)')[0]; } catch { return null; }
};
let asked = false;
const timer = setInterval(() => {
  if (asked) return;
  const r = pass();
  if (r && r.log > workerData.restartFrames) {
    asked = true;
    parentPort.postMessage('quiet?');
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'finish') {
    pass();
    asked = false;
    parentPort.postMessage('finished');
    return;
  }
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

interface Checkpointer {
  /** No batch runs until `finished` is called back: copy the last frames now. */
  finish(): void;
  stop(): Promise<void>;
}

function startCheckpointer(
  file: string,
  on: { fallback: () => void; wantsQuiet: () => void; finished: () => void },
): Checkpointer | null {
  let worker: Worker;
  try {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(CHECKPOINTER, {
      eval: true,
      execArgv: [],
      workerData: { file, module, everyMs: CHECKPOINT_MS, restartFrames: WAL_RESTART_FRAMES },
    });
  } catch {
    return null;
  }
  worker.unref();
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  worker.on('message', (m) => (m === 'quiet?' ? on.wantsQuiet() : on.finished()));
  // A worker that cannot open the file (or dies) hands checkpoints back to the main thread.
  worker.on('error', on.fallback);
  return {
    finish() {
      if (!exited) worker.postMessage('finish');
      else on.finished();
    },
    async stop() {
      if (!exited) {
        worker.ref(); // keeps the process alive until the worker has closed its connection
        worker.postMessage('stop');
      }
      await gone;
    },
  };
}
