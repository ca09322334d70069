import type { ResidentAppointment } from '../../../contract/api/appointments';

// Wording helpers for appointments: central decides whether check-in is open (its configured window,
// its clock); these only say when, in the kiosk's local time.

/** What a row of the resident's appointment list offers. */
export type RowState = 'checked_in' | 'open' | 'early' | 'late';

export function rowState(a: Pick<ResidentAppointment, 'status' | 'checkIn'>): RowState {
  return a.status === 'checked_in' ? 'checked_in' : a.checkIn.state;
}

/** HH:MM in the kiosk's local time. */
export function clock(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** YYYY-MM-DD of a slot in local time, for grouping slots by day. */
export function dayOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Message parameters naming a day: {month, day} for Chinese, {monthEn, day} for English. */
export function dayParams(iso: string): { month: number; day: number; monthEn: string } {
  const d = new Date(iso);
  return {
    month: d.getMonth() + 1,
    day: d.getDate(),
    monthEn: new Intl.DateTimeFormat('en', { month: 'short' }).format(d),
  };
}
