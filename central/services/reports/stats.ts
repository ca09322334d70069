// The statistics every report shares, defined once (docs/reports.md "Conventions").

/**
 * Nearest-rank percentile: the smallest value with at least p % of the values at or below it
 * (sorted[ceil(p/100 · n) − 1]); null for no values. Always one of the measured values, so the
 * figure is exactly reproducible on both databases.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function sortedSeconds(ms: readonly number[]): number[] {
  return ms.map((v) => Math.round(v / 1000)).sort((a, b) => a - b);
}

export function maxOf(sorted: readonly number[]): number | null {
  return sorted.length ? sorted[sorted.length - 1]! : null;
}

/** A share 0..1 rounded to 4 decimals; null when nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** A mean rounded to 2 decimals; null for no values. */
export function mean(values: readonly number[]): number | null {
  if (!values.length) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

/** Groups values by key, keeping first-seen order. */
export function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
