/** Latency figures from raw samples (pure): percentiles by nearest rank, in milliseconds. */

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The p-th percentile (0–100) of `sorted` by nearest rank; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? NaN),
  };
}

/** A time span in milliseconds on the performance.now() clock. */
export interface Span {
  start: number;
  end: number;
}

/** Whether a request that ran over `request` overlapped any of `windows`. */
export function overlapsAny(request: Span, windows: readonly Span[]): boolean {
  return windows.some((w) => request.start < w.end && request.end > w.start);
}
