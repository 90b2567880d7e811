/**
 * `npm run bench:jobs`: a background export job of the 100,000-call batch under Trillet's default
 * budget (60 requests a minute, enforced by the simulator too) while 3 people watch a live batch.
 * Two `next start` instances share one Redis and run their steps on the Workflow SDK's Postgres
 * World (a throwaway PostgreSQL), as a self-hosted deployment would.
 *
 *   npm run bench:jobs                      the 100k export (about 25 minutes: the budget is the floor)
 *   npm run bench:jobs -- --status failed   its 6,909 failed calls only (about 3 minutes)
 *
 * Prints the export's time against the floor (pages ÷ background requests a minute), the viewers'
 * answers (429s and 5xx), upstream 429s, the busiest 60 s upstream, and each instance's peak RSS
 * growth; writes bench/results/export-jobs.json. Ports 3340/3341 (app), 4340 (sim), 4341 (IdP).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createClient } from "redis";
import { bootstrapWorkflowSchema, startPostgres } from "../dev/services/postgres.js";
import { startRedis } from "../dev/services/redis.js";
import { startStack } from "../dev/stack.js";
import { callStatuses, type CallStatusFilter } from "../lib/shared/batch-view.js";
import { backgroundPerMinute } from "../lib/trillet/background-share.js";
import { build, buildIsStale } from "./support/build.js";
import { appServerRoot, RssSampler, treeRssBytes } from "./support/proc.js";
import { signIn } from "./support/session.js";
import { Simulator, bigBatch } from "./support/stack.js";
import { busiestWindow, fixed, mb, sleep } from "./support/stats.js";

const { values } = parseArgs({ options: { status: { type: "string", default: "all" } } });
const status = values.status as CallStatusFilter;
if (!callStatuses.includes(status)) throw new Error(`--status must be one of ${callStatuses.join(", ")}`);

const ports = { app: 3340, sim: 4340, idp: 4341 };
const instances = 2;
const limitPerMinute = 60;
const viewers = 3;
const liveBatchPoll = "/api/w/acme/batches/batch_live_acme/calls?status=all&page=1&limit=20";

type ViewerTally = { requests: number; ok: number; rateLimited: number; serverErrors: number; other: number };

async function watch(appUrl: string, cookie: string, stop: { now: boolean }, tally: ViewerTally): Promise<void> {
  while (!stop.now) {
    let waitMs = 3_000;
    try {
      const response = await fetch(`${appUrl}${liveBatchPoll}`, { headers: { cookie } });
      tally.requests += 1;
      if (response.status === 200) tally.ok += 1;
      else if (response.status === 429) tally.rateLimited += 1;
      else if (response.status >= 500) tally.serverErrors += 1;
      else tally.other += 1;
      // As the page does: the server's hint, or Retry-After after a refusal.
      const hint = Number(response.headers.get("x-poll-after-ms"));
      const retryAfter = Number(response.headers.get("retry-after"));
      if (hint > 0) waitMs = hint;
      if (retryAfter > 0) waitMs = retryAfter * 1000;
      await response.arrayBuffer();
    } catch {
      tally.serverErrors += 1;
    }
    await sleep(waitMs);
  }
}

/** What the job's file takes in Redis: every chunk value's length. */
async function chunkBytes(url: string): Promise<number> {
  const client = await createClient({ url }).connect();
  try {
    let total = 0;
    for await (const keys of client.scanIterator({ MATCH: "*:chunk:*", COUNT: 500 })) {
      for (const key of keys) total += await client.strLen(key);
    }
    return total;
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  if (buildIsStale()) await build("bench/results/build.log");
  const postgres = await startPostgres();
  const redis = await startRedis({ port: 0, quiet: true });
  bootstrapWorkflowSchema(postgres.url);
  const stack = await startStack({
    ports,
    instances,
    redisUrl: redis.url,
    quiet: true,
    logFile: "test-logs/bench-export-jobs.log",
    simRateLimitPerMinute: limitPerMinute,
    // The live batch stays live for the whole run: its viewers keep polling.
    liveDurationMs: 3 * 60 * 60_000,
    appEnv: {
      TRILLET_RATE_LIMIT_PER_MINUTE: String(limitPerMinute),
      API_RATE_LIMIT_PER_MINUTE: "100000",
      WORKFLOW_TARGET_WORLD: "@workflow/world-postgres",
      WORKFLOW_POSTGRES_URL: postgres.url,
    },
  });
  const stop = { now: false };
  try {
    const session = await signIn({ appUrl: stack.appUrl });
    const sim = new Simulator(stack.simUrl);
    const roots = stack.appUrls.map((url) => appServerRoot(Number(new URL(url).port))!);
    const rssBefore = roots.map((root) => treeRssBytes(root));
    const samplers = roots.map((root) => new RssSampler(root, 500).start());
    const tallies: ViewerTally[] = Array.from({ length: viewers }, () => ({
      requests: 0,
      ok: 0,
      rateLimited: 0,
      serverErrors: 0,
      other: 0,
    }));
    const watching = tallies.map((tally, index) =>
      watch(stack.appUrls[index % instances]!, session.cookie, stop, tally),
    );
    // The viewers settle first: the export shares the budget with them from its first page.
    await sleep(15_000);

    const jobsUrl = `${stack.appUrl}/api/w/acme/batches/${bigBatch}/exports`;
    const started = Date.now();
    const post = await fetch(jobsUrl, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/json", origin: stack.appUrl },
      body: JSON.stringify({ format: "csv", status }),
    });
    if (post.status !== 202) throw new Error(`starting the job answered ${post.status}: ${await post.text()}`);
    const { job } = (await post.json()) as { job: { id: string } };
    type View = { state: string; rows: { done: number; total?: number }; pages: { done: number; total?: number } };
    let view: View | undefined;
    let lastReport = 0;
    for (;;) {
      // Read through the second instance: any instance answers for any job.
      const answer = await fetch(`${stack.appUrls[1]}/api/w/acme/batches/${bigBatch}/exports/${job.id}`, {
        headers: { cookie: session.cookie },
      });
      if (answer.ok) view = ((await answer.json()) as { job: View }).job;
      if (view && !["queued", "running"].includes(view.state)) break;
      if (Date.now() - lastReport > 60_000 && view) {
        lastReport = Date.now();
        console.log(
          `  ${fixed((Date.now() - started) / 60_000)} min: ${view.pages.done}/${view.pages.total ?? "?"} pages, ${view.rows.done} rows`,
        );
      }
      await sleep(2_000);
    }
    const elapsedMs = Date.now() - started;
    stop.now = true;
    await Promise.all(watching);
    const rss = samplers.map((sampler) => sampler.stop());

    const file = await fetch(`${stack.appUrls[1]}/api/w/acme/batches/${bigBatch}/exports/${job.id}/file`, {
      headers: { cookie: session.cookie },
    });
    const text = await file.text();
    const fileRows = text.split("\r\n").filter((line) => line.length > 0).length - 1;

    const redisChunkBytes = await chunkBytes(redis.url);
    const upstream = await sim.recent(5_000);
    const during = upstream.filter((entry) => entry.at >= started && entry.at <= started + elapsedMs);
    const pages = view?.pages.total ?? 0;
    const floorMinutes = pages / backgroundPerMinute(limitPerMinute);
    const result = {
      status,
      state: view?.state,
      rows: view?.rows,
      fileRows,
      fileBytes: Buffer.byteLength(text),
      redisChunkBytes,
      pages,
      minutes: elapsedMs / 60_000,
      floorMinutes,
      viewers: tallies,
      upstreamDuring: during.length,
      upstream429: during.filter((entry) => entry.status === 429).length,
      busiest60s: busiestWindow(
        during.map((entry) => entry.at),
        60_000,
      ).count,
      rss: rss.map((sample, index) => ({
        beforeMb: mb(rssBefore[index]!),
        peakMb: mb(sample.peak),
        growthMb: mb(sample.peak - rssBefore[index]!),
      })),
    };
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/export-jobs.json", `${JSON.stringify(result, null, 2)}\n`);
    const sum = (key: keyof ViewerTally) => tallies.reduce((total, tally) => total + tally[key], 0);
    console.log(`
| figure | result | target |
|---|---|---|
| export of ${bigBatch} (${status}), ${fixed(result.rows?.done ?? 0, 0)} rows, ${pages} pages: time | ${fixed(result.minutes)} min vs floor ${fixed(floorMinutes)} min (${fixed(result.minutes / floorMinutes, 2)}×) | info |
| job state / rows in the file | ${result.state} / ${fileRows} | done / all |
| ${viewers} live viewers: answers (200 / 429 / 5xx) | ${sum("ok")} / ${sum("rateLimited")} / ${sum("serverErrors")} | 429 = 0 |
| upstream: requests / 429 from the simulator / busiest 60 s | ${result.upstreamDuring} / ${result.upstream429} / ${result.busiest60s} | 429 = 0, ≤ ${limitPerMinute} |
| peak RSS growth per instance | ${result.rss.map((entry) => `${fixed(entry.growthMb)} MB`).join(", ")} | ≤ 64 MB |
| file size: CSV / its chunks in Redis (gzip, sealed) | ${fixed(mb(result.fileBytes))} MB / ${fixed(mb(redisChunkBytes))} MB | info |
`);
  } finally {
    stop.now = true;
    await stack.stop();
    await redis.stop();
    await postgres.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
