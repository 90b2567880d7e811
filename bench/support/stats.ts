/** Small numeric helpers shared by the benchmarks and the load test. */

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const mb = (bytes: number) => bytes / (1024 * 1024);

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The most of `times` (ms) that fall in one window (t − windowMs, t], the window the simulator's
 * limiter counts, and the time that window ends at (undefined when there are none).
 */
export function busiestWindow(times: readonly number[], windowMs: number): { count: number; endsAt?: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const busiest: { count: number; endsAt?: number } = { count: 0 };
  let oldest = 0;
  sorted.forEach((at, index) => {
    while (sorted[oldest]! <= at - windowMs) oldest += 1;
    if (index - oldest + 1 > busiest.count) Object.assign(busiest, { count: index - oldest + 1, endsAt: at });
  });
  return busiest;
}
