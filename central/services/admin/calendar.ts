import type { CalendarDay, CalendarImportResult, CalendarQuery } from '../../../contract/api/admin-calendar';
import { DoorstepError } from '../../../contract/errors';
import type { Queryable } from '../../db/db';
import { calendarDayOf } from '../calendar';
import type { Ctx, Principal } from '../context';
import { ensureSlots } from './slots';
import {
  type Admin,
  allCentreIds,
  auditChange,
  configChanged,
  invalid,
  requireAdmin,
  requireDistrict,
} from './common';

// The district calendar for administrators: holidays and make-up working days (district admin),
// closures of a centre (its admins). A day has one state per scope: setting a day that is already in
// another state is refused (remove it first), so an import never silently flips a holiday.

interface CalRow {
  centre_id: string;
  day: string;
  kind: CalendarDay['kind'];
  name_zh: string;
  name_en: string;
}

function checkScope(a: Admin, d: CalendarDay, path: string) {
  if (d.centreId === null) requireDistrict(a);
  else if (!a.centres.has(d.centreId)) throw invalid(`${path}centreId`, `no centre ${d.centreId}`);
}

export async function listCalendar(
  ctx: Ctx,
  principal: Principal | null,
  query: CalendarQuery,
): Promise<CalendarDay[]> {
  const a = await requireAdmin(ctx, principal);
  if (query.centreId && !a.centres.has(query.centreId))
    throw new DoorstepError('NOT_FOUND', `no centre ${query.centreId}`);
  const rows = await ctx.db.all<CalRow>(
    `SELECT * FROM calendar_days ${query.year ? 'WHERE day >= ? AND day <= ?' : ''} ORDER BY day, centre_id`,
    query.year ? [`${query.year}-01-01`, `${query.year}-12-31`] : [],
  );
  return rows
    .map(calendarDayOf)
    .filter((d) => d.centreId === null || a.centres.has(d.centreId))
    .filter((d) => !query.centreId || d.centreId === null || d.centreId === query.centreId);
}

/**
 * Writes days in one transaction after checking them all: the answer names the first bad row
 * (`days.3.kind`), and nothing is written when any is bad.
 */
export async function importCalendar(
  ctx: Ctx,
  principal: Principal | null,
  days: CalendarDay[],
): Promise<CalendarImportResult> {
  const a = await requireAdmin(ctx, principal);
  const now = ctx.clock().getTime();
  const result = await ctx.db.tx(async (q) => {
    const r = await writeDays(q, days, a, 'days.');
    await auditChange(q, now, a, 'calendar.import', { type: 'calendar', id: 'calendar' }, null, null, {
      days: days.length,
    });
    const centres = await configChanged(q, now, await allCentreIds(q), 'calendar', 'calendar');
    return { ...r, centres };
  });
  await ensureSlots(ctx.db, now);
  ctx.hub.notify(result.centres);
  return { imported: result.imported, replaced: result.replaced };
}

export async function writeDays(
  q: Queryable,
  days: CalendarDay[],
  a: Admin | null,
  path: string,
): Promise<{ imported: number; replaced: number }> {
  const seen = new Map<string, { kind: string; index: number }>();
  days.forEach((d, i) => {
    if (a) checkScope(a, d, `${path}${i}.`);
    const key = `${d.centreId ?? ''}|${d.day}`;
    const prev = seen.get(key);
    if (prev && prev.kind !== d.kind) {
      throw invalid(
        `${path}${i}.kind`,
        `${d.day} is both ${prev.kind} (row ${prev.index}) and ${d.kind} (row ${i})`,
      );
    }
    seen.set(key, { kind: d.kind, index: i });
  });
  const existing = new Map(
    (await q.all<CalRow>('SELECT * FROM calendar_days')).map((r) => [`${r.centre_id}|${r.day}`, r]),
  );
  let replaced = 0;
  for (const [i, d] of days.entries()) {
    const cur = existing.get(`${d.centreId ?? ''}|${d.day}`);
    if (cur && cur.kind !== d.kind) {
      throw invalid(
        `${path}${i}.kind`,
        `${d.day} is already a ${cur.kind} day; remove it before making it a ${d.kind} day`,
      );
    }
    if (cur) replaced++;
  }
  for (const d of days) {
    await q.run(
      `INSERT INTO calendar_days (centre_id, day, kind, name_zh, name_en) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (centre_id, day) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en`,
      [d.centreId ?? '', d.day, d.kind, d.name.zh, d.name.en],
    );
  }
  return { imported: days.length - replaced, replaced };
}

export async function removeCalendarDay(
  ctx: Ctx,
  principal: Principal | null,
  day: string,
  centreId: string | null,
): Promise<void> {
  const a = await requireAdmin(ctx, principal);
  if (centreId === null) requireDistrict(a);
  else if (!a.centres.has(centreId)) throw new DoorstepError('NOT_FOUND', `no centre ${centreId}`);
  const now = ctx.clock().getTime();
  const centres = await ctx.db.tx(async (q) => {
    const cur = await q.get<CalRow>('SELECT * FROM calendar_days WHERE centre_id = ? AND day = ?', [
      centreId ?? '',
      day,
    ]);
    if (!cur) throw new DoorstepError('NOT_FOUND', `${day} is not in the calendar`);
    await q.run('DELETE FROM calendar_days WHERE centre_id = ? AND day = ?', [centreId ?? '', day]);
    await auditChange(
      q,
      now,
      a,
      'calendar.remove',
      { type: 'calendar', id: day },
      centreId,
      calendarDayOf(cur),
      null,
    );
    return configChanged(q, now, centreId ? [centreId] : await allCentreIds(q), 'calendar', day);
  });
  await ensureSlots(ctx.db, now);
  ctx.hub.notify(centres);
}
