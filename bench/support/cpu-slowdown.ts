/**
 * Lighthouse's CPU throttling is relative to the host: 4× on a fast desktop and 4× on a slow one stand for
 * different phones. Its docs (docs/throttling.md, "Calibrating the CPU slowdown":
 * https://github.com/GoogleChrome/lighthouse/blob/main/docs/throttling.md#cpu-throttling) say to scale the
 * multiplier to the host's benchmarkIndex, with the calculator they link
 * (https://lighthouse-cpu-throttling-calculator.vercel.app/, source
 * github.com/patrickhulce/lighthouse-cpu-throttling-calculator pages/index.js). Its formula, piecewise linear
 * and 4× at 1,533, so every calibrated run stands for the same mid-tier phone as Lighthouse's default
 * on its reference desktop:
 *   index ≥ 1300:        3 + (index − 1300) / 233
 *   800 ≤ index < 1300:  2 + (index − 800) / 500
 *   150 ≤ index < 800:   1 + (index − 150) / 650
 *   index < 150:         too slow to emulate that phone (the calculator gives no multiplier)
 */
export function cpuSlowdownFor(benchmarkIndex: number): number {
  if (!Number.isFinite(benchmarkIndex) || benchmarkIndex < 150)
    throw new Error(`benchmarkIndex ${benchmarkIndex}: this host is too slow to emulate Lighthouse's mobile device`);
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  return 1 + (benchmarkIndex - 150) / 650;
}
