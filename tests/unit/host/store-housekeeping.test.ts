import { mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '../../../main/host/store';
import { pruneStore } from '../../../main/host/store/housekeeping';
import { createLogger, dropOldRotation } from '../../../main/host/log';

// The kiosk keeps no personal data beyond what it still has to deliver: delivered outbox entries
// leave the store (and the file), pending ones stay however old, refused ones after a week, tickets
// and print jobs after two days; the rotated log goes after 30 days.

describe('kiosk store housekeeping', () => {
  it('removes delivered entries at once and keeps every pending one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-kiosk-store-'));
    try {
      const store = LocalStore.open(join(dir, 'kiosk.db'));
      const delivered = store.outbox.enqueue({ kind: 'k', path: '/p/1', body: { name: '钱某某DELIVERED' } });
      const pending = store.outbox.enqueue({ kind: 'k', path: '/p/2', body: { name: 'pending' } });
      const refused = store.outbox.enqueue({ kind: 'k', path: '/p/3', body: {} });
      store.outbox.markSent(delivered.seq);
      store.outbox.markRejected(refused.seq, 'bad');
      store.printJobs.create('pj-1', 'ticket', null);
      store.printJobs.update('pj-1', 'printed');

      const now = new Date();
      expect(pruneStore(store, now)).toEqual({ sent: 1, rejected: 0, tickets: 0, printJobs: 0 });
      expect(store.outbox.get(delivered.seq)).toBeUndefined();
      expect(store.outbox.get(pending.seq)).toBeDefined();
      // A week and two days later: the refused entry and the print job go; the pending one stays.
      const later = new Date(now.getTime() + 8 * 86_400_000);
      expect(pruneStore(store, later)).toEqual({ sent: 0, rejected: 1, tickets: 0, printJobs: 1 });
      expect(store.outbox.pending().map((e) => e.seq)).toEqual([pending.seq]);
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      store.close();
      const bytes = Buffer.concat(
        ['kiosk.db', 'kiosk.db-wal']
          .filter((f) => existsSync(join(dir, f)))
          .map((f) => readFileSync(join(dir, f))),
      );
      expect(bytes.includes(Buffer.from('DELIVERED'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drops the rotated log once it is 30 days old', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-kiosk-log-'));
    try {
      const file = join(dir, 'host.log');
      writeFileSync(`${file}.1`, 'old lines\n');
      expect(dropOldRotation(file)).toBe(false);
      const old = new Date(Date.now() - 31 * 86_400_000);
      utimesSync(`${file}.1`, old, old);
      createLogger({ dir }).log('info', 'test', 'started');
      expect(existsSync(`${file}.1`)).toBe(false);
      expect(readFileSync(file, 'utf8')).toContain('started');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
