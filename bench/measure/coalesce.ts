import { sleep } from "../support/stats.js";
import { demoCallsPoll, type BenchStack } from "../support/stack.js";

export type CoalesceResult = {
  clients: number;
  /** App instances the clients were spread over, round-robin. */
  instances: number;
  periodMs: number;
  durationMs: number;
  polls: number;
  failed: number;
  upstreamRequests: number;
  upstreamPerPoll: number;
};

/**
 * `clients` browsers on one batch view, each polling every `periodMs` from a random phase for
 * `durationMs`; how many upstream requests each poll cost (simulator request count delta). With
 * several app instances, client n polls instance n mod instances.
 */
export async function coalescing(
  bench: BenchStack,
  clients = 50,
  periodMs = 2_000,
  durationMs = 30_000,
): Promise<CoalesceResult> {
  const urls = bench.stack.appUrls.map((appUrl) => `${appUrl}${demoCallsPoll}`);
  const headers = { cookie: bench.session.cookie, accept: "application/json" };
  let polls = 0;
  let failed = 0;
  const before = await bench.sim.requests();
  const start = Date.now();
  const end = start + durationMs;

  const client = async (url: string) => {
    let next = start + Math.random() * periodMs;
    while (next < end) {
      await sleep(Math.max(0, next - Date.now()));
      try {
        const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (response.status === 200) polls += 1;
        else failed += 1;
      } catch {
        failed += 1;
      }
      next += periodMs;
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, index) => client(urls[index % urls.length]!)));
  const upstreamRequests = (await bench.sim.requests()) - before;
  const total = polls + failed;
  return {
    clients,
    instances: urls.length,
    periodMs,
    durationMs,
    polls,
    failed,
    upstreamRequests,
    upstreamPerPoll: total > 0 ? upstreamRequests / total : Number.NaN,
  };
}
