import { DoorstepError } from '../../../contract/errors';
import { MAX_REPORT_DAYS } from '../../../contract/api/reports';
import { addDays, shanghaiTime } from '../../domain/time';

// A report's range: service days in Asia/Shanghai, `to` inclusive, as days and as instants
// [startMs, endMs) — from local midnight of `from` to local midnight after `to`.

export interface DayRange {
  from: string;
  to: string;
  startMs: number;
  endMs: number;
  days: number;
}

function validDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function dayRange(from: string, to: string): DayRange {
  for (const [path, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!validDay(day)) {
      throw new DoorstepError('VALIDATION_FAILED', `${day} is not a calendar day`, [
        { path, message: 'not a calendar day' },
      ]);
    }
  }
  const startMs = shanghaiTime(from, 0);
  const endMs = shanghaiTime(to, 24);
  const days = Math.round((endMs - startMs) / 86_400_000);
  if (days > MAX_REPORT_DAYS) {
    throw new DoorstepError('VALIDATION_FAILED', `at most ${MAX_REPORT_DAYS} days per report`, [
      { path: 'to', message: `the range is ${days} days; at most ${MAX_REPORT_DAYS}` },
    ]);
  }
  return { from, to, startMs, endMs, days };
}

/** The range of the same length just before this one (for trends). */
export function previousRange(r: DayRange): DayRange {
  const to = addDays(r.from, -1);
  const from = addDays(r.from, -r.days);
  return { from, to, startMs: shanghaiTime(from, 0), endMs: r.startMs, days: r.days };
}
