import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBackup, restoreBackup } from '../../../central/backup';
import { startTestCentral } from '../central/harness';

// A SQLite backup of a database larger than one copy step finishes while central keeps writing, and
// holds exactly the rows written before it began. (SQLite restarts an online backup whenever another
// connection writes between steps: without a snapshot held for the copy, a steady load of issues kept
// a backup of a million tickets from ever finishing — found by bench/backup.bench.ts.)

describe('a SQLite backup under steady writes', () => {
  it('finishes and holds the snapshot of when it began', async () => {
    const c = await startTestCentral('sqlite');
    const out = mkdtempSync(join(tmpdir(), 'doorstep-backup-writes-'));
    const restored = mkdtempSync(join(tmpdir(), 'doorstep-backup-writes-restored-'));
    let writer: NodeJS.Timeout | undefined;
    try {
      const db = c.central.db;
      const detail = JSON.stringify({ filler: 'x'.repeat(400) });
      const row = (i: number) => [Date.now(), 'system', 'bench', 'filler', 'none', `f-${i}`, null, detail];
      // ~8 MB: several steps of the backup's 1,000 pages.
      await db.tx(async (q) => {
        for (let i = 0; i < 16_000; i += 500) {
          const rows = Array.from({ length: 500 }, (_, k) => row(i + k));
          await q.run(
            `INSERT INTO audit (at, actor_type, actor_id, action, subject_type, subject_id, centre_id, detail) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
            rows.flat(),
          );
        }
      });
      const before = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit'))!.n;
      let written = 0;
      writer = setInterval(() => {
        void db.run(
          'INSERT INTO audit (at, actor_type, actor_id, action, subject_type, subject_id, centre_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          row(1_000_000 + written++),
        );
      }, 1);
      const key = randomBytes(32);
      const file = join(out, 'central.backup');
      const manifest = await makeBackup({ dataDir: c.dataDir }, file, key);
      clearInterval(writer);
      expect(written).toBeGreaterThan(0);
      // The snapshot is taken as the backup starts, before the writer's next turn.
      expect(manifest.counts.audit).toBe(before);
      const back = await restoreBackup({ dataDir: restored }, file, key);
      expect(back.counts.audit).toBe(manifest.counts.audit);
    } finally {
      clearInterval(writer);
      await c.close();
      rmSync(out, { recursive: true, force: true });
      rmSync(restored, { recursive: true, force: true });
    }
  }, 60_000);
});
