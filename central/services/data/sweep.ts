import {
  RetentionKind,
  type RetentionSettings,
  type SweepCounts,
  type SweepResult,
} from '../../../contract/api/data';
import type { Db, Param, Queryable } from '../../db/db';
import { ACTIVE_HOLD } from './legal-hold';

// The retention sweep (issue 18): every kind of personal data past its period is erased — a marker or
// nothing stays in its place — while what reports count (item, times, outcome, station, the resident
// row that links a matter's visits) stays. Bounded: each batch is one short statement on at most
// batchSize rows found by a keyset cursor, with a turn for other work between batches, and a run stops
// after maxBatches per kind (the next run goes on). Idempotent: a row already erased is not due again.

/** What an erased free-text field holds instead (the sealed columns become NULL). */
export const ERASED = '[erased]';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface Rule {
  kind: RetentionKind;
  table: string;
  /** The column the cursor runs over (unique or grouping); numeric keys start below every id. */
  key: string;
  numericKey?: boolean;
  /** The condition that makes a row due; each `?` is the cutoff time. */
  due: string;
  /**
   * The condition that makes a row belong to a resident under an active legal hold (`{NOW}` is the
   * run's time): such rows are kept however old, and counted as "held". None: never held.
   */
  held?: string;
  /** SET clause, or null to delete the row. */
  set: string | null;
  /** Milliseconds a row is kept. */
  period(s: RetentionSettings): number;
}

// A legal hold (./legal-hold.ts) covers the resident's identity, their video cases with the cases'
// forms, documents, rating and follow-up, and the detail of the audit entries about the resident or
// the cases. Aliases h/ht/hk stay apart from the rules' own.
const HELD_RESIDENTS = `SELECT h.resident_id FROM legal_holds h WHERE ${ACTIVE_HOLD}`;
const HELD_TICKETS = `SELECT ht.id FROM tickets ht JOIN legal_holds h ON h.resident_id = ht.resident_id
  WHERE ${ACTIVE_HOLD}`;
const HELD_CASES = `SELECT hk.id FROM video_cases hk WHERE hk.ticket_id IN (${HELD_TICKETS})`;
const heldCase = (table: string) => `${table}.case_id IN (${HELD_CASES})`;

// Tickets still open or issued after the cutoff, and bookings after it, keep a resident's identity:
// the no-show rule, check-in by ID card and the 办理时限 report need it until the last contact ages out.
export const RULES: readonly Rule[] = [
  {
    kind: 'residentIdentity',
    table: 'residents',
    key: 'id',
    due: `residents.id_enc <> '${ERASED}' AND residents.created_at < ?
      AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.resident_id = residents.id
        AND (t.issued_at >= ? OR t.status IN ('waiting', 'called', 'serving')))
      AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.resident_id = residents.id AND a.starts_at >= ?)`,
    set: `id_hash = 'erased:' || id, id_enc = '${ERASED}', name_enc = NULL, birth_date = NULL`,
    held: `residents.id IN (${HELD_RESIDENTS})`,
    period: (s) => s.residentIdentityDays * DAY,
  },
  {
    kind: 'caseIdentity',
    table: 'video_cases',
    key: 'id',
    due: `created_at < ? AND status IN ('ended', 'missed', 'declined')
      AND (identity_enc IS NOT NULL OR notes <> '${ERASED}')`,
    set: `identity_enc = NULL, notes = '${ERASED}'`,
    held: `video_cases.ticket_id IN (${HELD_TICKETS})`,
    period: (s) => s.caseIdentityDays * DAY,
  },
  {
    kind: 'formAnswers',
    table: 'video_forms',
    key: 'case_id',
    due: 'values_enc IS NOT NULL AND answered_at < ?',
    set: 'values_enc = NULL',
    held: heldCase('video_forms'),
    period: (s) => s.formAnswersDays * DAY,
  },
  {
    kind: 'documents',
    table: 'video_documents',
    key: 'id',
    due: `kind = 'photo' AND created_at < ?`,
    set: null,
    held: heldCase('video_documents'),
    period: (s) => s.documentHours * HOUR,
  },
  {
    kind: 'signatures',
    table: 'video_documents',
    key: 'id',
    due: `kind = 'signature' AND created_at < ?`,
    set: null,
    held: heldCase('video_documents'),
    period: (s) => s.signatureDays * DAY,
  },
  {
    kind: 'ratingText',
    table: 'video_ratings',
    key: 'case_id',
    due: `reason IS NOT NULL AND reason <> '${ERASED}' AND created_at < ?`,
    set: `reason = '${ERASED}'`,
    held: heldCase('video_ratings'),
    period: (s) => s.ratingTextDays * DAY,
  },
  {
    kind: 'ratingText',
    table: 'video_followups',
    key: 'id',
    due: `status = 'closed' AND reason <> '${ERASED}' AND opened_at < ?`,
    set: `reason = '${ERASED}', resolution = CASE WHEN resolution IS NULL THEN NULL ELSE '${ERASED}' END`,
    held: heldCase('video_followups'),
    period: (s) => s.ratingTextDays * DAY,
  },
  {
    kind: 'auditDetail',
    table: 'audit',
    key: 'id',
    numericKey: true,
    due: 'detail IS NOT NULL AND at < ?',
    set: 'detail = NULL',
    held: `audit.subject_type = 'resident' AND audit.subject_id IN (${HELD_RESIDENTS})`,
    period: (s) => s.auditDetailDays * DAY,
  },
  {
    kind: 'auditDetail',
    table: 'video_audit',
    key: 'id',
    numericKey: true,
    due: 'detail IS NOT NULL AND at < ?',
    set: 'detail = NULL',
    held: heldCase('video_audit'),
    period: (s) => s.auditDetailDays * DAY,
  },
  {
    // Kept for retries only (central/http/idempotency.ts); the hourly housekeeping deletes them too.
    kind: 'requestRecords',
    table: 'idempotency',
    key: 'key',
    due: 'created_at < ?',
    set: null,
    period: () => 7 * DAY,
  },
];

/** A rule's condition as SQL with its parameters: each `?` is the cutoff, each `{NOW}` the run's time. */
interface Cond {
  sql: string;
  params: number[];
}
function bind(template: string, cutoff: number, now: number): Cond {
  const params = (template.match(/\?|\{NOW\}/g) ?? []).map((m) => (m === '?' ? cutoff : now));
  return { sql: template.replace(/\{NOW\}/g, '?'), params };
}
/** What a run erases of a rule: its due rows, less those under a hold when any hold is active. */
const dueOf = (rule: Rule, holds: boolean): string =>
  holds && rule.held ? `(${rule.due}) AND NOT (${rule.held})` : rule.due;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** A turn for the requests waiting behind this run (SQLite runs every statement on this thread). */
const yieldTurn = () => new Promise<void>((r) => setImmediate(r));

async function anyActiveHold(db: Db, now: number): Promise<boolean> {
  if (!(await hasTable(db, 'legal_holds'))) return false;
  const c = bind(`SELECT 1 AS one FROM legal_holds h WHERE ${ACTIVE_HOLD} LIMIT 1`, 0, now);
  return !!(await db.get(c.sql, c.params));
}

export async function hasTable(q: Queryable, table: string): Promise<boolean> {
  if (q.kind === 'sqlite') {
    return !!(await q.get("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ?", [table]));
  }
  return !!(await q.get(
    'SELECT 1 AS one FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?',
    [table],
  ));
}

async function count(db: Db, table: string, c: Cond): Promise<number> {
  const r = await db.get<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM ${table} WHERE ${c.sql}`,
    c.params,
  );
  return Number(r?.n ?? 0);
}

/** Erases due rows of one rule batch by batch; returns the rows changed and whether some are left. */
async function sweepRule(
  db: Db,
  rule: Rule,
  due: Cond,
  s: RetentionSettings,
): Promise<{ n: number; more: boolean }> {
  let cursor: Param = rule.numericKey ? -1 : '';
  let n = 0;
  for (let b = 0; b < s.maxBatches; b++) {
    const keys: Array<{ k: string | number }> = await db.all<{ k: string | number }>(
      `SELECT DISTINCT ${rule.key} AS k FROM ${rule.table} WHERE ${rule.key} > ? AND ${due.sql}
       ORDER BY k LIMIT ?`,
      [cursor, ...due.params, s.batchSize],
    );
    if (keys.length === 0) return { n, more: false };
    const ids: Param[] = keys.map((k) => (rule.numericKey ? Number(k.k) : String(k.k)));
    cursor = ids[ids.length - 1]!;
    // The condition is checked again in the statement itself: a resident who came back between the
    // SELECT and this UPDATE is not due any more (nor one put on hold meanwhile).
    const where = `WHERE ${rule.key} IN (${marks(ids.length)}) AND ${due.sql}`;
    const sql = rule.set
      ? `UPDATE ${rule.table} SET ${rule.set} ${where}`
      : `DELETE FROM ${rule.table} ${where}`;
    n += await db.run(sql, [...ids, ...due.params]);
    if (keys.length < s.batchSize) return { n, more: false };
    await yieldTurn();
  }
  return { n, more: true };
}

export interface SweepOptions {
  dryRun?: boolean;
  /** Who started it, for the audit ('schedule', 'cli' or a staff id). */
  by: string;
}

/** One sweep run at `now`: erases (or, dry, counts) what is due, audits the run with its counts. */
export async function runSweep(
  db: Db,
  now: number,
  s: RetentionSettings,
  opts: SweepOptions,
): Promise<SweepResult> {
  const started = Date.now();
  const zero = () => Object.fromEntries(RetentionKind.options.map((k) => [k, 0])) as SweepCounts;
  const counts = zero();
  const held = zero();
  let more = false;
  // Holds are rare: without an active one the rules run as they are (no hold condition to evaluate).
  const holds = await anyActiveHold(db, now);
  for (const rule of RULES) {
    if (!(await hasTable(db, rule.table))) continue; // the video tables appear with the video plugin
    const cutoff = now - rule.period(s);
    const due = bind(dueOf(rule, holds), cutoff, now);
    if (holds && rule.held) {
      held[rule.kind] += await count(db, rule.table, bind(`(${rule.due}) AND (${rule.held})`, cutoff, now));
    }
    if (opts.dryRun) counts[rule.kind] += await count(db, rule.table, due);
    else {
      const r = await sweepRule(db, rule, due, s);
      counts[rule.kind] += r.n;
      more ||= r.more;
    }
  }
  const erased = Object.values(counts).some((n) => n > 0);
  if (!opts.dryRun && erased) await settleErasure(db);
  const result: SweepResult = {
    at: new Date(now).toISOString(),
    dryRun: !!opts.dryRun,
    counts,
    more,
    ms: Date.now() - started,
    held,
  };
  await db.run(
    `INSERT INTO audit (at, actor_type, actor_id, action, subject_type, subject_id, centre_id, detail)
     VALUES (?, 'system', ?, ?, 'settings', 'retention', NULL, ?)`,
    [now, opts.by, opts.dryRun ? 'retention.sweep_dry_run' : 'retention.sweep', JSON.stringify(result)],
  );
  return result;
}

/**
 * After an erasure on SQLite: the WAL still holds the pages as they were before it, so they are
 * copied into the database file and the WAL is cut to nothing (secure_delete, set when the file is
 * opened, has already zeroed the space the old values took in the pages). PostgreSQL keeps old row
 * versions until VACUUM reuses their space (docs/data.md).
 */
export async function settleErasure(db: Db): Promise<void> {
  if (db.kind === 'sqlite') await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
}

/** The last sweep runs, newest first, from the audit log. */
export async function sweepRuns(db: Queryable, limit = 20): Promise<SweepResult[]> {
  const rows = await db.all<{ detail: string | null }>(
    `SELECT detail FROM audit WHERE action IN ('retention.sweep', 'retention.sweep_dry_run')
       AND subject_id = 'retention' ORDER BY id DESC LIMIT ?`,
    [limit],
  );
  return rows.flatMap((r) => (r.detail ? [JSON.parse(r.detail) as SweepResult] : []));
}
