import type { Db, Param, Queryable } from '../db/db';
import { Sealer } from '../video/crypto';
import type { PiiCipher } from './pii';

// `rotate-key`: moves every sealed value to the key ring's current key (re-encrypting, and
// re-hashing resident lookups) in small transactions, so central keeps serving — run with the same
// ring — while it works. A row is rewritten only if it is unchanged since it was read (a resident
// moved by central meanwhile is left to it); done rows are never read again, so an interrupted run
// simply resumes. Each table is walked once in key order: a row that no loaded key opens is counted
// and reported, not retried for ever.

export interface RotateOptions {
  /** Rows per transaction (default 200; video documents, being large, go by a tenth of it). */
  batch?: number;
  now?: () => number;
  progress?: (line: string) => void;
}

export interface RotateResult {
  /** The key everything is now under. */
  keyId: string;
  /** Rows rewritten per table. */
  rewritten: Record<string, number>;
  /** Rows no loaded key could open, per table (left as they were). */
  unreadable: Record<string, number>;
}

/** A table's sealed columns; `hash` (residents) is recomputed from the first column's plain text. */
interface Target {
  table: string;
  /** A unique, orderable key expression (the walk's position). */
  key: string;
  columns: string[];
  kind: 'pii' | 'video';
  batchDivisor?: number;
  hash?: string;
}

const TARGETS: Target[] = [
  { table: 'residents', key: 'id', columns: ['id_enc', 'name_enc'], kind: 'pii', hash: 'id_hash' },
  { table: 'webhooks', key: 'id', columns: ['secret_enc'], kind: 'pii' },
  { table: 'video_cases', key: 'id', columns: ['identity_enc'], kind: 'video' },
  { table: 'video_forms', key: "case_id || '/' || id", columns: ['values_enc'], kind: 'video' },
  { table: 'video_documents', key: 'id', columns: ['data_enc'], kind: 'video', batchDivisor: 10 },
];

type Row = Record<string, string | null> & { k: string };

export async function rotatePiiKey(db: Db, pii: PiiCipher, opts: RotateOptions = {}): Promise<RotateResult> {
  const batch = Math.max(1, opts.batch ?? 200);
  const now = opts.now ?? Date.now;
  const progress = opts.progress ?? (() => undefined);
  const sealer = new Sealer(pii.videoKeys());
  const prefix = { pii: `v2.${pii.keyId}.`, video: `v2:${pii.keyId}:` };
  const result: RotateResult = { keyId: pii.keyId, rewritten: {}, unreadable: {} };
  await audit(db, now(), 'pii.rotate.start', pii.keyId, { keys: pii.keyIds });

  for (const t of TARGETS) {
    const p = prefix[t.kind];
    // "Not yet under the current key": a column that is set and does not start with its prefix.
    const pending = t.columns
      .map((c) => `(${c} IS NOT NULL AND substr(${c}, 1, ${p.length}) <> ?)`)
      .join(' OR ');
    const pendingParams = t.columns.map(() => p);
    let total: number;
    try {
      const r = await db.get<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM ${t.table} WHERE ${pending}`,
        pendingParams,
      );
      total = Number(r?.n ?? 0);
    } catch (err) {
      if (isMissingTable(err)) continue; // the video tables exist once central has run with video
      throw err;
    }
    result.rewritten[t.table] = 0;
    result.unreadable[t.table] = 0;
    progress(`${t.table}: ${total} to re-encrypt`);
    if (total === 0) continue;
    const size = Math.max(1, Math.floor(batch / (t.batchDivisor ?? 1)));
    let after = '';
    let seen = 0;
    // Bounded: each pass moves `after` forward past at least one row, and there are `total` rows
    // (plus any a concurrent writer added under an old key, picked up by the next run).
    for (let pass = 0; pass <= total; pass++) {
      const rows = await db.all<Row>(
        `SELECT ${t.key} AS k, ${[...t.columns, ...(t.hash ? [t.hash] : [])].join(', ')} FROM ${t.table}
         WHERE (${pending}) AND ${t.key} > ? ORDER BY ${t.key} LIMIT ${size}`,
        [...pendingParams, after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.k;
      seen += rows.length;
      const done = await db.tx(async (q) => {
        let n = 0;
        for (const row of rows) {
          const next = reseal(t, row, pii, sealer);
          if (!next) {
            result.unreadable[t.table]!++;
            continue;
          }
          n += await rewrite(q, t, row, next);
        }
        return n;
      });
      result.rewritten[t.table]! += done;
      progress(`${t.table}: ${Math.min(seen, total)}/${total}`);
    }
  }
  await rotateVideoConfig(db, sealer, prefix.video, result);
  await audit(db, now(), 'pii.rotate.finish', pii.keyId, {
    rewritten: result.rewritten,
    unreadable: result.unreadable,
  });
  return result;
}

/** The row's new column values (and hash), or null when no loaded key opens it. */
function reseal(t: Target, row: Row, pii: PiiCipher, sealer: Sealer): Record<string, string | null> | null {
  const out: Record<string, string | null> = {};
  try {
    for (const c of t.columns) {
      const v = row[c];
      if (v === null || v === undefined) out[c] = null;
      else if (t.kind === 'pii') out[c] = pii.encrypt(pii.decrypt(v));
      else out[c] = sealer.seal(sealer.open(v));
      if (t.hash && c === t.columns[0]) out[t.hash] = pii.lookupHash(pii.decrypt(v!));
    }
  } catch {
    return null;
  }
  return out;
}

/** Writes the new values if the row still holds what was read; 1 if it was written. */
async function rewrite(
  q: Queryable,
  t: Target,
  row: Row,
  next: Record<string, string | null>,
): Promise<number> {
  const cols = Object.keys(next);
  const unchanged = t.columns.map((c) => (row[c] === null ? `${c} IS NULL` : `${c} = ?`));
  const params: Param[] = [
    ...cols.map((c) => next[c]!),
    row.k,
    ...t.columns.filter((c) => row[c] !== null).map((c) => row[c]!),
  ];
  return q.run(
    `UPDATE ${t.table} SET ${cols.map((c) => `${c} = ?`).join(', ')}
     WHERE ${t.key} = ? AND ${unchanged.join(' AND ')}`,
    params,
  );
}

/** The TURN secret sits sealed inside the video settings' JSON. */
async function rotateVideoConfig(
  db: Db,
  sealer: Sealer,
  prefix: string,
  result: RotateResult,
): Promise<void> {
  let row: { value: string } | undefined;
  try {
    row = await db.get<{ value: string }>("SELECT value FROM video_config WHERE key = 'video'");
  } catch (err) {
    if (isMissingTable(err)) return;
    throw err;
  }
  if (!row) return;
  const cfg = JSON.parse(row.value) as Record<string, unknown>;
  if (typeof cfg.turnSecret !== 'string' || cfg.turnSecret.startsWith(prefix)) return;
  try {
    cfg.turnSecret = sealer.seal(sealer.open(cfg.turnSecret));
  } catch {
    result.unreadable.video_config = 1;
    return;
  }
  const n = await db.run("UPDATE video_config SET value = ? WHERE key = 'video' AND value = ?", [
    JSON.stringify(cfg),
    row.value,
  ]);
  result.rewritten.video_config = n;
}

async function audit(db: Db, at: number, action: string, keyId: string, detail: object): Promise<void> {
  await db.run(
    `INSERT INTO audit (at, actor_type, actor_id, action, subject_type, subject_id, centre_id, detail)
     VALUES (?, 'system', 'rotate-key', ?, 'pii-key', ?, NULL, ?)`,
    [at, action, keyId, JSON.stringify(detail)],
  );
}

function isMissingTable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '42P01' || /no such table/.test(e.message ?? '');
}
