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

const rewritten = new Map<string, string>();
const sqlOf = (sql: string) => {
  let s = rewritten.get(sql);
  if (s === undefined) {
    s = dollar(sql);
    rewritten.set(sql, s);
  }
  return s;
};

function over(client: { query: pg.Pool['query'] }): Queryable {
  return {
    kind: 'postgres',
    async all<T = Row>(sql: string, params: readonly Param[] = []) {
      return (await client.query(sqlOf(sql), params as Param[])).rows as T[];
    },
    async get<T = Row>(sql: string, params: readonly Param[] = []) {
      return (await client.query(sqlOf(sql), params as Param[])).rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly Param[] = []) {
      return (await client.query(sqlOf(sql), params as Param[])).rowCount ?? 0;
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
        const result = await fn(over(client as unknown as { query: pg.Pool['query'] }));
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
