import type { Bilingual } from '../../contract/catalog';
import type { OpeningHours, Period, Weekday } from '../../contract/api/admin-places';

// Working days and opening periods from weekly opening hours and the district calendar (pure; the
// rows are loaded by services/calendar.ts). A working day is Monday-Friday unless it is a public
// holiday, or a weekend day declared a make-up working day (调休上班). A centre is open on a day that
// is not a holiday or one of its closures and for which it has opening hours; on a make-up working
// day it keeps the hours of that weekday if it has any, else it opens with its first weekday's hours.

export interface CalendarEntry {
  kind: 'holiday' | 'workday' | 'closed';
  name: Bilingual;
}

export interface WorkingCalendar {
  /** District-wide entries by day (holiday, workday). */
  district: ReadonlyMap<string, CalendarEntry>;
  /** A centre's closures, by `${centreId}|${day}`. */
  closures: ReadonlyMap<string, CalendarEntry>;
}

const WEEK: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function weekdayOf(day: string): Weekday {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return WEEK[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

export function nextDay(day: string, n = 1): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, cal: WorkingCalendar): boolean {
  const e = cal.district.get(day);
  if (e?.kind === 'workday') return true;
  if (e?.kind === 'holiday') return false;
  const w = weekdayOf(day);
  return w !== 'sat' && w !== 'sun';
}

/** The n-th working day after `day` (the day itself not counted): 办理时限 and follow-up deadlines. */
export function addWorkingDays(day: string, n: number, cal: WorkingCalendar): string {
  let d = day;
  let left = n;
  // Bounded: ten years of days is far beyond any time limit.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    d = nextDay(d);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

export interface DayOpening {
  open: boolean;
  periods: Period[];
  /** Why a day the centre would otherwise open is closed: the holiday or closure; else null. */
  reason: Bilingual | null;
}

export function openingOn(
  day: string,
  centreId: string,
  hours: OpeningHours,
  cal: WorkingCalendar,
): DayOpening {
  const closure = cal.closures.get(`${centreId}|${day}`);
  if (closure) return { open: false, periods: [], reason: closure.name };
  const e = cal.district.get(day);
  if (e?.kind === 'holiday') return { open: false, periods: [], reason: e.name };
  let periods = hours[weekdayOf(day)] ?? [];
  if (periods.length === 0 && e?.kind === 'workday') {
    const first = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).find((w) => (hours[w] ?? []).length > 0);
    periods = first ? hours[first]! : [];
  }
  const sorted = [...periods].sort((a, b) => a.from.localeCompare(b.from));
  return { open: sorted.length > 0, periods: sorted, reason: null };
}

/** The first opening strictly after `day` (up to 60 days ahead), or null. */
export function nextOpening(
  day: string,
  centreId: string,
  hours: OpeningHours,
  cal: WorkingCalendar,
): { day: string; from: string } | null {
  for (let i = 1; i <= 60; i++) {
    const d = nextDay(day, i);
    const o = openingOn(d, centreId, hours, cal);
    if (o.open) return { day: d, from: o.periods[0]!.from };
  }
  return null;
}
