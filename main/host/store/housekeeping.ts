import type { LocalStore } from './index';

// The kiosk keeps no personal data beyond what it still has to deliver (issue 18, docs/data.md):
// delivered outbox entries go at the next pass, refused ones after a week (the technician reads why),
// issued tickets and print jobs after two days (reprints and status are for the same or next day).
// Bounded by age, so a kiosk offline for long keeps every pending entry and nothing else grows.

export interface StoreBounds {
  /** Delivered outbox entries are kept this long (default 0: removed at the next pass). */
  sentMs: number;
  rejectedMs: number;
  ticketsMs: number;
  printJobsMs: number;
}

const DAY = 86_400_000;
export const STORE_BOUNDS: StoreBounds = {
  sentMs: 0,
  rejectedMs: 7 * DAY,
  ticketsMs: 2 * DAY,
  printJobsMs: 2 * DAY,
};

export interface Pruned {
  sent: number;
  rejected: number;
  tickets: number;
  printJobs: number;
}

export function pruneStore(store: LocalStore, now = new Date(), b: StoreBounds = STORE_BOUNDS): Pruned {
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const db = store.db;
  return db.transaction(() => ({
    sent: db.prepare(`DELETE FROM outbox WHERE state = 'sent' AND done_at <= ?`).run(before(b.sentMs))
      .changes,
    rejected: db
      .prepare(`DELETE FROM outbox WHERE state = 'rejected' AND done_at <= ?`)
      .run(before(b.rejectedMs)).changes,
    // An offline ticket whose upload is still in the outbox is kept: the upload's answer is matched to it.
    tickets: db
      .prepare(
        `DELETE FROM tickets WHERE created_at <= ? AND NOT (offline = 1 AND EXISTS
           (SELECT 1 FROM outbox WHERE state = 'pending' AND path = '/api/v1/leases/upload'))`,
      )
      .run(before(b.ticketsMs)).changes,
    printJobs: db
      .prepare(`DELETE FROM print_jobs WHERE state IN ('printed', 'failed') AND updated_at <= ?`)
      .run(before(b.printJobsMs)).changes,
  }))();
}
