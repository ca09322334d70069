import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreBackup } from '../../../central/backup';
import { type Client, type Json, startTestCentral } from '../central/harness';

// Scheduled backups run by central itself (a short check interval, a controlled clock): a backup
// each interval, only `keep` generations left in the folder, the last one restorable; the dashboard's
// status says when none is scheduled and when the last attempt failed.

/** Waits (bounded) until the backup status satisfies pred; the scheduler runs on its own timer. */
async function statusWhen(staff: Client, pred: (s: Json) => boolean): Promise<Json> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const s = (await staff.get('/api/v1/admin/backups')).body;
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`backup status never matched: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('scheduled backups', () => {
  it('keeps the newest generations, restores the last, and warns when a backup is missing or failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-backups-'));
    const key = randomBytes(32);
    const c = await startTestCentral('sqlite', { backupDir: dir, backupKey: key, backupCheckMs: 50 });
    try {
      const supervisor = await c.staff('supervisor');
      const admin = await c.staff('admin');
      const first = (await supervisor.get('/api/v1/admin/backups')).body;
      expect(first).toMatchObject({ configured: true, last: null, warning: 'BACKUP_NOT_SCHEDULED' });
      const schedule = { enabled: true, everyHours: 1, keep: 2 };
      expect((await supervisor.put('/api/v1/admin/backups/schedule', schedule)).status).toBe(403);
      expect((await admin.put('/api/v1/admin/backups/schedule', { ...schedule, keep: 0 })).status).toBe(400);
      expect((await admin.put('/api/v1/admin/backups/schedule', schedule)).status).toBe(200);

      const files = () =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.backup'))
          .sort();
      let s = await statusWhen(supervisor, (x) => x.last?.ok === true);
      expect(s.warning).toBeNull();
      expect(files()).toEqual([s.last.file]);
      for (let i = 0; i < 2; i++) {
        const before = s.last.at;
        c.clock.advance(61);
        s = await statusWhen(supervisor, (x) => x.last?.at !== before && x.last?.ok === true);
      }
      // Three backups made, two kept: the newest.
      expect(files()).toHaveLength(2);
      expect(files()[1]).toBe(s.last.file);
      const target = mkdtempSync(join(tmpdir(), 'doorstep-restored-'));
      try {
        const restored = await restoreBackup({ dataDir: target }, join(dir, s.last.file), key);
        expect(restored.counts.staff).toBeGreaterThan(0);
      } finally {
        rmSync(target, { recursive: true, force: true });
      }

      // The folder becomes unusable: the next attempt fails and the status says so.
      rmSync(dir, { recursive: true, force: true });
      writeFileSync(dir, 'not a folder');
      const okAt = s.last.at;
      c.clock.advance(61);
      s = await statusWhen(supervisor, (x) => x.last?.ok === false);
      expect(s).toMatchObject({ warning: 'BACKUP_FAILED', lastSuccessAt: okAt });
      expect(s.last.error).toBeTruthy();
    } finally {
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
