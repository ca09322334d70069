import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreBackup } from '../../central/backup';
import type { StartOptions } from '../../central/server';
import { type Client, type Json, type TestCentral, startTestCentral } from '../integration/central/harness';

// Scheduled backups made by central itself, for the integration test and the dashboard's e2e test:
// a central whose scheduler checks every 50 ms and writes to a temporary folder with a fresh key,
// and the checks both tests make on what it wrote.

export interface BackupCentral {
  c: TestCentral;
  /** The backup folder (break() turns it into a file, mend() back into a folder). */
  dir: string;
  key: Buffer;
  /** The backup files in the folder, oldest first. */
  files(): string[];
  /** Restores `file` into a throwaway data folder; the number of staff accounts it holds. */
  restoredStaff(file: string): Promise<number>;
  /** The folder becomes a file: the next backup fails. */
  break(): void;
  mend(): void;
  /** Closes central (unless `closeCentral` is false: it was closed already) and removes the folder. */
  close(closeCentral?: boolean): Promise<void>;
}

export async function startBackupCentral(opts: Partial<StartOptions> = {}): Promise<BackupCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-backups-'));
  const key = randomBytes(32);
  const c = await startTestCentral('sqlite', { backupDir: dir, backupKey: key, backupCheckMs: 50, ...opts });
  return {
    c,
    dir,
    key,
    files: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.backup'))
        .sort(),
    async restoredStaff(file) {
      const target = mkdtempSync(join(tmpdir(), 'doorstep-restored-'));
      try {
        return (await restoreBackup({ dataDir: target }, join(dir, file), key)).counts.staff;
      } finally {
        rmSync(target, { recursive: true, force: true });
      }
    },
    break() {
      rmSync(dir, { recursive: true, force: true });
      writeFileSync(dir, 'not a folder');
    },
    mend() {
      rmSync(dir, { force: true });
      mkdirSync(dir);
    },
    async close(closeCentral = true) {
      if (closeCentral) await c.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until central's backup status satisfies pred (20 s at most). A bounded poll: the scheduler
 * runs on its own timer and tells no one when a backup is done (central/services/data/backups.ts).
 */
export async function backupStatusWhen(staff: Client, pred: (s: Json) => boolean): Promise<Json> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const s = (await staff.get('/api/v1/admin/backups')).body;
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`backup status never matched: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
