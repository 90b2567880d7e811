import { RssSampler, treeCpuMs, treeRssBytes } from "../support/proc.js";
import { sleep } from "../support/stats.js";
import { bigBatch, demoBatch, type BenchStack } from "../support/stack.js";

export type ExportResult = {
  concurrency: number;
  wallMs: number;
  bytes: number;
  rows: number;
  status: number;
  upstreamRequests: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  rssGrowthBytes: number;
  rssSamples: number;
  /** CPU the next-server tree used during the export, in ms. */
  serverCpuMs: number;
};

async function download(url: string, cookie: string): Promise<{ status: number; bytes: number; lines: number }> {
  const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(240_000) });
  let bytes = 0;
  let lines = 0;
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines += 1;
    }
  }
  return { status: response.status, bytes, lines };
}

/**
 * Downloads the 100,000-call export once (after one small export to load the route) while sampling
 * the `next start` process tree's RSS every 100 ms. `concurrency` is what the server was started with.
 */
export async function bigExport(bench: BenchStack, concurrency: number): Promise<ExportResult> {
  const base = `${bench.stack.appUrl}/api/w/acme/batches`;
  const warm = await download(`${base}/${demoBatch}/export`, bench.session.cookie);
  if (warm.status !== 200) throw new Error(`warm-up export answered ${warm.status}`);
  await sleep(1_000);
  const baseline: number[] = [];
  for (let i = 0; i < 5; i++) {
    baseline.push(treeRssBytes(bench.serverPid));
    await sleep(100);
  }
  const rssBefore = Math.max(...baseline);
  const before = await bench.sim.requests();
  const sampler = new RssSampler(bench.serverPid, 100).start();
  const cpuBefore = treeCpuMs(bench.serverPid);
  const start = performance.now();
  const result = await download(`${base}/${bigBatch}/export`, bench.session.cookie);
  const wallMs = performance.now() - start;
  const rss = sampler.stop();
  const serverCpuMs = treeCpuMs(bench.serverPid) - cpuBefore;
  const upstreamRequests = (await bench.sim.requests()) - before;
  return {
    concurrency,
    wallMs,
    bytes: result.bytes,
    rows: Math.max(0, result.lines - 1),
    status: result.status,
    upstreamRequests,
    rssBeforeBytes: rssBefore,
    rssPeakBytes: rss.peak,
    rssGrowthBytes: Math.max(0, rss.peak - rssBefore),
    rssSamples: rss.count,
    serverCpuMs,
  };
}
