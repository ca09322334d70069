import { describe, expect, it } from 'vitest';
import { DEFAULT_ORDERING, type Orderable, orderForCall, rankOf } from '../../../central/domain/ordering';

// The one ordering function for "call next" (domain.md): due appointments, then priority, then first
// come; a normal ticket past the starvation limit is ranked like a priority one.

const MIN = 60_000;
const now = 1_000 * MIN;
const t = (
  id: string,
  priority: Orderable['priority'],
  waitedMin: number,
  dueInMin: number | null = null,
): Orderable => ({
  id,
  priority,
  issuedAt: now - waitedMin * MIN,
  dueAt: dueInMin === null ? null : now + dueInMin * MIN,
});

describe('orderForCall', () => {
  it('calls due appointments, then priority, then first come first served', () => {
    const order = orderForCall(
      [
        t('n-old', 'normal', 20),
        t('p', 'priority', 1),
        t('a', 'appointment', 0, -1),
        t('n-new', 'normal', 2),
      ],
      now,
    );
    expect(order.map((x) => x.id)).toEqual(['a', 'p', 'n-old', 'n-new']);
  });

  it('treats an appointment that is not due yet like a normal ticket', () => {
    const early = t('a-early', 'appointment', 5, 20);
    expect(rankOf(early, now)).toBe(DEFAULT_ORDERING.normalRank);
    expect(orderForCall([t('n', 'normal', 10), early], now).map((x) => x.id)).toEqual(['n', 'a-early']);
  });

  it('lifts a normal ticket that waited past the limit above later priority tickets', () => {
    const aged = t('aged', 'normal', 31);
    const order = orderForCall([t('p', 'priority', 5), aged], now);
    expect(order.map((x) => x.id)).toEqual(['aged', 'p']);
    expect(orderForCall([t('p-older', 'priority', 40), aged], now)[0]!.id).toBe('p-older');
  });

  it('follows configured weights', () => {
    const weights = { ...DEFAULT_ORDERING, priorityRank: 2, normalRank: 2, starvationMinutes: 10 };
    const order = orderForCall([t('p', 'priority', 1), t('n', 'normal', 3)], now, weights);
    expect(order.map((x) => x.id)).toEqual(['n', 'p']); // priority switched off: plain arrival order
  });

  it('is a total order: same issue time breaks on sequence number, then id', () => {
    const a = { ...t('b-id', 'normal', 1), seq: 1 };
    const b = { ...t('a-id', 'normal', 1), seq: 2 };
    expect(orderForCall([b, a], now).map((x) => x.id)).toEqual(['b-id', 'a-id']);
    expect(orderForCall([t('y', 'normal', 1), t('x', 'normal', 1)], now).map((x) => x.id)).toEqual([
      'x',
      'y',
    ]);
  });
});

describe('rankSql', () => {
  it('ranks in the database exactly as rankOf does, for any weights', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { rankSql } = await import('../../../central/domain/ordering');
    const db = new Database(':memory:');
    db.exec('CREATE TABLE tickets (id TEXT, priority TEXT, issued_at INTEGER, due_at INTEGER)');
    const tickets: Orderable[] = [];
    const kinds: Orderable['priority'][] = ['normal', 'priority', 'appointment'];
    for (let i = 0; i < 300; i++) {
      const priority = kinds[i % 3]!;
      const x = t(`t${i}`, priority, (i * 7) % 60, priority === 'appointment' ? ((i * 13) % 40) - 20 : null);
      tickets.push(x);
      db.prepare('INSERT INTO tickets VALUES (?, ?, ?, ?)').run(x.id, x.priority, x.issuedAt, x.dueAt);
    }
    for (const w of [
      DEFAULT_ORDERING,
      { ...DEFAULT_ORDERING, agedRank: 0, starvationMinutes: 15, priorityRank: 3 },
    ]) {
      const r = rankSql(now, w);
      const rows = db.prepare(`SELECT id, ${r.sql} AS r FROM tickets`).all(...r.params) as Array<{
        id: string;
        r: number;
      }>;
      for (const row of rows)
        expect(row.r).toBe(
          rankOf(
            tickets.find((x) => x.id === row.id)!,
            now,
            w,
          ),
        );
    }
    db.close();
  });
});
