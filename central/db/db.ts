// One data-access interface over embedded SQLite and PostgreSQL. SQL is written once with `?`
// placeholders and portable types (TEXT, INTEGER/BIGINT as JS numbers, 0/1 booleans, JSON as TEXT);
// the PostgreSQL driver rewrites placeholders. Everything is async so both drivers look the same.

export type Param = string | number | null | boolean;
export type Row = Record<string, unknown>;

export interface Queryable {
  readonly kind: 'sqlite' | 'postgres';
  /** Rows of a SELECT (or of INSERT/UPDATE … RETURNING). */
  all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** First row or undefined. */
  get<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  /** A statement without rows; resolves with the number of rows changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** Runs raw DDL (several statements, no parameters). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  /**
   * Runs fn in one transaction: committed when fn resolves, rolled back when it throws. SQLite
   * transactions are serialized (one writer); PostgreSQL ones run at READ COMMITTED on a pooled client.
   */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: LISTEN on a channel (a dedicated connection); resolves with a function that stops.
   * Lets several central instances sharing one database wake each other's event pumps. The
   * connection is re-established after any loss (a restarted database included); `onRestored` runs
   * each time it listens again, since notifications sent meanwhile are gone.
   */
  listen?(
    channel: string,
    onMessage: (payload: string) => void,
    onRestored?: () => void,
  ): Promise<() => Promise<void>>;
  /**
   * PostgreSQL only: which of the given instance ids still have a connection open to the database.
   * An instance without one is gone (or cut off: then none of its transactions can commit either).
   */
  liveInstances?(ids: readonly string[]): Promise<Set<string>>;
  /** This process's id on the database (PostgreSQL: in every connection's application_name). */
  readonly instance: string;
  close(): Promise<void>;
}

/**
 * True when err says the database is out of reach for now (connection refused, reset or cut, the
 * server shutting down or starting up, too many connections, SQLite busy past its timeout): the
 * request may pass later, so it answers 503 UNAVAILABLE instead of 500.
 */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^08/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300')
    return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))
    return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  // node-postgres reports a dropped socket and a pool wait past connectionTimeoutMillis by message only.
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Connection ended/i.test(
    message,
  );
}

/** True when err is a unique-constraint violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** True when err is PostgreSQL's unique violation of an Idempotency-Key record (see http/idempotency.ts). */
export function isKeyViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === 'idempotency_pkey';
}

export function toBool(v: unknown): boolean {
  return v === 1 || v === true || v === '1';
}

export function jsonOf<T>(v: unknown, fallback: T): T {
  if (typeof v !== 'string' || v === '') return fallback;
  return JSON.parse(v) as T;
}
