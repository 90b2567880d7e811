import { treeCpuMs } from "../support/proc.js";
import { median } from "../support/stats.js";
import { demoBatchPage, type BenchStack } from "../support/stack.js";

export type RenderResult = {
  requests: number;
  pageTtfbMs: number;
  pageFullMs: number;
  upstreamMs: number;
  pageStatus: Record<string, number>;
  /** CPU the next-server tree used per page render (including its auth and upstream calls). */
  serverCpuMsPerPage: number;
};

async function timed(
  url: string,
  headers: Record<string, string>,
): Promise<{ ttfb: number; full: number; status: number }> {
  const start = performance.now();
  const response = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(20_000) });
  const ttfb = performance.now() - start;
  await response.arrayBuffer();
  return { ttfb, full: performance.now() - start, status: response.status };
}

/**
 * The batch page's server render against the upstream request alone: `count` sequential requests
 * of each, interleaved so both see the same machine. Needs TRILLET_CACHE_TTL_MS=0 so every render
 * goes upstream. TTFB is when the response headers arrived (Next may flush a shell first, so the
 * complete HTML is reported too).
 */
export async function serverRender(bench: BenchStack, upstreamUrl: string, count = 30): Promise<RenderResult> {
  const pageUrl = `${bench.stack.appUrl}${demoBatchPage}`;
  const pageHeaders = { cookie: bench.session.cookie, accept: "text/html" };
  const upstreamHeaders = { "x-api-key": "demo-trillet-key", "x-workspace-id": "ws_acme" };
  for (let i = 0; i < 3; i++) {
    await timed(pageUrl, pageHeaders);
    await timed(upstreamUrl, upstreamHeaders);
  }
  const ttfb: number[] = [];
  const full: number[] = [];
  const upstream: number[] = [];
  const pageStatus: Record<string, number> = {};
  let pageCpuMs = 0;
  for (let i = 0; i < count; i++) {
    const cpuBefore = treeCpuMs(bench.serverPid);
    const page = await timed(pageUrl, pageHeaders);
    pageCpuMs += treeCpuMs(bench.serverPid) - cpuBefore;
    ttfb.push(page.ttfb);
    full.push(page.full);
    pageStatus[page.status] = (pageStatus[page.status] ?? 0) + 1;
    upstream.push((await timed(upstreamUrl, upstreamHeaders)).full);
  }
  return {
    requests: count,
    pageTtfbMs: median(ttfb),
    pageFullMs: median(full),
    upstreamMs: median(upstream),
    pageStatus,
    serverCpuMsPerPage: pageCpuMs / count,
  };
}
