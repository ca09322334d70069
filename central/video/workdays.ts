// Working days in Asia/Shanghai for follow-up deadlines (整改时限): Monday to Friday, minus public
// holidays, plus the weekend days declared working (调休). Both lists come from the video settings.

const dayFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function shanghaiDay(ms: number): string {
  return dayFmt.format(new Date(ms));
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export interface WorkCalendar {
  holidays: readonly string[];
  workingWeekends: readonly string[];
}

/**
 * The video settings' lists joined with the district calendar (calendar_days, issue 12), so the
 * follow-up deadline follows the holidays an admin enters once for everything.
 */
export async function withDistrictCalendar(
  q: { all<T>(sql: string, params?: readonly (string | number | null | boolean)[]): Promise<T[]> },
  cal: WorkCalendar,
): Promise<WorkCalendar> {
  const rows = await q.all<{ day: string; kind: string }>(
    "SELECT day, kind FROM calendar_days WHERE centre_id = ''",
  );
  return {
    holidays: [...cal.holidays, ...rows.filter((r) => r.kind === 'holiday').map((r) => r.day)],
    workingWeekends: [...cal.workingWeekends, ...rows.filter((r) => r.kind === 'workday').map((r) => r.day)],
  };
}

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workingWeekends.includes(day)) return true;
  if (cal.holidays.includes(day)) return false;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The day on which the n-th working day after `fromMs` falls (the opening day itself not counted). */
export function addWorkingDays(fromMs: number, n: number, cal: WorkCalendar): string {
  let day = shanghaiDay(fromMs);
  let left = n;
  for (let guard = 0; left > 0 && guard < 3650; guard++) {
    day = nextDay(day);
    if (isWorkingDay(day, cal)) left--;
  }
  return day;
}
