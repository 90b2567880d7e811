import { runAutocannon, type CannonResult } from "../support/autocannon.js";
import { treeCpuMs } from "../support/proc.js";
import { demoBatch, type BenchStack } from "../support/stack.js";

/** The request the issue names: the calls API with no query (the app's defaults apply). */
export const proxiedPath = `/api/w/acme/batches/${demoBatch}/calls`;
export const cannon = { connections: 20, durationSeconds: 15 };

export type PassResult = CannonResult & {
  upstreamRequests: number;
  upstreamPerRequest: number;
  /** CPU time the next-server process tree used per request (user + system), when it was the target. */
  serverCpuMsPerRequest?: number;
};

/** The upstream URL the app sends for `proxiedPath`, read back from the simulator's request log. */
export async function upstreamUrlOf(bench: BenchStack): Promise<string> {
  const response = await fetch(`${bench.stack.appUrl}${proxiedPath}`, { headers: { cookie: bench.session.cookie } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${proxiedPath} answered ${response.status}`);
  const [last] = (await bench.sim.recent(1)).slice(-1);
  if (!last?.rawUrl.startsWith(`/v1/api/batch-calls/${demoBatch}/calls`))
    throw new Error("could not see the app's upstream request");
  return `${bench.stack.simUrl}${last.rawUrl}`;
}

/** How hard a pass pushes: the 20 connections, or one at a time to see the overhead without queueing. */
export type Load = { connections: number; durationSeconds: number };

async function pass(bench: BenchStack, url: string, headers: Record<string, string>, load: Load): Promise<PassResult> {
  const before = await bench.sim.requests();
  const cpuBefore = treeCpuMs(bench.serverPid);
  const result = await runAutocannon({ url, headers, ...load });
  const cpu = treeCpuMs(bench.serverPid) - cpuBefore;
  const upstreamRequests = (await bench.sim.requests()) - before;
  return {
    ...result,
    upstreamRequests,
    upstreamPerRequest: result.total > 0 ? upstreamRequests / result.total : Number.NaN,
    serverCpuMsPerRequest: url.startsWith(bench.stack.appUrl) && result.total > 0 ? cpu / result.total : undefined,
  };
}

/** 20 connections for 15 s through the app (after a short untimed warm-up). */
export async function throughApp(bench: BenchStack, warmupSeconds = 3, load: Load = cannon): Promise<PassResult> {
  const headers = { cookie: bench.session.cookie };
  const url = `${bench.stack.appUrl}${proxiedPath}`;
  if (warmupSeconds > 0)
    await runAutocannon({ url, headers, connections: load.connections, durationSeconds: warmupSeconds });
  return pass(bench, url, headers, load);
}

/** The same upstream request straight to the simulator, with the headers the app adds. */
export async function direct(
  bench: BenchStack,
  upstreamUrl: string,
  warmupSeconds = 2,
  load: Load = cannon,
): Promise<PassResult> {
  const headers = { "x-api-key": "demo-trillet-key", "x-workspace-id": "ws_acme" };
  if (warmupSeconds > 0)
    await runAutocannon({ url: upstreamUrl, headers, connections: load.connections, durationSeconds: warmupSeconds });
  return pass(bench, upstreamUrl, headers, load);
}

/** One connection for 10 s: each request alone on the server, so latency shows the proxy's own work, not queueing. */
export const oneAtATime: Load = { connections: 1, durationSeconds: 10 };

/** The one-connection pass: the upstream request alone, then the same through the app, each for `oneAtATime`. */
export async function oneConnection(
  bench: BenchStack,
  upstreamUrl: string,
): Promise<{ direct: PassResult; app: PassResult }> {
  return { direct: await direct(bench, upstreamUrl, 1, oneAtATime), app: await throughApp(bench, 1, oneAtATime) };
}
