import {
  RetentionKind,
  type RetentionSettings,
  type SweepCounts,
  type SweepResult,
} from '../../../contract/api/data';
import type { Db, Param, Queryable } from '../../db/db';

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
  /** SET clause, or null to delete the row. */
  set: string | null;
  /** Milliseconds a row is kept. */
  period(s: RetentionSettings): number;
}

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
    period: (s) => s.residentIdentityDays * DAY,
  },
  {
    kind: 'caseIdentity',
    table: 'video_cases',
    key: 'id',
    due: `created_at < ? AND status IN ('ended', 'missed', 'declined')
      AND (identity_enc IS NOT NULL OR notes <> '${ERASED}')`,
    set: `identity_enc = NULL, notes = '${ERASED}'`,
    period: (s) => s.caseIdentityDays * DAY,
  },
  {
    kind: 'formAnswers',
    table: 'video_forms',
    key: 'case_id',
    due: 'values_enc IS NOT NULL AND answered_at < ?',
    set: 'values_enc = NULL',
    period: (s) => s.formAnswersDays * DAY,
  },
  {
    kind: 'documents',
    table: 'video_documents',
    key: 'id',
    due: `kind = 'photo' AND created_at < ?`,
    set: null,
    period: (s) => s.documentHours * HOUR,
  },
  {
    kind: 'signatures',
    table: 'video_documents',
    key: 'id',
    due: `kind = 'signature' AND created_at < ?`,
    set: null,
    period: (s) => s.signatureDays * DAY,
  },
  {
    kind: 'ratingText',
    table: 'video_ratings',
    key: 'case_id',
    due: `reason IS NOT NULL AND reason <> '${ERASED}' AND created_at < ?`,
    set: `reason = '${ERASED}'`,
    period: (s) => s.ratingTextDays * DAY,
  },
  {
    kind: 'ratingText',
    table: 'video_followups',
    key: 'id',
    due: `status = 'closed' AND reason <> '${ERASED}' AND opened_at < ?`,
    set: `reason = '${ERASED}', resolution = CASE WHEN resolution IS NULL THEN NULL ELSE '${ERASED}' END`,
    period: (s) => s.ratingTextDays * DAY,
  },
  {
    kind: 'auditDetail',
    table: 'audit',
    key: 'id',
    numericKey: true,
    due: 'detail IS NOT NULL AND at < ?',
    set: 'detail = NULL',
    period: (s) => s.auditDetailDays * DAY,
  },
  {
    kind: 'auditDetail',
    table: 'video_audit',
    key: 'id',
    numericKey: true,
    due: 'detail IS NOT NULL AND at < ?',
    set: 'detail = NULL',
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

const cutoffs = (sql: string, cutoff: number): number[] => (sql.match(/\?/g) ?? []).map(() => cutoff);
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** A turn for the requests waiting behind this run (SQLite runs every statement on this thread). */
const yieldTurn = () => new Promise<void>((r) => setImmediate(r));

export async function hasTable(q: Queryable, table: string): Promise<boolean> {
  if (q.kind === 'sqlite') {
    return !!(await q.get("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ?", [table]));
  }
  return !!(await q.get(
    'SELECT 1 AS one FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?',
    [table],
  ));
}

async function countDue(db: Db, rule: Rule, cutoff: number): Promise<number> {
  const r = await db.get<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM ${rule.table} WHERE ${rule.due}`,
    cutoffs(rule.due, cutoff),
  );
  return Number(r?.n ?? 0);
}

/** Erases due rows of one rule batch by batch; returns the rows changed and whether some are left. */
async function sweepRule(
  db: Db,
  rule: Rule,
  cutoff: number,
  s: RetentionSettings,
): Promise<{ n: number; more: boolean }> {
  let cursor: Param = rule.numericKey ? -1 : '';
  let n = 0;
  for (let b = 0; b < s.maxBatches; b++) {
    const keys: Array<{ k: string | number }> = await db.all<{ k: string | number }>(
      `SELECT DISTINCT ${rule.key} AS k FROM ${rule.table} WHERE ${rule.key} > ? AND ${rule.due}
       ORDER BY k LIMIT ?`,
      [cursor, ...cutoffs(rule.due, cutoff), s.batchSize],
    );
    if (keys.length === 0) return { n, more: false };
    const ids: Param[] = keys.map((k) => (rule.numericKey ? Number(k.k) : String(k.k)));
    cursor = ids[ids.length - 1]!;
    // The condition is checked again in the statement itself: a resident who came back between the
    // SELECT and this UPDATE is not due any more.
    const where = `WHERE ${rule.key} IN (${marks(ids.length)}) AND ${rule.due}`;
    const sql = rule.set
      ? `UPDATE ${rule.table} SET ${rule.set} ${where}`
      : `DELETE FROM ${rule.table} ${where}`;
    n += await db.run(sql, [...ids, ...cutoffs(rule.due, cutoff)]);
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
  const counts = Object.fromEntries(RetentionKind.options.map((k) => [k, 0])) as SweepCounts;
  let more = false;
  for (const rule of RULES) {
    if (!(await hasTable(db, rule.table))) continue; // the video tables appear with the video plugin
    const cutoff = now - rule.period(s);
    if (opts.dryRun) counts[rule.kind] += await countDue(db, rule, cutoff);
    else {
      const r = await sweepRule(db, rule, cutoff, s);
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
