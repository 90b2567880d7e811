import { percentile, sleep } from "../support/stats.js";
import type { BenchStack } from "../support/stack.js";

type Progress = { searched: number; total?: number; complete: boolean };
type Answer = { pagination: { total: number }; progress: Progress };

export type SearchColdResult = {
  batchId: string;
  calls: number;
  /** The first answer (page 1 read for the person), its matches and how much it covered. */
  firstAnswerMs: number;
  firstMatches: number;
  firstSearched: number;
  /** Until an answer covered every call (the page asks again every 1.5 s; here every 0.5 s). */
  completeMs: number;
  matches: number;
  /** Upstream requests from the first search to the complete index, against one export of the batch (100 calls a page). */
  upstreamRequests: number;
  exportRequests: number;
  /** Warm searches (other queries, the index built): time to the answer on this machine, ms. */
  warm: { samples: number; p50Ms: number; p95Ms: number };
  /** Share of the batch searchable after these many seconds, when the run lasted that long. */
  searchableAt: { seconds: number; share: number }[];
};

async function ask(bench: BenchStack, batchId: string, q: string): Promise<{ ms: number; answer: Answer }> {
  const url = `${bench.stack.appUrl}/api/w/acme/batches/${batchId}/search?${new URLSearchParams({ q })}`;
  const started = performance.now();
  const response = await fetch(url, {
    headers: { cookie: bench.session.cookie, accept: "application/json" },
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`search answered ${response.status}: ${body.slice(0, 200)}`);
  return { ms, answer: JSON.parse(body) as Answer };
}

/**
 * A cold search of a finished batch under the stack's budget: the first answer, then asked every
 * 0.5 s until complete (or `maxSeconds`), sampling the searchable share at `marks`; then warm searches.
 */
export async function searchCold(
  bench: BenchStack,
  batchId: string,
  options: { query: string; warmQueries: string[]; maxSeconds: number; marks?: number[] },
): Promise<SearchColdResult> {
  const before = await bench.sim.requests();
  const started = performance.now();
  const first = await ask(bench, batchId, options.query);
  const marks = [...(options.marks ?? [])];
  const searchableAt: SearchColdResult["searchableAt"] = [];
  let last = first.answer;
  while (!last.progress.complete && performance.now() - started < options.maxSeconds * 1000) {
    await sleep(500);
    last = (await ask(bench, batchId, options.query)).answer;
    const elapsed = (performance.now() - started) / 1000;
    while (marks.length && elapsed >= marks[0]!) {
      searchableAt.push({ seconds: marks.shift()!, share: last.progress.searched / (last.progress.total ?? Infinity) });
    }
  }
  const completeMs = last.progress.complete ? performance.now() - started : Number.NaN;
  const upstreamRequests = (await bench.sim.requests()) - before;
  const calls = last.progress.total ?? 0;
  const times: number[] = [];
  if (last.progress.complete) {
    for (let round = 0; round < 5; round++) {
      for (const q of options.warmQueries) times.push((await ask(bench, batchId, q)).ms);
    }
  }
  return {
    batchId,
    calls,
    firstAnswerMs: first.ms,
    firstMatches: first.answer.pagination.total,
    firstSearched: first.answer.progress.searched,
    completeMs,
    matches: last.pagination.total,
    upstreamRequests,
    exportRequests: Math.ceil(calls / 100),
    warm: { samples: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) },
    searchableAt,
  };
}
