import type { OrderingSettings } from '../../contract/api/admin';
import { DEFAULT_ORDERING } from '../../contract/call-order';

// "Call next" order: the rule itself is pure and lives in contract/call-order.ts (one owner, shared
// with the front ends); this module adds its SQL form for the database and re-exports the rule.

export {
  DEFAULT_ORDERING,
  type Orderable,
  compareForCall,
  orderForCall,
  rankOf,
} from '../../contract/call-order';

/**
 * The same rank as `rankOf`, as an SQL expression over the tickets table, so the database can count
 * the tickets ahead and pick candidates without loading a whole queue. A unit test keeps the two equal.
 */
export function rankSql(
  now: number,
  w: OrderingSettings = DEFAULT_ORDERING,
): { sql: string; params: number[] } {
  return {
    sql: `(CASE WHEN priority = 'appointment' AND due_at IS NOT NULL AND due_at <= ? THEN ?
      WHEN priority = 'priority' THEN ?
      WHEN issued_at <= ? THEN ? ELSE ? END)`,
    params: [
      now,
      w.appointmentRank,
      w.priorityRank,
      now - w.starvationMinutes * 60_000,
      Math.min(w.agedRank, w.normalRank),
      w.normalRank,
    ],
  };
}
