import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import { assertNoIdNumber } from './privacy';

// The outbox: every mutation for central, with an idempotency key, kept until central accepted it
// and replayed strictly in the order it was written (architecture decision 3).

export interface OutboxEntry {
  seq: number;
  idempotencyKey: string;
  kind: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body: unknown;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface NewOutboxEntry {
  kind: string;
  method?: OutboxEntry['method'];
  path: string;
  body: unknown;
  idempotencyKey?: string;
}

interface Row {
  seq: number;
  idempotency_key: string;
  kind: string;
  method: string;
  path: string;
  body: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
}

const fromRow = (r: Row): OutboxEntry => ({
  seq: r.seq,
  idempotencyKey: r.idempotency_key,
  kind: r.kind,
  method: r.method as OutboxEntry['method'],
  path: r.path,
  body: JSON.parse(r.body) as unknown,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
});

export class Outbox {
  constructor(private readonly db: Db) {}

  /** Appends a mutation; refuses a body holding a plaintext ID number. */
  enqueue(entry: NewOutboxEntry): OutboxEntry {
    const key = entry.idempotencyKey ?? randomUUID();
    const body = assertNoIdNumber(JSON.stringify(entry.body ?? {}), `outbox entry ${entry.kind}`);
    const createdAt = new Date().toISOString();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO outbox (idempotency_key, kind, method, path, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(key, entry.kind, entry.method ?? 'POST', entry.path, body, createdAt);
    return this.get(Number(lastInsertRowid))!;
  }

  get(seq: number): OutboxEntry | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE seq = ?').get(seq) as Row | undefined;
    return row && fromRow(row);
  }

  /** Pending entries, oldest first. */
  pending(limit = 100): OutboxEntry[] {
    const rows = this.db
      .prepare(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`)
      .all(limit) as Row[];
    return rows.map(fromRow);
  }

  depth(): number {
    return (
      this.db.prepare(`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }
    ).n;
  }

  markSent(seq: number): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'sent', done_at = ?, attempts = attempts + 1 WHERE seq = ?`)
      .run(new Date().toISOString(), seq);
  }

  /** A try that failed for a reason that may pass (network, 5xx): stays pending, in place. */
  markAttemptFailed(seq: number, error: string): void {
    this.db
      .prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?`)
      .run(error.slice(0, 500), seq);
  }

  /** Central refused it for good (4xx other than a duplicate): kept for the log, no longer replayed. */
  markRejected(seq: number, error: string): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?, done_at = ? WHERE seq = ?`,
      )
      .run(error.slice(0, 500), new Date().toISOString(), seq);
  }

  /** Forgets entries done more than `olderThanMs` ago. */
  prune(olderThanMs = 7 * 24 * 3600_000): number {
    const before = new Date(Date.now() - olderThanMs).toISOString();
    return this.db.prepare(`DELETE FROM outbox WHERE state != 'pending' AND done_at < ?`).run(before).changes;
  }
}
