import type { RunningRedis } from "../../dev/services/redis.js";
import { signIn, type Session } from "../support/session.js";
import { bigBatch, type BenchStack } from "../support/stack.js";
import { busiestWindow, percentile, sleep } from "../support/stats.js";

/**
 * Several app instances under a key-wide upstream limit: live viewers spread over the instances, one
 * 100,000-call export streaming from the first, for `durationMs`; then the simulator's request log
 * says how many requests reached it in any 60 s and how many it refused. Optionally Redis is killed
 * in the middle and started again, while every instance's /api/health is watched.
 */

/** Live and big-batch views, two viewers each (on different instances), so most polls cannot share one answer. */
export const viewerPaths = [
  "/api/w/acme/batches/batch_live_acme/calls?status=all&page=1&limit=20",
  `/api/w/acme/batches/${bigBatch}/calls?status=all&page=1&limit=20`,
  "/api/w/acme/batches/batch_live_acme/calls?status=active&page=1&limit=50",
  `/api/w/acme/batches/${bigBatch}/calls?status=failed&page=1&limit=100`,
  `/api/w/acme/batches/${bigBatch}/calls?status=all&page=40&limit=20`,
];
export const exportPath = `/api/w/acme/batches/${bigBatch}/export?format=csv`;
/** The simulator's limiter window (dev/simulator/rate-limiter.ts). */
export const upstreamWindowMs = 60_000;
/** While Redis is away each instance spends at most this share of the budget on its own (README, Shared state). */
export const fallbackShare = 0.25;

// What the batch page does (components/batch/batch-live.tsx, lib/shared/api-client.ts): the next poll after
// X-Poll-After-Ms (3 s when missing), after Retry-After on a 429 (10 s when missing), 15 s after other failures.
const defaultPollMs = 3_000;
const defaultRetryAfterMs = 10_000;
const failureBackoffMs = 15_000;
const requestTimeoutMs = 15_000;
const healthEveryMs = 1_000;

export type SharedLoadOptions = {
  durationMs: number;
  viewers: number;
  /** Kill Redis (SIGKILL) for `forMs` in the middle of the run, then start it again (empty) on its port. */
  outage?: { redis: RunningRedis; forMs: number };
};

export type UpstreamFigures = {
  requests: number;
  /** Requests the simulator answered 429 (its own limit). */
  refused: number;
  /** The most arrivals in any 60 s window, and when (s after the run started) that window ended. */
  windowMax: number;
  windowEndsAtS?: number;
};

/** Upstream arrivals and the simulator's 429s in each 10 s of the run. */
export type UpstreamTimeline = { requests: number; refused: number }[];

/** One change of an instance's /api/health status, s after the run started; `reason` when degraded. */
export type HealthChange = { atS: number; status: string; reason?: string };

export type HealthTrace = {
  instance: number;
  /** `status` of /api/health as it changed, e.g. ok → degraded → ok ("error" when it did not answer 200). */
  changes: HealthChange[];
  /** First "degraded" after the kill, and first "ok" after the restart, in s. */
  degradedAfterKillS?: number;
  okAfterRestartS?: number;
};

export type SharedLoadResult = {
  instances: number;
  viewers: number;
  views: number;
  durationMs: number;
  /** The viewers' answers by status ("timeout" and "network error" for requests that got none). */
  answers: Record<string, number>;
  latencyMs: { p50: number; p99: number };
  export: { status?: number; rows: number; bytes: number; ended: string };
  /** Every request the simulator logged since the stack started (sign-in and warm-up included). */
  upstream: UpstreamFigures;
  timeline: UpstreamTimeline;
  outage?: {
    killedAtS: number;
    restartedAtS: number;
    /** Upstream arrivals before the kill: Redis up the whole time. */
    beforeKill: UpstreamFigures;
    /** App answers that were 5xx, timeouts or network errors (viewers and the export), whole run / during the outage. */
    appFailures: number;
    appFailuresDuringOutage: number;
    health: HealthTrace[];
    restartError?: string;
  };
};

type Answer = { at: number; status: string; ms: number };
type Seen = { at: number; status: string; reason?: string };

const isFailure = (status: string) => !/^[1-4]\d\d$/.test(status);

/** One signed-in viewer polling one view on one instance until `until`, as the batch page would. */
async function viewer(url: string, cookie: string, firstAt: number, until: number, answers: Answer[]): Promise<void> {
  const maxPolls = Math.ceil((until - firstAt) / 1_000) + 1;
  let next = firstAt;
  for (let poll = 0; poll < maxPolls && next < until; poll++) {
    await sleep(Math.max(0, next - Date.now()));
    const sent = Date.now();
    let status: string;
    let waitMs = failureBackoffMs;
    try {
      const response = await fetch(url, {
        headers: { cookie, accept: "application/json" },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      await response.arrayBuffer();
      status = String(response.status);
      if (response.status === 200) waitMs = Number(response.headers.get("x-poll-after-ms")) || defaultPollMs;
      if (response.status === 429) waitMs = Number(response.headers.get("retry-after")) * 1000 || defaultRetryAfterMs;
    } catch (error) {
      status = error instanceof Error && error.name === "TimeoutError" ? "timeout" : "network error";
    }
    answers.push({ at: sent, status, ms: Date.now() - sent });
    // ±5 %, so viewers that started together drift apart as real ones do.
    next = Date.now() + waitMs * (0.95 + Math.random() * 0.1);
  }
}

/** Streams the export until it ends or `signal` stops it, counting whole CSV lines. */
async function streamExport(url: string, cookie: string, signal: AbortSignal): Promise<SharedLoadResult["export"]> {
  let status: number | undefined;
  let bytes = 0;
  let lines = 0;
  let ended = "finished";
  try {
    const response = await fetch(url, { headers: { cookie }, signal });
    status = response.status;
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines += 1;
      }
    }
  } catch (error) {
    ended = signal.aborted
      ? status === undefined
        ? "no answer yet when the run ended"
        : "still streaming when the run ended"
      : `broke: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { status, rows: Math.max(0, lines - 1), bytes, ended };
}

/** Every instance's /api/health every second until `until`; the status sequence per instance. */
async function watchHealth(appUrls: string[], until: number, seen: Seen[][]): Promise<void> {
  const maxChecks = Math.ceil((until - Date.now()) / healthEveryMs) + 1;
  await Promise.all(
    appUrls.map(async (appUrl, instance) => {
      const trace: Seen[] = (seen[instance] = []);
      for (let check = 0; check < maxChecks && Date.now() < until; check++) {
        const at = Date.now();
        let status = "error";
        let reason: string | undefined;
        try {
          const response = await fetch(`${appUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
          const body = (await response.json()) as { status?: string; sharedState?: { reason?: string } };
          status = response.status === 200 ? String(body.status) : `error ${response.status}`;
          reason = body.sharedState?.reason;
        } catch {
          // counted as "error"
        }
        if (trace.at(-1)?.status !== status) trace.push({ at, status, reason });
        await sleep(Math.max(0, at + healthEveryMs - Date.now()));
      }
    }),
  );
}

function upstreamFigures(times: number[], statuses: (number | null)[], start: number): UpstreamFigures {
  const window = busiestWindow(times, upstreamWindowMs);
  return {
    requests: times.length,
    refused: statuses.filter((status) => status === 429).length,
    windowMax: window.count,
    windowEndsAtS: window.endsAt === undefined ? undefined : (window.endsAt - start) / 1000,
  };
}

export async function sharedLoad(bench: BenchStack, options: SharedLoadOptions): Promise<SharedLoadResult> {
  const { appUrls } = bench.stack;
  // Two people (the demo's verified acme accounts) stand for the viewers; alice also exports.
  const carol: Session = await signIn({
    appUrl: bench.stack.appUrl,
    email: "carol@acme.test",
    password: "carol-demo-pass",
  });
  const cookies = [bench.session.cookie, carol.cookie];
  const answers: Answer[] = [];
  const health: Seen[][] = [];
  const start = Date.now();
  const until = start + options.durationMs;

  const stopExport = new AbortController();
  const exported = streamExport(`${appUrls[0]}${exportPath}`, bench.session.cookie, stopExport.signal);
  const stopAtEnd = setTimeout(() => stopExport.abort(), options.durationMs);

  let killedAt: number | undefined;
  let restartedAt: number | undefined;
  let restartError: string | undefined;
  const outage = options.outage;
  const redisOutage = outage
    ? (async () => {
        await sleep(Math.max(0, (options.durationMs - outage.forMs) / 2));
        killedAt = Date.now();
        outage.redis.kill();
        await sleep(outage.forMs);
        restartedAt = Date.now();
        try {
          await outage.redis.restart();
        } catch (error) {
          restartError = error instanceof Error ? error.message : String(error);
        }
      })()
    : Promise.resolve();

  try {
    await Promise.all([
      ...Array.from({ length: options.viewers }, (_, index) =>
        viewer(
          `${appUrls[index % appUrls.length]}${viewerPaths[index % viewerPaths.length]}`,
          cookies[index % cookies.length]!,
          start + (index * defaultPollMs) / options.viewers,
          until,
          answers,
        ),
      ),
      outage ? watchHealth(appUrls, until, health) : undefined,
      redisOutage,
      // The run lasts its whole time even when every viewer was told to come back after it ends.
      sleep(options.durationMs),
    ]);
  } finally {
    clearTimeout(stopAtEnd);
    stopExport.abort();
  }
  const exportResult = await exported;
  // Requests the app had in flight when the run ended still arrive; let them land in the log.
  await sleep(1_000);
  const log = await bench.sim.recent(5_000);
  const times = log.map((entry) => entry.at);
  const statuses = log.map((entry) => entry.status);

  const answersByStatus: Record<string, number> = {};
  for (const answer of answers) answersByStatus[answer.status] = (answersByStatus[answer.status] ?? 0) + 1;
  const latencies = answers.filter((answer) => answer.status === "200").map((answer) => answer.ms);
  const exportFailed = (exportResult.status ?? 200) >= 500 || exportResult.ended.startsWith("broke");

  const result: SharedLoadResult = {
    instances: appUrls.length,
    viewers: options.viewers,
    views: Math.min(options.viewers, viewerPaths.length),
    durationMs: options.durationMs,
    answers: Object.fromEntries(Object.entries(answersByStatus).sort(([a], [b]) => a.localeCompare(b))),
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    export: exportResult,
    upstream: upstreamFigures(times, statuses, start),
    timeline: Array.from({ length: Math.ceil(options.durationMs / 10_000) }, (_, index) => {
      const inStep = log.filter((entry) => Math.floor((entry.at - start) / 10_000) === index);
      return { requests: inStep.length, refused: inStep.filter((entry) => entry.status === 429).length };
    }),
  };
  if (outage && killedAt !== undefined) {
    const kill = killedAt;
    const back = restartedAt ?? until;
    const before = log.filter((entry) => entry.at < kill);
    result.outage = {
      killedAtS: (kill - start) / 1000,
      restartedAtS: (back - start) / 1000,
      beforeKill: upstreamFigures(
        before.map((entry) => entry.at),
        before.map((entry) => entry.status),
        start,
      ),
      appFailures: answers.filter((answer) => isFailure(answer.status)).length + (exportFailed ? 1 : 0),
      appFailuresDuringOutage: answers.filter(
        (answer) => isFailure(answer.status) && answer.at >= kill && answer.at <= back + 5_000,
      ).length,
      health: health.map((trace, instance) => ({
        instance,
        changes: trace.map(({ at, status, reason }) => ({ atS: (at - start) / 1000, status, reason })),
        degradedAfterKillS: seconds(trace.find((entry) => entry.at >= kill && entry.status === "degraded")?.at, kill),
        okAfterRestartS: seconds(trace.find((entry) => entry.at >= back && entry.status === "ok")?.at, back),
      })),
      restartError,
    };
  }
  return result;
}

const seconds = (at: number | undefined, since: number) => (at === undefined ? undefined : (at - since) / 1000);

/** One request on each instance, so no route is cold when the measurement starts. */
export async function warmEachInstance(bench: BenchStack, path: string): Promise<void> {
  for (const appUrl of bench.stack.appUrls) {
    const response = await fetch(`${appUrl}${path}`, {
      headers: { cookie: bench.session.cookie },
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`warm-up GET ${path} on ${appUrl} answered ${response.status}`);
  }
}
