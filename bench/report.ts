// How a benchmark reports a figure to scripts/bench.mjs.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export function report(fig: Figure): void {
  process.stdout.write(`BENCH ${JSON.stringify({ ...fig, value: Number(fig.value.toFixed(3)) })}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
