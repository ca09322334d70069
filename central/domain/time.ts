// Service days and wall-clock times in Asia/Shanghai, whatever the machine's own zone. China has no
// daylight saving time, but the conversion goes through Intl so the rule lives in one place.

export const ZONE = 'Asia/Shanghai';
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

const dayFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The service day (YYYY-MM-DD in Asia/Shanghai) of an instant: numbering resets at its midnight. */
let memo = { minute: NaN, day: '' };
export function serviceDayOf(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  // Days turn on whole minutes in every zone we serve: remember the last minute asked about.
  const minute = Math.floor(ms / 60_000);
  if (minute !== memo.minute) memo = { minute, day: dayFmt.format(new Date(ms)) };
  return memo.day;
}

const partsFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Offset of Asia/Shanghai from UTC at an instant, in minutes (+480). */
function zoneOffsetMinutes(at: number): number {
  const parts = partsFmt.formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - (at - (at % 1000))) / 60000);
}

/** The instant of a local Asia/Shanghai wall-clock time on a service day. */
export function shanghaiTime(day: string, hour: number, minute = 0): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  return guess - zoneOffsetMinutes(guess) * 60000;
}

/** The instant the service day ends (next local midnight). */
export function endOfServiceDay(day: string): number {
  return shanghaiTime(day, 24);
}

/** The service day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return serviceDayOf(shanghaiTime(day, 12) + n * 86_400_000);
}

export const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** Age in whole years on a day, from a YYYY-MM-DD birth date. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
