// How a benchmark reports a figure to scripts/bench.mjs.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/**
 * Whether a value meets a target written as `< 50`, `>= 1000 on SQLite`, `< 10 %` (the comparison and
 * number lead; the rest is for the reader); undefined when there is no target or it has no number.
 */
export function meets(value: number, target: string | undefined): boolean | undefined {
  const m = /^\s*(<=|>=|<|>)\s*(-?[\d.]+)/.exec(target ?? '');
  if (!m) return undefined;
  const limit = Number(m[2]);
  if (!Number.isFinite(value)) return false;
  return m[1] === '<'
    ? value < limit
    : m[1] === '<='
      ? value <= limit
      : m[1] === '>'
        ? value > limit
        : value >= limit;
}

/** Reports a figure; a missed target marks it (`met: false`) and makes the benchmark exit 1. */
export function report(fig: Figure): void {
  const met = meets(fig.value, fig.target);
  if (met === false) process.exitCode = 1;
  const line = { ...fig, value: Number(fig.value.toFixed(3)), ...(met === undefined ? {} : { met }) };
  process.stdout.write(`BENCH ${JSON.stringify(line)}\n`);
}

/** A run that is not valid (failed requests, a crashed peer): said loudly, and the benchmark exits 1. */
export function invalidRun(why: string): void {
  process.exitCode = 1;
  process.stdout.write(`INVALID RUN: ${why}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
