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
  /** Server time of the searches asked while the index was still being built (the page's polling), ms. */
  during: { samples: number; p50Ms: number; p95Ms: number };
  /** What the index takes in shared state once the run ended (Redis runs only): keys, payload, Redis's own count, and the calls indexed by then. */
  storage?: IndexStorage;
};

export type IndexStorage = { keys: number; payloadBytes: number; memoryBytes: number; calls: number };

/** The search index's keys in a Redis (every key the app wrote under `search:`): their payload and MEMORY USAGE. */
export async function indexStorage(redisUrl: string, calls: number): Promise<IndexStorage> {
  const { createClient } = await import("redis");
  const client = await createClient({ url: redisUrl, socket: { reconnectStrategy: false } }).connect();
  try {
    let keys = 0;
    let payloadBytes = 0;
    let memoryBytes = 0;
    for await (const batch of client.scanIterator({ MATCH: "*search:*", COUNT: 500 })) {
      for (const key of Array.isArray(batch) ? batch : [batch]) {
        keys += 1;
        memoryBytes += (await client.memoryUsage(key, { SAMPLES: 0 })) ?? 0;
        const type = await client.type(key);
        if (type === "string") payloadBytes += await client.strLen(key);
        if (type === "hash") {
          for (const value of Object.values(await client.hGetAll(key))) payloadBytes += Buffer.byteLength(value);
        }
      }
    }
    return { keys, payloadBytes, memoryBytes, calls };
  } finally {
    await client.quit();
  }
}

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
  options: { query: string; warmQueries: string[]; maxSeconds: number; marks?: number[]; redisUrl?: string },
): Promise<SearchColdResult> {
  const before = await bench.sim.requests();
  const started = performance.now();
  const first = await ask(bench, batchId, options.query);
  const marks = [...(options.marks ?? [])];
  const searchableAt: SearchColdResult["searchableAt"] = [];
  let last = first.answer;
  const during: number[] = [];
  while (!last.progress.complete && performance.now() - started < options.maxSeconds * 1000) {
    await sleep(500);
    const asked = await ask(bench, batchId, options.query);
    last = asked.answer;
    during.push(asked.ms);
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
    during: { samples: during.length, p50Ms: percentile(during, 50), p95Ms: percentile(during, 95) },
    ...(options.redisUrl ? { storage: await indexStorage(options.redisUrl, last.progress.searched) } : {}),
  };
}
