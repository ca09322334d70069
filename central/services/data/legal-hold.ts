import type { HoldLiftRequest, HoldRequest, HoldResult, LegalHold } from '../../../contract/api/data';
import { DoorstepError } from '../../../contract/errors';
import { addDays, serviceDayOf, shanghaiTime } from '../../domain/time';
import type { Queryable } from '../../db/db';
import { newId } from '../../security/secrets';
import { type Ctx, type Principal, requireDistrictAdmin, writeAudit } from '../context';
import { findResident } from './resident-lookup';

// Legal holds (issue 18, docs/data.md): a district admin puts a resident's personal data on hold —
// evidence for a dispute, a complaint under investigation, a court's or an authority's request — with
// a reason and optionally an end day. While the hold is active the retention sweep skips that
// resident's data and an erasure on request erases nothing (and says so). Setting and lifting are
// audited with the reason; a hold row is never deleted, so who held what, when and why stays known.

/**
 * SQL condition: hold `h` is active at the bound time. The caller binds the time for `{NOW}`
 * (the sweep's controlled clock), so a hold whose end day passed stops holding without anyone acting.
 */
export const ACTIVE_HOLD = 'h.lifted_at IS NULL AND (h.until_at IS NULL OR h.until_at > {NOW})';

interface HoldRow {
  id: string;
  reason: string;
  until_at: number | string | null;
  set_by: string;
  set_at: number | string;
  lifted_by: string | null;
  lifted_at: number | string | null;
  lift_reason: string | null;
}

const iso = (ms: unknown) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

function holdOf(r: HoldRow, now: number): LegalHold {
  return {
    id: r.id,
    reason: r.reason,
    setBy: r.set_by,
    setAt: iso(r.set_at)!,
    until: iso(r.until_at),
    liftedBy: r.lifted_by,
    liftedAt: iso(r.lifted_at),
    liftReason: r.lift_reason,
    active: r.lifted_at === null && (r.until_at === null || Number(r.until_at) > now),
  };
}

/** A resident's holds, newest first. */
export async function holdsOf(q: Queryable, residentId: string, now: number): Promise<LegalHold[]> {
  const rows = await q.all<HoldRow>(
    `SELECT id, reason, until_at, set_by, set_at, lifted_by, lifted_at, lift_reason FROM legal_holds
     WHERE resident_id = ? ORDER BY set_at DESC, id DESC`,
    [residentId],
  );
  return rows.map((r) => holdOf(r, now));
}

/** The resident's active hold, if any. */
export async function activeHold(q: Queryable, residentId: string, now: number): Promise<LegalHold | null> {
  return (await holdsOf(q, residentId, now)).find((h) => h.active) ?? null;
}

/** Puts the resident found by ID number on hold (district admin); one active hold per resident. */
export async function setHold(ctx: Ctx, principal: Principal | null, req: HoldRequest): Promise<HoldResult> {
  const p = await requireDistrictAdmin(ctx, principal);
  const now = ctx.clock().getTime();
  // The hold covers the whole of its last day (Asia/Shanghai): it ends at the next midnight.
  const untilAt = req.until === undefined ? null : shanghaiTime(addDays(req.until, 1), 0);
  if (untilAt !== null && (untilAt <= now || serviceDayOf(shanghaiTime(req.until!, 12)) !== req.until)) {
    throw new DoorstepError('VALIDATION_FAILED', 'the hold must end on a real day, today or later', [
      { path: 'until', message: 'a day (YYYY-MM-DD), today or later' },
    ]);
  }
  const r = await findResident(ctx, req.idNumber);
  if (!r) {
    await writeAudit(ctx.db, now, p, 'resident.hold', { type: 'resident', id: 'not-found' }, null, {
      reason: req.reason,
    });
    return { found: false, holds: [] };
  }
  return ctx.db.tx(async (q) => {
    if (await activeHold(q, r.id, now)) {
      throw new DoorstepError('CONFLICT', 'this resident is already under a legal hold; lift it first');
    }
    const id = newId('lh');
    await q.run(
      `INSERT INTO legal_holds (id, resident_id, reason, until_at, set_by, set_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [id, r.id, req.reason, untilAt, p.staff.id, now],
    );
    await writeAudit(q, now, p, 'resident.hold', { type: 'resident', id: r.id }, null, {
      reason: req.reason,
      holdId: id,
      until: iso(untilAt),
    });
    return { found: true, holds: await holdsOf(q, r.id, now) };
  });
}

/** Lifts the resident's active hold (district admin), with the reason. */
export async function liftHold(
  ctx: Ctx,
  principal: Principal | null,
  req: HoldLiftRequest,
): Promise<HoldResult> {
  const p = await requireDistrictAdmin(ctx, principal);
  const now = ctx.clock().getTime();
  const r = await findResident(ctx, req.idNumber);
  if (!r) {
    await writeAudit(ctx.db, now, p, 'resident.hold_lift', { type: 'resident', id: 'not-found' }, null, {
      reason: req.reason,
    });
    return { found: false, holds: [] };
  }
  return ctx.db.tx(async (q) => {
    const hold = await activeHold(q, r.id, now);
    if (!hold) throw new DoorstepError('CONFLICT', 'this resident is not under a legal hold');
    await q.run(
      'UPDATE legal_holds SET lifted_by = ?, lifted_at = ?, lift_reason = ? WHERE id = ? AND lifted_at IS NULL',
      [p.staff.id, now, req.reason, hold.id],
    );
    await writeAudit(q, now, p, 'resident.hold_lift', { type: 'resident', id: r.id }, null, {
      reason: req.reason,
      holdId: hold.id,
    });
    return { found: true, holds: await holdsOf(q, r.id, now) };
  });
}
