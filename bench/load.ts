/**
 * `npm run load`: a load test (not a timed test). Starts the simulator, the local IdP and the
 * production server on loopback (ports 3200/4210/4211 unless BENCH_*_PORT say otherwise), signs in
 * through the real OIDC flow, then runs 200 signed-in pollers for 60 s: each polls the calls API of
 * one of several batch views every 2–3 s like the batch page does, honouring Retry-After on 429.
 * Reports answers by status, latency p50/p99, requests done, upstream calls made and the server's
 * RSS at start, peak and end; writes bench/results/load-latest.json. Exits 1 on any 5xx or network error.
 *
 *   npm run load
 *   npm run load -- --pollers 50 --seconds 20
 *   npm run load -- --production-limits   keep API_RATE_LIMIT_PER_MINUTE at its default (120 per user):
 *                                          the pollers share two accounts, so expect 429s
 *
 * Everything stays on 127.0.0.1/localhost. Needs a production build in NEXT_DIST_DIR (default .next);
 * builds one when it is missing.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startStack } from "../dev/stack.js";
import { build, distDir } from "./support/build.js";
import { appServerRoot, treeCpuMs, treeRssBytes } from "./support/proc.js";
import { signIn, type Session } from "./support/session.js";
import { benchPorts, Simulator, unlimited } from "./support/stack.js";
import { fixed, mb, percentile, sleep } from "./support/stats.js";

const { values } = parseArgs({
  options: {
    pollers: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    "production-limits": { type: "boolean", default: false },
  },
});
const pollers = Math.min(1_000, Math.max(1, Number(values.pollers) || 200));
const durationMs = Math.min(600, Math.max(5, Number(values.seconds) || 60)) * 1000;
const minPeriodMs = 2_000;
const maxPeriodMs = 3_000;
const requestTimeoutMs = 15_000;
// The loop bound besides the deadline: no poller can make more requests than this.
const maxPollsPerPoller = Math.ceil(durationMs / minPeriodMs) + 2;

type View = { user: "alice" | "carol"; path: string };

// Several distinct views, as different people would have open: different batches, filters, pages, sizes.
const views: View[] = [
  { user: "alice", path: "/api/w/acme/batches/batch_7891011121314/calls?status=all&page=1&limit=20" },
  { user: "alice", path: "/api/w/acme/batches/batch_7891011121314/calls?status=waiting&page=1&limit=50" },
  { user: "carol", path: "/api/w/acme/batches/batch_7891011121314/calls?status=all&page=2&limit=20" },
  { user: "alice", path: "/api/w/acme/batches/batch_live_acme/calls?status=all&page=1&limit=20" },
  { user: "carol", path: "/api/w/acme/batches/batch_live_acme/calls?status=active&page=1&limit=50" },
  { user: "alice", path: "/api/w/acme/batches/batch_big_100k/calls?status=failed&page=1&limit=100" },
  { user: "carol", path: "/api/w/acme/batches/batch_big_100k/calls?status=all&page=40&limit=20" },
  { user: "carol", path: "/api/w/globex/batches/batch_globex_q3/calls?status=all&page=1&limit=20" },
];

const log = (message: string) => process.stderr.write(`[load ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

type Tally = { latencies: number[]; statuses: Map<string, number>; requests: number };

async function poller(
  index: number,
  appUrl: string,
  sessions: Record<View["user"], Session>,
  start: number,
  tally: Tally,
) {
  const view = views[index % views.length]!;
  const url = `${appUrl}${view.path}`;
  const headers = { cookie: sessions[view.user].cookie, accept: "application/json" };
  const deadline = start + durationMs;
  // Browsers arrive over the first few seconds, not all in the same millisecond.
  let next = start + Math.random() * maxPeriodMs;
  for (let poll = 0; poll < maxPollsPerPoller; poll++) {
    if (next >= deadline) return;
    await sleep(Math.max(0, next - Date.now()));
    const sent = performance.now();
    let status: string;
    let retryAfterMs = 0;
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(requestTimeoutMs) });
      await response.arrayBuffer();
      status = String(response.status);
      if (response.status === 429) retryAfterMs = (Number(response.headers.get("retry-after")) || 10) * 1000;
    } catch (error) {
      status = error instanceof Error && error.name === "TimeoutError" ? "timeout" : "network error";
    }
    tally.latencies.push(performance.now() - sent);
    tally.requests += 1;
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    next =
      Math.max(Date.now(), next) + Math.max(retryAfterMs, minPeriodMs + Math.random() * (maxPeriodMs - minPeriodMs));
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(distDir, "BUILD_ID"))) {
    log(`no production build in ${distDir}: building (log: bench/results/build.log) …`);
    await build("bench/results/build.log");
  }
  const appEnv: Record<string, string> = values["production-limits"] ? {} : { API_RATE_LIMIT_PER_MINUTE: unlimited };
  log(
    `starting the stack on :${benchPorts.app} (${Object.keys(appEnv).length ? "API_RATE_LIMIT_PER_MINUTE raised: the pollers stand for many people but share two accounts" : "default limits"})`,
  );
  const stack = await startStack({ ports: benchPorts, appEnv, quiet: true });
  let failed = false;
  try {
    const serverPid = appServerRoot(benchPorts.app);
    if (!serverPid) throw new Error(`no process found for the app server on port ${benchPorts.app}`);
    const sim = new Simulator(stack.simUrl);
    const sessions = {
      alice: await signIn({
        appUrl: stack.appUrl,
        email: "alice@acme.test",
        password: "alice-demo-pass",
        verifyPath: views[0]!.path,
      }),
      carol: await signIn({
        appUrl: stack.appUrl,
        email: "carol@acme.test",
        password: "carol-demo-pass",
        verifyPath: views[7]!.path,
      }),
    };

    const rssStart = treeRssBytes(serverPid);
    const cpuStart = treeCpuMs(serverPid);
    const upstreamStart = await sim.requests();
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRssBytes(serverPid))), 500);
    const tally: Tally = { latencies: [], statuses: new Map(), requests: 0 };
    log(`${pollers} pollers for ${durationMs / 1000} s over ${views.length} views …`);
    const start = Date.now();
    await Promise.all(
      Array.from({ length: pollers }, (_, index) => poller(index, stack.appUrl, sessions, start, tally)),
    );
    const elapsedMs = Date.now() - start;
    clearInterval(sampler);
    const upstream = (await sim.requests()) - upstreamStart;
    const cpuMs = treeCpuMs(serverPid) - cpuStart;
    const rssEnd = treeRssBytes(serverPid);

    const statuses = Object.fromEntries([...tally.statuses].sort(([a], [b]) => a.localeCompare(b)));
    const errors = Object.entries(statuses).filter(([status]) => status !== "200");
    failed = errors.some(([status]) => !/^[1-4]\d\d$/.test(status));
    const result = {
      at: new Date(start).toISOString(),
      pollers,
      seconds: elapsedMs / 1000,
      views: views.map((view) => view.path),
      requests: tally.requests,
      requestsPerSecond: tally.requests / (elapsedMs / 1000),
      statuses,
      latencyMs: {
        p50: percentile(tally.latencies, 50),
        p99: percentile(tally.latencies, 99),
        max: Math.max(...tally.latencies),
      },
      upstreamRequests: upstream,
      upstreamPerRequest: upstream / Math.max(1, tally.requests),
      serverCpuMsPerRequest: cpuMs / Math.max(1, tally.requests),
      serverRssMb: { start: mb(rssStart), peak: mb(rssPeak), end: mb(rssEnd) },
      apiRateLimit: values["production-limits"] ? "default (120 per user per minute)" : unlimited,
    };
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/load-latest.json", `${JSON.stringify(result, null, 2)}\n`);
    const lines = [
      `# Load test: ${pollers} signed-in pollers, ${fixed(result.seconds, 0)} s, every 2–3 s, ${views.length} views, loopback`,
      "",
      "| figure | value |",
      "| --- | --- |",
      `| requests done | ${result.requests} (${fixed(result.requestsPerSecond, 1)} req/s) |`,
      `| answers by status | ${Object.entries(statuses)
        .map(([status, count]) => `${status}: ${count}`)
        .join(", ")} |`,
      `| errors (not 200) | ${errors.length ? errors.map(([status, count]) => `${status}: ${count}`).join(", ") : "none"} |`,
      `| latency p50 / p99 / max | ${fixed(result.latencyMs.p50, 0)} ms / ${fixed(result.latencyMs.p99, 0)} ms / ${fixed(result.latencyMs.max, 0)} ms |`,
      `| upstream calls made | ${upstream} (${fixed(result.upstreamPerRequest, 3)} per request) |`,
      `| server CPU per request | ${fixed(result.serverCpuMsPerRequest, 1)} ms |`,
      `| server RSS start / peak / end | ${fixed(result.serverRssMb.start, 0)} MB / ${fixed(result.serverRssMb.peak, 0)} MB / ${fixed(result.serverRssMb.end, 0)} MB |`,
      `| per-user API rate limit | ${result.apiRateLimit} |`,
      "",
    ];
    process.stdout.write(lines.join("\n"));
  } finally {
    await stack.stop();
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
