import type { CalendarDay } from '../../contract/api/admin-calendar';
import type { Deadline, OpenToday } from '../../contract/api/admin-calendar';
import type { ServiceItem } from '../../contract/catalog';
import type { OpeningHours } from '../../contract/api/admin-places';
import { DoorstepError } from '../../contract/errors';
import type { Queryable } from '../db/db';
import { jsonOf } from '../db/db';
import { serviceDayOf } from '../domain/time';
import {
  type CalendarEntry,
  type WorkingCalendar,
  addWorkingDays,
  nextOpening,
  openingOn,
} from '../domain/working-days';

// The district calendar in the database (calendar_days: centre_id '' for district-wide days) and
// the questions other services ask of it: working days for deadlines, a centre's opening on a day.

interface CalRow {
  centre_id: string;
  day: string;
  kind: CalendarDay['kind'];
  name_zh: string;
  name_en: string;
}

export const calendarDayOf = (r: CalRow): CalendarDay => ({
  day: r.day,
  kind: r.kind,
  name: { zh: r.name_zh, en: r.name_en },
  centreId: r.centre_id === '' ? null : r.centre_id,
});

/** The whole calendar (a few dozen rows a year per district; closures are rare). */
export async function loadCalendar(q: Queryable): Promise<WorkingCalendar> {
  const rows = await q.all<CalRow>('SELECT * FROM calendar_days');
  const district = new Map<string, CalendarEntry>();
  const closures = new Map<string, CalendarEntry>();
  for (const r of rows) {
    const e = { kind: r.kind, name: { zh: r.name_zh, en: r.name_en } };
    if (r.centre_id === '') district.set(r.day, e);
    else closures.set(`${r.centre_id}|${r.day}`, e);
  }
  return { district, closures };
}

/** The deadline of a time limit of `days` working days starting on the day of `at` (办理时限). */
export async function deadlineOf(q: Queryable, at: number, days: number): Promise<string> {
  return addWorkingDays(serviceDayOf(at), days, await loadCalendar(q));
}

/** Both time limits of an item (承诺 / 法定时限) for a matter begun at `at`, as last working days. */
export async function itemDeadline(q: Queryable, item: ServiceItem, at: number): Promise<Deadline> {
  const cal = await loadCalendar(q);
  const from = serviceDayOf(at);
  return {
    itemId: item.id,
    from,
    promisedLimitDays: item.promisedLimitDays,
    legalLimitDays: item.legalLimitDays,
    promisedDue: addWorkingDays(from, item.promisedLimitDays, cal),
    legalDue: addWorkingDays(from, item.legalLimitDays, cal),
  };
}

export async function centreHours(q: Queryable, centreId: string): Promise<OpeningHours> {
  const row = await q.get<{ opening_hours: string }>('SELECT opening_hours FROM centres WHERE id = ?', [
    centreId,
  ]);
  if (!row) throw new DoorstepError('NOT_FOUND', `no centre ${centreId}`);
  return jsonOf<OpeningHours>(row.opening_hours, {});
}

/** Is the centre open today (the kiosk's 今日休息 / closed today), and when does it open next. */
export async function openToday(q: Queryable, centreId: string, now: number): Promise<OpenToday> {
  const hours = await centreHours(q, centreId);
  const cal = await loadCalendar(q);
  const day = serviceDayOf(now);
  const o = openingOn(day, centreId, hours, cal);
  return {
    centreId,
    day,
    open: o.open,
    periods: o.periods,
    reason: o.reason,
    next: nextOpening(day, centreId, hours, cal),
  };
}
