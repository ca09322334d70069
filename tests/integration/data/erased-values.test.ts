import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../../central/domain/time';
import { runSweepCommand } from '../../../central/services/data/cli';
import { type Json, idNumber, startTestCentral, stopPostgres } from '../central/harness';

// On PostgreSQL an erased value outlives its row: the sweep's UPDATE leaves the old row version —
// sealed ID number, lookup hash, sealed name — in the table file and the old hash in its index.
// `npm run central -- sweep --compact` (VACUUM FULL) rewrites them, after which a raw
// scan of the table and index files finds none of it, while a resident still within the period is
// found there whole (the scan reads the right files).

afterAll(stopPostgres);

/** The bytes of a table's files on disk: the table, its indexes and its TOAST table (main forks). */
async function tableBytes(url: string, table: string): Promise<Buffer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT'); // what is in shared buffers reaches the files
    const dir = (await client.query('SHOW data_directory')).rows[0].data_directory as string;
    const rels = await client.query(
      `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c
        WHERE c.oid = $1::regclass
           OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = $1::regclass)
           OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = $1::regclass)`,
      [table],
    );
    const parts: Buffer[] = [];
    for (const { path } of rels.rows as Array<{ path: string | null }>) {
      if (!path) continue;
      for (let seg = 0; seg < 100; seg++) {
        const f = join(dir, seg === 0 ? path : `${path}.${seg}`);
        if (!existsSync(f)) break;
        parts.push(readFileSync(f));
      }
    }
    return Buffer.concat(parts);
  } finally {
    await client.end();
  }
}

describe('erased values on PostgreSQL', () => {
  it('stay in old row versions after the sweep, and are in no table file after compacting', async () => {
    const c = await startTestCentral('postgres', { retentionSweepMs: 3_600_000 });
    try {
      const ok = async (r: Promise<{ status: number; body: Json }>, status = 200) => {
        const res = await r;
        if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      };
      c.clock.ms = shanghaiTime('2026-03-02', 9);
      const kiosk = await c.kiosk('s-zhangjiang-1');
      const old = idNumber('19550101', 3);
      const t = await ok(
        kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'window', idNumber: old, name: '周庚辛' }),
        201,
      );
      const agent = await c.staff('agent1');
      await ok(agent.post('/api/v1/agents/me/resume', { centreId: 'c-zhangjiang' }));
      for (const step of ['call', 'start']) await ok(agent.post(`/api/v1/tickets/${t.id}/${step}`, {}));
      await ok(agent.post(`/api/v1/tickets/${t.id}/finish`, { outcome: 'done' }));
      const row = async (id: string) =>
        (await c.central.db.get<Json>('SELECT id_enc, id_hash, name_enc FROM residents WHERE id_hash = ?', [
          c.central.ctx.pii.lookupHash(id),
        ]))!;
      const gone = await row(old);
      // Half a year and more later, a new resident comes; the old one is past the period.
      c.clock.ms = shanghaiTime('2026-09-28', 9);
      const recent = idNumber('19600101', 4);
      await ok(
        kiosk.post('/api/v1/tickets', {
          itemId: 'i-jzz',
          channel: 'window',
          idNumber: recent,
          name: '吴壬癸',
        }),
        201,
      );
      const kept = await row(recent);
      const admin = await c.staff('admin');
      const swept = await ok(admin.post('/api/v1/admin/retention/sweep', {}));
      expect(swept.counts.residentIdentity).toBe(1);
      expect(
        await c.central.db.get('SELECT 1 FROM residents WHERE id_hash = ?', [gone.id_hash]),
      ).toBeUndefined();

      const url = c.databaseUrl!;
      const has = (bytes: Buffer, v: string) => bytes.includes(Buffer.from(v));
      let bytes = await tableBytes(url, 'residents');
      // The sweep alone: the old version is still in the table file (what VACUUM must deal with).
      expect(has(bytes, gone.id_enc)).toBe(true);

      // The maintenance command of docs/data.md, beside the running central.
      expect(await runSweepCommand(['--database-url', url, '--compact'])).toBe(0);
      bytes = await tableBytes(url, 'residents');
      for (const v of [gone.id_enc, gone.id_hash, gone.name_enc]) expect(has(bytes, v)).toBe(false);
      for (const v of [kept.id_enc, kept.id_hash, kept.name_enc]) expect(has(bytes, v)).toBe(true);
      const auditBytes = await tableBytes(url, 'audit');
      expect(has(auditBytes, gone.id_enc)).toBe(false);
    } finally {
      await c.close();
    }
  }, 120_000);
});
