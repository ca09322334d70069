// Preset ranges of service days in Asia/Shanghai (the reports' days), whatever the browser's zone.

export type Preset = 'today' | 'week' | 'month' | 'custom';

const dayFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const shanghaiDay = (ms: number) => dayFmt.format(new Date(ms));

function shift(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** today; this week (Monday to today); this month (the 1st to today). `to` is inclusive. */
export function presetRange(p: Exclude<Preset, 'custom'>, nowMs: number): { from: string; to: string } {
  const today = shanghaiDay(nowMs);
  if (p === 'today') return { from: today, to: today };
  if (p === 'month') return { from: `${today.slice(0, 8)}01`, to: today };
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  return { from: shift(today, -dow), to: today };
}
