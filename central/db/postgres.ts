import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Db, Param, Queryable, Row } from './db';

// PostgreSQL through a pool. BIGINT (int8) and NUMERIC come back as JS numbers: our values (epoch
// milliseconds, counters, event ids) stay far below 2^53.

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Rewrites `?` placeholders to `$1…$n` (our SQL has no `?` inside string literals). */
function dollar(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

// Every statement is prepared once per pooled connection under a name of its own (parse and plan
// once, then only bind and execute): this process's SQL is a fixed set of texts. Past MAX_NAMED
// distinct texts (SQL built with a varying number of rows) the rest run unnamed.
const MAX_NAMED = 2000;
const prepared = new Map<string, { text: string; name?: string }>();
const statementOf = (sql: string) => {
  let s = prepared.get(sql);
  if (s === undefined) {
    s = { text: dollar(sql), name: prepared.size < MAX_NAMED ? `d${prepared.size}` : undefined };
    prepared.set(sql, s);
  }
  return s;
};

type Client = { query: pg.Pool['query'] };

async function query(client: Client, sql: string, params: readonly Param[]): Promise<pg.QueryResult> {
  const s = statementOf(sql);
  try {
    return await client.query({ text: s.text, name: s.name, values: params as Param[] });
  } catch (err) {
    // A prepared SELECT * whose table gained a column (another instance migrated): run it unnamed.
    if (s.name && (err as { code?: string }).code === '0A000') {
      return client.query({ text: s.text, values: params as Param[] });
    }
    throw err;
  }
}

function over(client: Client): Queryable {
  return {
    kind: 'postgres',
    async all<T = Row>(sql: string, params: readonly Param[] = []) {
      return (await query(client, sql, params)).rows as T[];
    },
    async get<T = Row>(sql: string, params: readonly Param[] = []) {
      return (await query(client, sql, params)).rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly Param[] = []) {
      return (await query(client, sql, params)).rowCount ?? 0;
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** How long a request waits for a pooled connection before it answers 503 (the database is away). */
const CONNECT_TIMEOUT_MS = 5000;
/** Re-listen delays after the listening connection is lost: short first, then every 2 s. */
const RELISTEN_MS = [100, 250, 500, 1000, 2000];

const appName = (instance: string) => `doorstep:${instance}`;

export function openPostgres(url: string, poolSize = 20): Db {
  // Every connection of this process carries the instance id in application_name: another instance
  // tells from pg_stat_activity whether this one is still alive (see liveInstances).
  const instance = randomUUID();
  const settings = {
    connectionString: url,
    types,
    application_name: appName(instance),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
  const pool = new pg.Pool({ ...settings, max: poolSize });
  pool.on('error', () => undefined); // an idle client dropped; the pool replaces it
  const base = over(pool);
  let closed = false;
  return {
    ...base,
    instance,
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A connection held across the statements of a transaction has no pool listener: without one
      // of its own, the socket dropping (a database restart) is an unhandled 'error' event that ends
      // the process. The failed statement rejects anyway; the broken client leaves the pool.
      let broken: Error | undefined;
      const onError = (err: Error) => (broken ??= err);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(over(client as unknown as Client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken ??= e));
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async listen(channel: string, onMessage: (payload: string) => void, onRestored?: () => void) {
      let client: pg.Client | null = null;
      let stopped = false;
      let attempt = 0;
      let timer: NodeJS.Timeout | null = null;
      const connect = async (): Promise<void> => {
        const c = new pg.Client(settings);
        client = c;
        let lost = false;
        const onLost = () => {
          if (lost) return;
          lost = true;
          void c.end().catch(() => undefined);
          if (stopped || closed) return;
          const wait = RELISTEN_MS[Math.min(attempt++, RELISTEN_MS.length - 1)]!;
          timer = setTimeout(() => {
            timer = null;
            if (stopped || closed) return;
            connect().then(
              () => {
                attempt = 0;
                onRestored?.();
              },
              () => undefined, // onLost has scheduled the next attempt
            );
          }, wait);
        };
        c.on('error', onLost);
        c.on('end', onLost);
        c.on('notification', (n) => {
          if (n.channel === channel) onMessage(n.payload ?? '');
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
        } catch (err) {
          onLost();
          throw err;
        }
      };
      try {
        await connect();
      } catch (err) {
        stopped = true;
        if (timer) clearTimeout(timer);
        throw err;
      }
      return async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await (client as pg.Client | null)?.end().catch(() => undefined);
      };
    },
    async liveInstances(ids: readonly string[]) {
      if (ids.length === 0) return new Set<string>();
      const rows = await base.all<{ name: string }>(
        `SELECT DISTINCT application_name AS name FROM pg_stat_activity WHERE application_name IN (${ids.map(() => '?').join(', ')})`,
        ids.map(appName),
      );
      return new Set(rows.map((r) => r.name.slice('doorstep:'.length)));
    },
    async close() {
      closed = true;
      await pool.end();
    },
  };
}
