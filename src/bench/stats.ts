/** Latency statistics and ratios for the benchmark report. Pure. */

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function summarize(values: readonly number[]): LatencySummary {
  const n = values.length;
  return {
    n,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: n ? Math.max(...values) : NaN,
    mean: n ? values.reduce((s, v) => s + v, 0) / n : NaN,
  };
}

/** a / b, or undefined when either side is missing or b is 0 (a ratio that cannot be read). */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return undefined;
  return a / b;
}

/** Share of true values, NaN for none. */
export function rate(hits: readonly boolean[]): number {
  return hits.length ? hits.filter(Boolean).length / hits.length : NaN;
}
