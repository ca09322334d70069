import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { OrderingSettings } from '../../../contract/api/admin';
import { DEFAULT_ORDERING, type Orderable, compareForCall } from '../../../central/domain/ordering';
import type { Ctx } from '../../../central/services/context';
import { aheadOfNewSql } from '../../../central/services/queues';

// The place a new ticket is given when it is issued (counted from index ranges) is the place the one
// ordering function gives it among the tickets already waiting, for any weights.

const MIN = 60_000;
const now = 1_000 * MIN;

describe('aheadOfNewSql', () => {
  it('counts the waiting tickets the call order puts before a new ticket, for any weights', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE tickets (id TEXT, centre_id TEXT, item_id TEXT, channel TEXT, status TEXT,
      priority TEXT, issued_at INTEGER, due_at INTEGER, seq INTEGER)`);
    db.exec(`CREATE INDEX tickets_waiting_rank ON tickets (centre_id, item_id, channel, priority, issued_at)
      WHERE status = 'waiting'`);
    const insert = db.prepare('INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const waiting: Orderable[] = [];
    const kinds: Orderable['priority'][] = ['normal', 'priority', 'appointment'];
    for (let i = 0; i < 400; i++) {
      const priority = kinds[(i * 7) % 3]!;
      // Issue times from 60 minutes ago up to now (some in this very millisecond), due times around now.
      const issuedAt = i % 25 === 0 ? now : now - ((i * 37) % 60) * MIN - (i % 5);
      const dueAt = priority === 'appointment' ? now + (((i * 13) % 40) - 20) * MIN : null;
      const status = i % 9 === 0 ? 'called' : 'waiting';
      const item = i % 11 === 0 ? 'other-item' : 'item';
      insert.run(`t${i}`, 'c', item, 'window', status, priority, issuedAt, dueAt, i + 1);
      if (status === 'waiting' && item === 'item')
        waiting.push({ id: `t${i}`, priority, issuedAt, dueAt, seq: i + 1 });
    }
    const weightings: OrderingSettings[] = [
      DEFAULT_ORDERING,
      { ...DEFAULT_ORDERING, starvationMinutes: 10 },
      { appointmentRank: 2, priorityRank: 1, normalRank: 0, starvationMinutes: 15, agedRank: 3 },
      { appointmentRank: 1, priorityRank: 1, normalRank: 1, starvationMinutes: 30, agedRank: 0 },
      { appointmentRank: 3, priorityRank: 0, normalRank: 2, starvationMinutes: 5, agedRank: 1 },
    ];
    for (const ordering of weightings) {
      const ctx = { settings: { get: () => ({ ordering }) } } as unknown as Ctx;
      for (const [priority, dueAt] of [
        ['priority', null],
        ['normal', null],
        ['appointment', now - MIN],
        ['appointment', now + 10 * MIN],
      ] as const) {
        const mine: Orderable = { id: 'new', priority, issuedAt: now, dueAt, seq: 10_000 };
        const expected = waiting.filter((t) => compareForCall(t, mine, now, ordering) < 0).length;
        const q = aheadOfNewSql(
          ctx,
          { centre_id: 'c', item_id: 'item', channel: 'window', priority, due_at: dueAt },
          now,
        );
        const got = (db.prepare(q.sql).get(...q.params) as { n: number }).n;
        expect({ ordering, priority, dueAt, ahead: got }).toEqual({
          ordering,
          priority,
          dueAt,
          ahead: expected,
        });
      }
    }
  });
});
