import type { ResidentAppointment } from '../../../contract/api/appointments';

// Wording helpers for appointments: central decides whether check-in is open (its configured window,
// its clock); these only say when — in the centre's time (Asia/Shanghai, UTC+8 all year, no daylight
// saving), whatever zone the kiosk's operating system was installed with.

/** What a row of the resident's appointment list offers. */
export type RowState = 'checked_in' | 'open' | 'early' | 'late';

export function rowState(a: Pick<ResidentAppointment, 'status' | 'checkIn'>): RowState {
  return a.status === 'checked_in' ? 'checked_in' : a.checkIn.state;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The instant shifted so that its UTC fields read as the wall clock in Shanghai. */
function shanghai(iso: string | Date): Date {
  return new Date((typeof iso === 'string' ? new Date(iso) : iso).getTime() + SHANGHAI_OFFSET_MS);
}

/** HH:MM in the centre's time. */
export function clock(iso: string | Date): string {
  const d = shanghai(iso);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** YYYY-MM-DD of a slot in the centre's time, for grouping slots by day. */
export function dayOf(iso: string): string {
  return shanghai(iso).toISOString().slice(0, 10);
}

/** Message parameters naming a day: {month, day} for Chinese, {monthEn, day} for English. */
export function dayParams(iso: string): { month: number; day: number; monthEn: string } {
  const d = shanghai(iso);
  return {
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    monthEn: new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(d),
  };
}

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A day as residents say it, with its weekday (kiosk.book.day): 3月5日 周四 / Thu Mar 5. */
export function weekdayParams(iso: string): {
  month: number;
  day: number;
  monthEn: string;
  weekday: string;
  weekdayEn: string;
} {
  const wd = shanghai(iso).getUTCDay();
  return { ...dayParams(iso), weekday: WEEKDAYS_ZH[wd]!, weekdayEn: WEEKDAYS_EN[wd]! };
}
