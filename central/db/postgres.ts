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

export function openPostgres(url: string, poolSize = 20): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  pool.on('error', () => undefined); // an idle client dropped; the pool replaces it
  const base = over(pool);
  return {
    ...base,
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(over(client as unknown as Client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel: string, onMessage: (payload: string) => void) {
      const client = new pg.Client({ connectionString: url, types });
      client.on('error', () => undefined);
      client.on('notification', (n) => {
        if (n.channel === channel) onMessage(n.payload ?? '');
      });
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await pool.end();
    },
  };
}
