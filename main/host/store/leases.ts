import type { Db } from './db';

// Number blocks leased from central in advance (LeasedNumberBlock), so window tickets keep coming
// while the central service is unreachable (architecture decision 3). Each number is handed out once:
// taking one is a single UPDATE in a transaction.

export interface LeasedNumberBlock {
  id: string;
  centreId: string;
  /** The service item whose window queue the numbers belong to (central leases per item). */
  itemId: string;
  /** Ticket prefix letter of the window queue (A, B, …). */
  prefix: string;
  /** Asia/Shanghai service day the numbers belong to (YYYY-MM-DD). */
  serviceDay: string;
  firstSeq: number;
  lastSeq: number;
  nextSeq: number;
  expiresAt: string | null;
}

export interface LeasedNumber {
  leaseId: string;
  seq: number;
  /** Prefix + at least three digits (A012). */
  number: string;
  serviceDay: string;
  centreId: string;
  itemId: string;
}

interface Row {
  id: string;
  centre_id: string;
  item_id: string;
  prefix: string;
  service_day: string;
  first_seq: number;
  last_seq: number;
  next_seq: number;
  expires_at: string | null;
}

const fromRow = (r: Row): LeasedNumberBlock => ({
  id: r.id,
  centreId: r.centre_id,
  itemId: r.item_id,
  prefix: r.prefix,
  serviceDay: r.service_day,
  firstSeq: r.first_seq,
  lastSeq: r.last_seq,
  nextSeq: r.next_seq,
  expiresAt: r.expires_at,
});

export function formatTicketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

export class Leases {
  constructor(private readonly db: Db) {}

  /** Stores a block from central; a block already known keeps its progress. */
  add(block: Omit<LeasedNumberBlock, 'nextSeq'> & { nextSeq?: number }): void {
    this.db
      .prepare(
        `INSERT INTO leases (id, centre_id, item_id, prefix, service_day, first_seq, last_seq, next_seq, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(
        block.id,
        block.centreId,
        block.itemId,
        block.prefix,
        block.serviceDay,
        block.firstSeq,
        block.lastSeq,
        block.nextSeq ?? block.firstSeq,
        block.expiresAt,
      );
  }

  /** Numbers still unused for a queue on a service day (and not expired at `now`). */
  remaining(itemId: string, serviceDay: string, now = new Date()): number {
    const row = this.db
      .prepare(
        `SELECT coalesce(sum(last_seq - next_seq + 1), 0) AS n FROM leases
         WHERE item_id = ? AND service_day = ? AND (expires_at IS NULL OR expires_at > ?)`,
      )
      .get(itemId, serviceDay, now.toISOString()) as { n: number };
    return row.n;
  }

  /** Takes the next unused number (lowest block first), or null when the leases are used up. */
  take(itemId: string, serviceDay: string, now = new Date()): LeasedNumber | null {
    return this.db.transaction((): LeasedNumber | null => {
      const row = this.db
        .prepare(
          `SELECT * FROM leases
           WHERE item_id = ? AND service_day = ? AND next_seq <= last_seq
             AND (expires_at IS NULL OR expires_at > ?)
           ORDER BY first_seq LIMIT 1`,
        )
        .get(itemId, serviceDay, now.toISOString()) as Row | undefined;
      if (!row) return null;
      this.db.prepare('UPDATE leases SET next_seq = next_seq + 1 WHERE id = ?').run(row.id);
      return {
        leaseId: row.id,
        seq: row.next_seq,
        number: formatTicketNumber(row.prefix, row.next_seq),
        serviceDay: row.service_day,
        centreId: row.centre_id,
        itemId: row.item_id,
      };
    })();
  }

  all(): LeasedNumberBlock[] {
    return (
      this.db.prepare('SELECT * FROM leases ORDER BY service_day, prefix, first_seq').all() as Row[]
    ).map(fromRow);
  }

  /** Drops blocks of past service days. */
  dropBefore(serviceDay: string): number {
    return this.db.prepare('DELETE FROM leases WHERE service_day < ?').run(serviceDay).changes;
  }
}
