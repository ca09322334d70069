import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

describe('throwaway PostgreSQL server', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('accepts connections on loopback and runs a query', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL)');
      await client.query("INSERT INTO t (name) VALUES ('家门口'), ('Doorstep')");
      const r = await client.query<{ n: string; v: string }>('SELECT count(*) AS n, version() AS v FROM t');
      expect(Number(r.rows[0]!.n)).toBe(2);
      expect(r.rows[0]!.v).toMatch(/PostgreSQL/);
    } finally {
      await client.end();
    }
  });

  it('is stopped and its folder deleted afterwards', async () => {
    const other = await startPostgres();
    expect(existsSync(other.dir)).toBe(true);
    await other.stop();
    const client = new pg.Client({ connectionString: other.url, connectionTimeoutMillis: 2000 });
    await expect(client.connect()).rejects.toThrow();
    expect(existsSync(other.dir)).toBe(false);
  });
});
