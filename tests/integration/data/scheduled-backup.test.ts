import { describe, expect, it } from 'vitest';
import { backupStatusWhen, startBackupCentral } from '../../helpers/backups';

// Scheduled backups run by central itself (a short check interval, a controlled clock): a backup
// each interval, only `keep` generations left in the folder, the last one restorable; the dashboard's
// status says when none is scheduled and when the last attempt failed.

describe('scheduled backups', () => {
  it('keeps the newest generations, restores the last, and warns when a backup is missing or failed', async () => {
    const b = await startBackupCentral();
    const { c } = b;
    try {
      const supervisor = await c.staff('supervisor');
      const admin = await c.staff('admin');
      const first = (await supervisor.get('/api/v1/admin/backups')).body;
      expect(first).toMatchObject({ configured: true, last: null, warning: 'BACKUP_NOT_SCHEDULED' });
      const schedule = { enabled: true, everyHours: 1, keep: 2 };
      expect((await supervisor.put('/api/v1/admin/backups/schedule', schedule)).status).toBe(403);
      expect((await admin.put('/api/v1/admin/backups/schedule', { ...schedule, keep: 0 })).status).toBe(400);
      expect((await admin.put('/api/v1/admin/backups/schedule', schedule)).status).toBe(200);

      let s = await backupStatusWhen(supervisor, (x) => x.last?.ok === true);
      expect(s.warning).toBeNull();
      expect(b.files()).toEqual([s.last.file]);
      for (let i = 0; i < 2; i++) {
        const before = s.last.at;
        c.clock.advance(61);
        s = await backupStatusWhen(supervisor, (x) => x.last?.at !== before && x.last?.ok === true);
      }
      // Three backups made, two kept: the newest.
      expect(b.files()).toHaveLength(2);
      expect(b.files()[1]).toBe(s.last.file);
      expect(await b.restoredStaff(s.last.file)).toBeGreaterThan(0);

      // The folder becomes unusable: the next attempt fails and the status says so.
      b.break();
      const okAt = s.last.at;
      c.clock.advance(61);
      s = await backupStatusWhen(supervisor, (x) => x.last?.ok === false);
      expect(s).toMatchObject({ warning: 'BACKUP_FAILED', lastSuccessAt: okAt });
      expect(s.last.error).toBeTruthy();
    } finally {
      await b.close();
    }
  }, 90_000);
});
