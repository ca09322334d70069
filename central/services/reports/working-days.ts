import { addDays } from '../../domain/time';

// The working-day rule of the reports (follow-up limit of 15 working days, 办理时限 of an item). The
// administration calendar (holidays, 调休 working weekends) is being built separately; until it lands
// this is Monday to Friday, and every report that counts working days says so in its notes. Swap the
// body of `isWorkingDay` (or pass a calendar) when the calendar exists.

export const WORKING_DAY_RULE = {
  zh: '工作日按周一至周五计算（尚未接入行政日历，节假日与调休未计）',
  en: 'Working days are Monday to Friday (the administration calendar is not connected yet; holidays and swapped days are not counted)',
} as const;

export function isWorkingDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

// A year's report asks this for tens of thousands of matters over a few hundred distinct days, and each
// step of the walk formats a date in the zone: the answers are remembered (bounded).
const memo = new Map<string, string>();

/** The n-th working day after `day` (the day itself not counted); `day` itself for n = 0. */
export function addWorkingDays(day: string, n: number): string {
  const key = `${day}+${n}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let out = day;
  for (let left = n, guard = 0; left > 0 && guard < 3660; guard++) {
    out = addDays(out, 1);
    if (isWorkingDay(out)) left--;
  }
  if (memo.size > 50_000) memo.clear();
  memo.set(key, out);
  return out;
}
