import { addDays } from '../../domain/time';
import { type WorkingCalendar, isWorkingDay as isWorkingDayOn } from '../../domain/working-days';

// The working-day rule of the reports (follow-up limit of 15 working days, 办理时限 of an item): the
// district calendar of the administration (issue 12: holidays off, 调休 make-up weekends on), loaded
// once per report by the caller; without one (unit tests, formulas) Monday to Friday.

export const WORKING_DAY_RULE = {
  zh: '工作日按行政日历计算（周一至周五，法定节假日除外，调休上班日计入）',
  en: 'Working days follow the administration calendar (Monday to Friday without public holidays, make-up working days included)',
} as const;

const NO_CALENDAR: WorkingCalendar = { district: new Map(), closures: new Map() };

export function isWorkingDay(day: string, cal: WorkingCalendar = NO_CALENDAR): boolean {
  return isWorkingDayOn(day, cal);
}

// A year's report asks this for tens of thousands of matters over a few hundred distinct days, and each
// step of the walk formats a date in the zone: the answers are remembered per calendar (bounded).
const memos = new WeakMap<WorkingCalendar, Map<string, string>>();

/** The n-th working day after `day` (the day itself not counted); `day` itself for n = 0. */
export function addWorkingDays(day: string, n: number, cal: WorkingCalendar = NO_CALENDAR): string {
  let memo = memos.get(cal);
  if (!memo) memos.set(cal, (memo = new Map()));
  const key = `${day}+${n}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let out = day;
  for (let left = n, guard = 0; left > 0 && guard < 3660; guard++) {
    out = addDays(out, 1);
    if (isWorkingDay(out, cal)) left--;
  }
  if (memo.size > 50_000) memo.clear();
  memo.set(key, out);
  return out;
}
