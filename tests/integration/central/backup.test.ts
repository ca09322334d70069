import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeBackup, restoreBackup } from '../../../central/backup';
import { loadPiiKey, piiCipher } from '../../../central/security/pii';
import { DBS, idNumber, postgresServer, startTestCentral, stopPostgres } from './harness';

// Backup while kiosks keep taking tickets, restore into an empty folder or database, and every ticket
// acknowledged before the backup started is there with its resident's identity still decrypting; a
// backup with one changed byte, made with another key, or from a newer schema is refused.

afterAll(() => stopPostgres());
const key = randomBytes(32);

describe.each(DBS)('backup and restore on %s', (kind) => {
  it('keeps every acknowledged ticket and identity through a backup taken under load', async () => {
    const c = await startTestCentral(kind);
    const work = mkdtempSync(join(tmpdir(), 'doorstep-backup-'));
    try {
      const kiosk = await c.kiosk();
      const acked = new Map<string, string>(); // ticket id → ID number sent
      let n = 0;
      let stop = false;
      const items = ['i-sbk', 'i-jzz', 'i-yb'];
      let twentieth = () => undefined as void;
      const underLoad = new Promise<void>((r) => (twentieth = r));
      const load = (async () => {
        while (!stop && n < 2000) {
          const id = idNumber('19700101', ++n);
          const r = await kiosk.post('/api/v1/tickets', {
            itemId: items[n % items.length],
            channel: 'window',
            idNumber: id,
          });
          if (r.status === 201) acked.set(r.body.id as string, id);
          if (acked.size === 20) twentieth();
        }
      })();
      // The backup starts under load, once 20 tickets are acknowledged (or the load ended short of it).
      await Promise.race([underLoad, load]);
      expect(acked.size).toBeGreaterThanOrEqual(20);
      const before = new Map(acked);
      const file = join(work, 'central.backup');
      const target = kind === 'postgres' ? { databaseUrl: c.databaseUrl } : { dataDir: c.dataDir };
      const manifest = await makeBackup(target, file, key);
      stop = true;
      await load;
      expect(manifest.counts.tickets).toBeGreaterThanOrEqual(before.size);
      expect(readFileSync(file).includes(Buffer.from(before.values().next().value!))).toBe(false);

      // Restore into an empty place, with the PII key the central used.
      const restoredDir = join(work, 'restored');
      let restoreTarget: { dataDir?: string; databaseUrl?: string } = { dataDir: restoredDir };
      spawnSync('mkdir', ['-p', restoredDir]);
      if (kind === 'postgres') {
        const srv = await postgresServer();
        const admin = new pg.Client({ connectionString: srv.url });
        await admin.connect();
        const name = `restored_${process.pid}`;
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        restoreTarget = { databaseUrl: srv.url.replace(/\/postgres$/, `/${name}`) };
      }
      const restored = await restoreBackup(restoreTarget, file, key);
      expect(restored.counts).toEqual(manifest.counts);
      // A second restore into the same place is refused: it is no longer empty.
      await expect(restoreBackup(restoreTarget, file, key)).rejects.toMatchObject({
        code: 'TARGET_NOT_EMPTY',
      });

      const pii = piiCipher(loadPiiKey(join(c.dataDir, 'pii.key'), false));
      const sql = 'SELECT t.id, r.id_enc FROM tickets t JOIN residents r ON r.id = t.resident_id';
      let rows: Array<{ id: string; id_enc: string }>;
      if (kind === 'postgres') {
        const q = new pg.Client({ connectionString: restoreTarget.databaseUrl });
        await q.connect();
        rows = (await q.query(sql)).rows as typeof rows;
        await q.end();
      } else {
        const db = new Database(join(restoredDir, 'central.db'), { readonly: true });
        rows = db.prepare(sql).all() as typeof rows;
        db.close();
      }
      const found = new Map(rows.map((r) => [r.id, pii.decrypt(r.id_enc)]));
      const missing = [...before].filter(([id, idNo]) => found.get(id) !== idNo);
      expect(missing, `${missing.length} of ${before.size} acknowledged tickets missing or wrong`).toEqual(
        [],
      );
      console.log(
        `backup ${kind}: ${before.size} acknowledged before, ${manifest.counts.tickets} in the backup, ${acked.size} at the end of the load`,
      );
    } finally {
      await c.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('a backup that must not be restored', () => {
  it('is refused when a byte changed, with another key, or from a newer schema — and nothing is written', async () => {
    const c = await startTestCentral('sqlite');
    const work = mkdtempSync(join(tmpdir(), 'doorstep-backup-'));
    try {
      const file = join(work, 'b');
      await makeBackup({ dataDir: c.dataDir }, file, key);
      const bytes = readFileSync(file);
      const target = join(work, 'empty');
      spawnSync('mkdir', ['-p', target]);

      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 100]! ^= 0x01;
      writeFileSync(join(work, 'flipped'), flipped);
      await expect(restoreBackup({ dataDir: target }, join(work, 'flipped'), key)).rejects.toMatchObject({
        code: 'BACKUP_TAMPERED',
      });
      await expect(restoreBackup({ dataDir: target }, join(work, 'missing'), key)).rejects.toMatchObject({
        code: 'BACKUP_INVALID',
      });
      await expect(restoreBackup({ dataDir: target }, file, randomBytes(32))).rejects.toMatchObject({
        code: 'BACKUP_WRONG_KEY',
      });
      const text = bytes.toString('latin1');
      const newer = Buffer.from(text.replace(/"schemaVersion":\d+/, '"schemaVersion":9999'), 'latin1');
      writeFileSync(join(work, 'newer'), newer);
      await expect(restoreBackup({ dataDir: target }, join(work, 'newer'), key)).rejects.toMatchObject({
        code: 'BACKUP_FROM_NEWER_SCHEMA',
      });
      // The manifest is authenticated too: an edited counts field is caught at decryption.
      const edited = Buffer.from(
        text.replace(/"tickets":(\d+)/, (_m, d: string) => `"tickets":${Number(d) + 1}`),
        'latin1',
      );
      writeFileSync(join(work, 'edited'), edited);
      await expect(restoreBackup({ dataDir: target }, join(work, 'edited'), key)).rejects.toMatchObject({
        code: 'BACKUP_TAMPERED',
      });
      expect(spawnSync('ls', ['-A', target], { encoding: 'utf8' }).stdout.trim()).toBe('');
      copyFileSync(file, join(work, 'ok'));
      await expect(restoreBackup({ dataDir: target }, join(work, 'ok'), key)).resolves.toBeTruthy();
    } finally {
      await c.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
