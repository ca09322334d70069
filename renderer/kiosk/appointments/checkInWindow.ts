// Check-in is open from 30 minutes before to 15 minutes after the slot start (domain.md
// "Appointments"; the host enforces the configured window, this only words the message).

export type CheckInState = { state: 'open' } | { state: 'early'; opensAt: Date } | { state: 'late' };

export function checkInState(now: Date, startsAt: string, beforeMin = 30, afterMin = 15): CheckInState {
  const start = new Date(startsAt).getTime();
  const opens = start - beforeMin * 60_000;
  if (now.getTime() < opens) return { state: 'early', opensAt: new Date(opens) };
  if (now.getTime() > start + afterMin * 60_000) return { state: 'late' };
  return { state: 'open' };
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
