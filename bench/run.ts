/**
 * `npm run bench`: builds the production app when needed, starts the simulator, the local IdP and
 * `next start` (bench ports 3200/4210/4211), signs in through the real OIDC flow, runs every
 * measurement next to its baseline, and prints one markdown table (also bench/results/latest.md;
 * raw figures in bench/results/latest.json).
 *
 *   npm run bench                       everything (about 5 minutes)
 *   npm run bench -- --rebuild          rebuild first (after product code changed)
 *   npm run bench -- --wait-quiet       wait for the CPUs to be under 25% busy first (up to 10 min), and
 *                                       again before each measurement (up to 2 min each, 8 min in all);
 *                                       a measurement other work disturbed anyway is taken once more
 *   npm run bench -- --only proxy,export   some of: proxy, render, weight, lighthouse, coalesce, export, shared, search, intake,
 *                                       intake-browser
 *   npm run bench -- --only search --search-long
 *                                       search, with the 100,000-call batch read for 5 min at 60/min
 *   npm run bench -- --only shared --shared-seconds 150
 *                                       shared state: three instances and a Redis (redis-server on a free
 *                                       loopback port), the load run this long each with and without Redis
 *
 * NEXT_DIST_DIR selects the build directory (default .next), as for next.config.mjs and dev/stack.ts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { coalescing, type CoalesceResult } from "./measure/coalesce.js";
import { bigExport, type ExportResult } from "./measure/export.js";
import {
  runLighthouse,
  runLighthouseAgainstFloor,
  type LighthouseRun,
  type LighthouseScores,
} from "./measure/lighthouse.js";
import { pageWeight, type PageWeights, type RouteWeight } from "./measure/page-weight.js";
import {
  cannon,
  direct,
  oneAtATime,
  oneConnection,
  proxiedPath,
  throughApp,
  upstreamUrlOf,
  type PassResult,
} from "./measure/proxy.js";
import { serverRender, type RenderResult } from "./measure/render.js";
import { searchCold, type SearchColdResult } from "./measure/search.js";
import {
  fallbackShare,
  sharedLoad,
  viewerPaths,
  warmEachInstance,
  type SharedLoadResult,
  type UpstreamFigures,
} from "./measure/shared.js";
import { startRedis, type RunningRedis } from "../dev/services/redis.js";
import { intakeRows, serverIntake, type IntakeServerResult } from "./intake-server.js";
import { intakeBrowserRows, intakeInBrowser, type IntakeBrowserResult } from "./measure/intake-browser.js";
import { build, buildId, buildIsStale, distDir } from "./support/build.js";
import { machineBusy, othersShare } from "./support/proc.js";
import {
  benchPorts,
  bigBatch,
  demoBatch,
  demoBatchPage,
  startBenchStack,
  unlimited,
  type BenchStack,
  type StackShape,
} from "./support/stack.js";
import { fixed, mb } from "./support/stats.js";

const sections = [
  "proxy",
  "render",
  "weight",
  "lighthouse",
  "coalesce",
  "export",
  "shared",
  "search",
  "intake",
  "intake-browser",
] as const;
/** The mobile score moved by ±5 between identical runs here, so the table shows the median of three. */
const lighthouseMobileRuns = 3;
type Section = (typeof sections)[number];

const { values } = parseArgs({
  options: {
    rebuild: { type: "boolean", default: false },
    only: { type: "string" },
    "wait-quiet": { type: "boolean", default: false },
    "shared-seconds": { type: "string", default: "150" },
    "search-long": { type: "boolean", default: false },
  },
});
const only = new Set<Section>(
  values.only ? (values.only.split(",").map((name) => name.trim()) as Section[]) : sections,
);
for (const name of only)
  if (!sections.includes(name)) throw new Error(`--only: unknown section "${name}" (one of ${sections.join(", ")})`);

/** How long each load run of the shared section lasts (with Redis, then without). */
const sharedSeconds = Math.min(600, Math.max(40, Number(values["shared-seconds"]) || 150));

const resultsDir = "bench/results";
const heapCapMb = 160;
const simLatencyMs = 50;

/** The shared section: instances, the key's limit (app budget and simulator), viewers, how long Redis is away. */
const shared = { instances: 3, limitPerMinute: 60, viewers: 10, outageMs: 20_000 };

type Failure = { error: string };
type Outcome<T> = T | Failure;
const failed = <T>(outcome: Outcome<T> | undefined): outcome is Failure =>
  Boolean(outcome && typeof outcome === "object" && "error" in outcome);

type Results = {
  intake?: Outcome<IntakeServerResult>;
  intakeBrowser?: Outcome<IntakeBrowserResult>;
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  commit: string;
  uncommittedChanges: boolean;
  node: string;
  cpus: number;
  memoryGb: number;
  /** 1-minute load average at start and end: other work on the machine skews every figure. */
  loadAverage: { start: number; end?: number };
  /** Share of all CPUs busy during 2 s just before the run, i.e. other people's work. */
  busyBeforeStart: number;
  /** Per measurement, the share of all CPUs other people's work used meanwhile. */
  othersCpu?: Record<string, number>;
  distDir: string;
  buildId?: string;
  builtNow: boolean;
  buildStale: boolean;
  simLatencyMs: number;
  ports: typeof benchPorts;
  proxy?: Outcome<{
    upstreamUrl: string;
    direct: PassResult;
    appNoCache: PassResult;
    appDefaultCache?: Outcome<PassResult>;
    single?: Outcome<{ direct: PassResult; app: PassResult }>;
  }>;
  render?: Outcome<RenderResult>;
  weight?: Outcome<PageWeights>;
  lighthouse?: {
    mobile: Outcome<LighthouseScores>;
    /** The same calibrated mobile runs on the signed-out /signin: the framework's floor. */
    signin?: LighthouseScores;
    desktop?: Outcome<LighthouseScores>;
  };
  coalesce?: Outcome<CoalesceResult>;
  exports?: {
    concurrency4: Outcome<ExportResult>;
    concurrency1: Outcome<ExportResult>;
    heapCapped?: Outcome<ExportResult>;
  };
  /** Issue 29: a finished 2,000-call batch at 60/min; 100,000 calls for 5 min at 60/min, then unlimited (warm). */
  search?: {
    twoThousand: Outcome<SearchColdResult>;
    /** Only with --search-long (5 minutes at the vendor's limit). */
    big?: Outcome<SearchColdResult>;
    bigWarm: Outcome<SearchColdResult>;
  };
  shared?: {
    /** One connection, cache off, one instance: without REDIS_URL, then with. */
    priceWithout: Outcome<OneConnection>;
    priceWith: Outcome<OneConnection>;
    coalesce: Outcome<CoalesceResult>;
    /** The load run with Redis (killed and restarted in the middle), then the same without Redis. */
    withRedis: Outcome<SharedLoadResult>;
    withoutRedis: Outcome<SharedLoadResult>;
  };
};

type OneConnection = { direct: PassResult; app: PassResult };

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

/** Per measurement: the share of all CPUs that other people's work used meanwhile (0..1). */
const othersCpu: Record<string, number> = {};
const noisyShare = 0.15;

/** A warning for a figure taken while other work used a noticeable part of the machine. */
function noise(label: string): string {
  const share = othersCpu[label];
  return share !== undefined && share > noisyShare
    ? ` ⚠ other work used ${Math.round(share * 100)}% of the CPUs meanwhile`
    : "";
}

const quietShare = 0.25;
let quietBudgetMs = 8 * 60_000;

/** With --wait-quiet: before a measurement, wait (at most 2 min, 8 min per run) until the CPUs are mostly idle. */
async function waitQuiet(label: string): Promise<void> {
  if (!values["wait-quiet"] || quietBudgetMs <= 0) return;
  const until = Date.now() + Math.min(2 * 60_000, quietBudgetMs);
  let busy = await machineBusy();
  while (busy > quietShare && Date.now() < until) {
    log(`${label}: the CPUs are ${Math.round(busy * 100)}% busy with other work; waiting …`);
    const waited = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    busy = await machineBusy();
    quietBudgetMs -= Date.now() - waited;
  }
}

async function attempt<T>(label: string, run: () => Promise<T>, retryIfDisturbed = true): Promise<Outcome<T>> {
  await waitQuiet(label);
  const started = Date.now();
  try {
    const { value, others } = await othersShare(run);
    log(
      `${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s (other work used ${Math.round(others * 100)}% of the CPUs)`,
    );
    othersCpu[label] = others;
    // With --wait-quiet, a measurement that other work disturbed is taken once more; the calmer one counts.
    if (values["wait-quiet"] && retryIfDisturbed && others > quietShare && quietBudgetMs > 0) {
      log(`${label}: disturbed by other work; measuring again`);
      const again = await attempt(label, run, false);
      if (!failed(again) && (othersCpu[label] ?? 1) < others) return again;
      log(`${label}: keeping the first measurement (less disturbed)`);
      othersCpu[label] = others;
    }
    return value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${label}: FAILED: ${message}`);
    return { error: message.split("\n")[0]!.slice(0, 300) };
  }
}

/** `instances` and `simRateLimitPerMinute` as for startStack; `redis`: a redis-server of its own for them to share. */
type Shape = Omit<StackShape, "redisUrl"> & { redis?: boolean };

async function withStack<T>(
  label: string,
  appEnv: Record<string, string>,
  run: (bench: BenchStack, redis: RunningRedis | undefined) => Promise<T>,
  shape: Shape = {},
): Promise<Outcome<T>> {
  const { redis: withRedis, ...stackShape } = shape;
  const described = [
    ...Object.entries(appEnv).map(([key, value]) => `${key}=${value}`),
    ...(stackShape.instances ? [`${stackShape.instances} instances`] : []),
    ...(withRedis ? ["a redis-server of its own"] : []),
    ...(stackShape.simRateLimitPerMinute ? [`simulator limit ${stackShape.simRateLimitPerMinute}/min`] : []),
  ];
  log(`${label}: starting the stack (${described.join(" ") || "defaults"})`);
  let bench: BenchStack;
  let redis: RunningRedis | undefined;
  try {
    if (withRedis) redis = await startRedis({ port: 0, quiet: true });
    bench = await startBenchStack(appEnv, simLatencyMs, { ...stackShape, redisUrl: redis?.url });
  } catch (error) {
    await redis?.stop();
    const message = error instanceof Error ? error.message : String(error);
    log(`${label}: the stack did not start: ${message}`);
    return { error: `stack did not start: ${message.slice(0, 300)}` };
  }
  try {
    return await attempt(label, () => run(bench, redis), false);
  } finally {
    await bench.stack.stop();
    await redis?.stop();
  }
}

/**
 * Shared state (README, "Shared state"): the price of Redis on one request, coalescing over three
 * instances, then three instances under Trillet's 60 a minute with Redis (killed for 20 s in the
 * middle) and without it.
 */
async function sharedSection(): Promise<NonNullable<Results["shared"]>> {
  const cacheOff = { API_RATE_LIMIT_PER_MINUTE: unlimited, TRILLET_RATE_LIMIT_PER_MINUTE: unlimited };
  const price = (redis: boolean) =>
    withStack(
      `shared: one connection, cache off, ${redis ? "REDIS_URL" : "no Redis"}`,
      { ...cacheOff, TRILLET_CACHE_TTL_MS: "0" },
      async (bench) => oneConnection(bench, await upstreamUrlOf(bench)),
      { redis },
    );
  const priceWithout = await price(false);
  const priceWith = await price(true);

  const coalesce = await withStack(
    "shared: coalescing over instances with Redis",
    cacheOff,
    async (bench) => {
      await warmEachInstance(bench, `/api/w/acme/batches/${demoBatch}/calls?status=all&page=2&limit=20`);
      return coalescing(bench);
    },
    { instances: shared.instances, redis: true },
  );

  // The budget at Trillet's 60 a minute (burst by default); the viewers stand for many people but are two.
  const limited = {
    TRILLET_RATE_LIMIT_PER_MINUTE: String(shared.limitPerMinute),
    API_RATE_LIMIT_PER_MINUTE: unlimited,
  };
  const load = { durationMs: sharedSeconds * 1000, viewers: shared.viewers };
  const limitedShape = { instances: shared.instances, simRateLimitPerMinute: shared.limitPerMinute };
  const withRedis = await withStack(
    `shared: load with Redis, ${sharedSeconds} s`,
    limited,
    (bench, redis) => sharedLoad(bench, { ...load, outage: { redis: redis!, forMs: shared.outageMs } }),
    { ...limitedShape, redis: true },
  );
  const withoutRedis = await withStack(
    `shared: load without Redis, ${sharedSeconds} s`,
    limited,
    (bench) => sharedLoad(bench, load),
    limitedShape,
  );
  return { priceWithout, priceWith, coalesce, withRedis, withoutRedis };
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(resultsDir, { recursive: true });

  let builtNow = false;
  if (values.rebuild || !existsSync(join(distDir, "BUILD_ID"))) {
    log(`building the production app into ${distDir} (log: ${resultsDir}/build.log) …`);
    await build(`${resultsDir}/build.log`);
    builtNow = true;
  }
  // Other work on the machine (a build, a test suite) skews every figure: say so, or wait for quiet.
  let busy = await machineBusy();
  const quietBy = Date.now() + 10 * 60_000;
  while (values["wait-quiet"] && busy > quietShare && Date.now() < quietBy) {
    log(`the machine is ${Math.round(busy * 100)}% busy; waiting for it to calm down (--wait-quiet, at most 10 min) …`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    busy = await machineBusy();
  }
  if (busy > 0.25)
    log(`WARNING: the CPUs are ${Math.round(busy * 100)}% busy before the run: other work will skew the figures`);
  const stale = buildIsStale();
  if (stale)
    log(`WARNING: sources changed after the build in ${distDir}; run with --rebuild to measure the current code`);

  const results: Results = {
    startedAt: new Date(started).toISOString(),
    commit: git(["rev-parse", "--short", "HEAD"]),
    uncommittedChanges: git(["status", "--porcelain", "--untracked-files=no"]) !== "",
    node: process.version,
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    loadAverage: { start: loadavg()[0]! },
    busyBeforeStart: busy,
    distDir,
    buildId: buildId(),
    builtNow,
    buildStale: stale,
    simLatencyMs,
    ports: benchPorts,
  };

  const raised = { API_RATE_LIMIT_PER_MINUTE: unlimited, TRILLET_RATE_LIMIT_PER_MINUTE: unlimited };

  // Stack 1: no cache, so every proxied request and every page render goes upstream.
  if (only.has("proxy") || only.has("render")) {
    let upstreamUrl = "";
    await withStack("cache off (TRILLET_CACHE_TTL_MS=0)", { ...raised, TRILLET_CACHE_TTL_MS: "0" }, async (bench) => {
      upstreamUrl = await upstreamUrlOf(bench);
      if (only.has("proxy")) {
        results.proxy = await attempt("proxy, cache off", async () => {
          const directPass = await direct(bench, upstreamUrl);
          const appNoCache = await throughApp(bench);
          return { upstreamUrl, direct: directPass, appNoCache };
        });
        if (!failed(results.proxy)) {
          results.proxy.single = await attempt("proxy, one connection", () => oneConnection(bench, upstreamUrl));
        }
      }
      if (only.has("render")) results.render = await attempt("server render", () => serverRender(bench, upstreamUrl));
    }).then((outcome) => {
      if (failed(outcome)) {
        if (only.has("proxy") && !results.proxy) results.proxy = outcome;
        if (only.has("render") && !results.render) results.render = outcome;
      }
    });
  }

  // Stack 2: the default 2 s cache (rate limits raised so they never answer 429 here).
  if (only.has("weight") || only.has("lighthouse") || only.has("coalesce") || only.has("proxy")) {
    const outcome = await withStack("default cache", raised, async (bench) => {
      if (only.has("weight")) results.weight = await attempt("page weight", () => pageWeight(bench));
      if (only.has("lighthouse")) {
        const pair = await attempt("lighthouse (mobile)", () => runLighthouseAgainstFloor(bench, lighthouseMobileRuns));
        results.lighthouse = {
          mobile: failed(pair) ? pair : pair.batch,
          signin: failed(pair) ? undefined : pair.signin,
          desktop: await attempt("lighthouse (desktop)", () => runLighthouse(bench, "desktop")),
        };
      }
      if (only.has("coalesce")) results.coalesce = await attempt("coalescing", () => coalescing(bench));
      if (only.has("proxy") && results.proxy && !failed(results.proxy)) {
        results.proxy.appDefaultCache = await attempt("proxy, default cache", () => throughApp(bench));
      }
    });
    if (failed(outcome)) {
      if (only.has("weight")) results.weight ??= outcome;
      if (only.has("lighthouse")) results.lighthouse ??= { mobile: outcome };
      if (only.has("coalesce")) results.coalesce ??= outcome;
    }
  }

  // Stacks 3 and 4: a fresh server per export concurrency (it is read at start).
  if (only.has("export")) {
    const exportRun = async (concurrency: number, env: Record<string, string>) => {
      const label = `export, EXPORT_CONCURRENCY=${concurrency}${env.NODE_OPTIONS ? `, ${env.NODE_OPTIONS}` : ""}`;
      const once = () =>
        withStack(label, { TRILLET_RATE_LIMIT_PER_MINUTE: unlimited, ...env }, (bench) =>
          bigExport(bench, concurrency),
        );
      const outcome = await once();
      const others = othersCpu[label] ?? 0;
      // RSS needs a fresh server, so a disturbed export is retaken on a new one; the calmer one counts.
      if (values["wait-quiet"] && !failed(outcome) && others > quietShare && quietBudgetMs > 0) {
        log(`${label}: disturbed by other work; measuring again on a fresh server`);
        const again = await once();
        if (!failed(again) && (othersCpu[label] ?? 1) < others) return again;
        log(`${label}: keeping the first measurement (less disturbed)`);
        othersCpu[label] = others;
      }
      return outcome;
    };
    const concurrency4 = await exportRun(4, {});
    const concurrency1 = await exportRun(1, { EXPORT_CONCURRENCY: "1" });
    // Diagnostic: the same export with V8's old space capped. If RSS growth collapses, it was
    // collectable garbage V8 had not collected yet, not data the export holds on to.
    const heapCapped = await exportRun(4, { NODE_OPTIONS: `--max-old-space-size=${heapCapMb}` });
    results.exports = { concurrency4, concurrency1, heapCapped };
  }

  if (only.has("shared")) results.shared = await sharedSection();

  if (only.has("search")) {
    const atVendorLimit = { TRILLET_RATE_LIMIT_PER_MINUTE: "60" };
    const warmQueries = ["Ethan", "555-01", "+13125550117", "ACC-0012", "liam nguyen"];
    results.search = {
      twoThousand: await withStack(
        "search, 2,000 calls at 60/min",
        atVendorLimit,
        (bench) => searchCold(bench, "batch_finished_2k", { query: "Walsh", warmQueries, maxSeconds: 120 }),
        { simRateLimitPerMinute: 60 },
      ),
      big: values["search-long"]
        ? await withStack(
            "search, 100,000 calls at 60/min for 5 min",
            atVendorLimit,
            (bench, redis) =>
              searchCold(bench, bigBatch, {
                query: "Walsh",
                warmQueries,
                maxSeconds: 301,
                marks: [60, 300],
                redisUrl: redis?.url,
              }),
            { simRateLimitPerMinute: 60, redis: true },
          )
        : undefined,
      bigWarm: await withStack(
        "search, 100,000 calls unlimited",
        { TRILLET_RATE_LIMIT_PER_MINUTE: unlimited },
        (bench, redis) =>
          searchCold(bench, bigBatch, { query: "Walsh", warmQueries, maxSeconds: 300, redisUrl: redis?.url }),
        { redis: true },
      ),
    };
  }

  if (only.has("intake")) results.intake = await attempt("server intake, 100,000 rows", async () => serverIntake());
  if (only.has("intake-browser")) {
    results.intakeBrowser = await withStack("browser intake, 100,000 rows", {}, (bench) => intakeInBrowser(bench));
  }

  results.loadAverage.end = loadavg()[0]!;
  results.othersCpu = othersCpu;
  results.finishedAt = new Date().toISOString();
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  const markdown = renderMarkdown(results);
  writeFileSync(`${resultsDir}/latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${resultsDir}/latest.md`, markdown);
  process.stdout.write(markdown);
}

// ---------------------------------------------------------------------------------------------
// The table

type Row = [
  section: string,
  measurement: string,
  result: string,
  baseline: string,
  ratio: string,
  target: string,
  met: string,
];

const ms = (value: number) => `${fixed(value, value < 10 ? 1 : 0)} ms`;
const kb = (bytes: number) => `${fixed(bytes / 1000, 1)} kB`;
const verdict = (ok: boolean) => (ok ? "yes" : "**NO**");
const notRun = (section: string, measurement: string, outcome: Failure, target = ""): Row => [
  section,
  measurement,
  `could not run: ${outcome.error.replaceAll("|", "\\|")}`,
  "",
  "",
  target,
  "**NO**",
];

/** A figure with no target, shown for information. */
const info = (section: string, measurement: string, result: string, baseline = "", ratio = ""): Row => [
  section,
  measurement,
  result,
  baseline,
  ratio,
  "(info)",
  "",
];

/** A measurement's rows: none when it was not run, "could not run" when it failed, else what `rows` makes of it. */
function outcomeRows<T>(
  outcome: Outcome<T> | undefined,
  [section, measurement, target]: [section: string, measurement: string, target?: string],
  rows: (value: T) => Row[],
): Row[] {
  if (!outcome) return [];
  if (failed(outcome)) return [notRun(section, measurement, outcome, target)];
  return rows(outcome);
}

function passNote(pass: PassResult): string {
  const bad = pass.non2xx + pass.errors + pass.timeouts;
  return bad > 0
    ? ` (⚠ ${bad} of ${pass.total} failed: ${JSON.stringify(pass.statusCodes)}, errors ${pass.errors})`
    : "";
}

function proxyRows(results: Results): Row[] {
  const label = `GET ${proxiedPath}, ${cannon.connections} connections, ${cannon.durationSeconds} s, upstream +${results.simLatencyMs} ms`;
  return outcomeRows(results.proxy, ["1 proxy", label, "p50 ≤ 1.10×, p99 ≤ 1.5×"], (proxy) => proxyPassRows(proxy));
}

function proxyPassRows(proxy: Exclude<Results["proxy"], Failure | undefined>): Row[] {
  const d = proxy.direct;
  const rows: Row[] = [];
  const passRows = (name: string, pass: PassResult, targets: boolean, label: string): Row[] => {
    const p50 = pass.p50 / d.p50;
    const p99 = pass.p99 / d.p99;
    return [
      [
        "1 proxy",
        `${name}: p50 latency`,
        ms(pass.p50) + passNote(pass) + noise(label),
        `${ms(d.p50)} direct`,
        `${fixed(p50, 2)}×`,
        targets ? "≤ 1.10×" : "(info)",
        targets ? verdict(p50 <= 1.1) : "",
      ],
      [
        "1 proxy",
        `${name}: p99 latency`,
        ms(pass.p99),
        `${ms(d.p99)} direct`,
        `${fixed(p99, 2)}×`,
        targets ? "≤ 1.5×" : "(info)",
        targets ? verdict(p99 <= 1.5) : "",
      ],
      info(
        "1 proxy",
        `${name}: throughput (server CPU per request)`,
        `${fixed(pass.requestsPerSecond, 0)} req/s (${fixed(pass.serverCpuMsPerRequest ?? Number.NaN, 1)} ms CPU)`,
        `${fixed(d.requestsPerSecond, 0)} req/s direct`,
        `${fixed(pass.requestsPerSecond / d.requestsPerSecond, 2)}×`,
      ),
      info(
        "1 proxy",
        `${name}: upstream requests per app request${targets ? " (TTL 0 still shares identical reads while in flight)" : ""}`,
        `${fixed(pass.upstreamPerRequest, 3)} (${pass.upstreamRequests} / ${pass.total})`,
      ),
    ];
  };
  rows.push(...passRows("cache off (TRILLET_CACHE_TTL_MS=0)", proxy.appNoCache, true, "proxy, cache off"));
  if (proxy.appDefaultCache) {
    if (failed(proxy.appDefaultCache)) rows.push(notRun("1 proxy", "default cache (2 s)", proxy.appDefaultCache));
    else rows.push(...passRows("default cache (2 s)", proxy.appDefaultCache, false, "proxy, default cache"));
  }
  rows.push(["1 proxy", `direct to simulator: ${d.total} requests${passNote(d)}`, "", "", "", "baseline", ""]);
  const name = `one connection, ${oneAtATime.durationSeconds} s, cache off (no queueing: the proxy's own latency)`;
  rows.push(
    ...outcomeRows(proxy.single, ["1 proxy", name], ({ app, direct: alone }) => [
      info(
        "1 proxy",
        `${name}: p50 latency`,
        ms(app.p50) + passNote(app) + noise("proxy, one connection"),
        `${ms(alone.p50)} direct`,
        `${fixed(app.p50 / alone.p50, 2)}×`,
      ),
      info(
        "1 proxy",
        `${name}: p99 latency`,
        ms(app.p99),
        `${ms(alone.p99)} direct`,
        `${fixed(app.p99 / alone.p99, 2)}×`,
      ),
    ]),
  );
  return rows;
}

function coalesceRows(results: Results): Row[] {
  const label = "upstream calls per client poll (50 clients, every 2 s, 30 s, default TTL 2 s)";
  return outcomeRows(results.coalesce, ["2 coalescing", label, "≤ 0.05"], (c) => [
    [
      "2 coalescing",
      `upstream calls per client poll (${c.clients} clients, every ${c.periodMs / 1000} s, ${c.durationMs / 1000} s, default TTL 2 s)`,
      `${fixed(c.upstreamPerPoll, 3)} (${c.upstreamRequests} upstream / ${c.polls + c.failed} polls${c.failed ? `, ⚠ ${c.failed} failed` : ""})${noise("coalescing")}`,
      "",
      "",
      "≤ 0.05",
      verdict(c.upstreamPerPoll <= 0.05 && c.failed === 0),
    ],
  ]);
}

function exportRows(results: Results): Row[] {
  const e = results.exports;
  if (!e) return [];
  const rows: Row[] = [];
  const label = "100,000-call export (batch_big_100k), upstream +50 ms per page";
  const c4 = e.concurrency4;
  const c1 = e.concurrency1;
  const check = (r: ExportResult) =>
    r.status !== 200 || r.rows !== 100_000 ? ` (⚠ status ${r.status}, ${r.rows} rows)` : "";
  if (failed(c4) || failed(c1)) {
    if (failed(c4)) rows.push(notRun("3 export", `${label}, concurrency 4`, c4, "≥ 3.5× faster"));
    if (failed(c1)) rows.push(notRun("3 export", `${label}, concurrency 1`, c1, "≥ 3.5× faster"));
  } else {
    const ratio = c1.wallMs / c4.wallMs;
    rows.push([
      "3 export",
      `${label}: wall time, EXPORT_CONCURRENCY 4 (default) vs 1`,
      `${fixed(c4.wallMs / 1000, 1)} s${check(c4)}${noise("export, EXPORT_CONCURRENCY=4")}`,
      `${fixed(c1.wallMs / 1000, 1)} s at 1${check(c1)}${noise("export, EXPORT_CONCURRENCY=1")}`,
      `${fixed(ratio, 2)}× faster`,
      "≥ 3.5×",
      verdict(ratio >= 3.5),
    ]);
  }
  if (!failed(c4) && !failed(c1)) {
    rows.push(
      info(
        "3 export",
        "server CPU per upstream page (parse, CSV), concurrency 4 / 1",
        `${fixed(c4.serverCpuMs / Math.max(1, c4.upstreamRequests), 1)} ms / ${fixed(c1.serverCpuMs / Math.max(1, c1.upstreamRequests), 1)} ms`,
        `${fixed(c4.wallMs / Math.max(1, c4.upstreamRequests), 1)} ms wall per page at 4`,
      ),
    );
  }
  if (!failed(c4)) {
    rows.push([
      "3 export",
      `peak RSS growth of the next-server process tree during the export, concurrency 4 (${c4.rssSamples} samples, 100 ms)`,
      `${fixed(mb(c4.rssGrowthBytes), 1)} MB`,
      `${fixed(mb(c4.rssBeforeBytes), 0)} MB before`,
      "",
      "≤ 64 MB",
      verdict(mb(c4.rssGrowthBytes) <= 64),
    ]);
  }
  rows.push(
    ...outcomeRows(
      e.heapCapped,
      ["3 export", `diagnostic: concurrency 4 with --max-old-space-size=${heapCapMb}`],
      (capped) => [
        info(
          "3 export",
          `diagnostic: same export, concurrency 4, server run with NODE_OPTIONS=--max-old-space-size=${heapCapMb}: peak RSS growth (wall time)`,
          `${fixed(mb(capped.rssGrowthBytes), 1)} MB (${fixed(capped.wallMs / 1000, 1)} s)${check(capped)}${noise(`export, EXPORT_CONCURRENCY=4, --max-old-space-size=${heapCapMb}`)}`,
          `${fixed(mb(capped.rssBeforeBytes), 0)} MB before`,
        ),
      ],
    ),
  );
  if (!failed(c1)) {
    rows.push(
      info(
        "3 export",
        "peak RSS growth, concurrency 1",
        `${fixed(mb(c1.rssGrowthBytes), 1)} MB`,
        `${fixed(mb(c1.rssBeforeBytes), 0)} MB before`,
      ),
    );
  }
  return rows;
}

function weightRows(results: Results): Row[] {
  const label = "first-load JavaScript, gzip -9, all /_next/static/**.js a signed-in Chromium loads";
  return outcomeRows(results.weight, ["4 page weight", label, "≤ /signin + 30 kB"], (w) => weightOf(w, label));
}

function weightOf(w: PageWeights, label: string): Row[] {
  const route = (r: RouteWeight) =>
    r.status !== 200 || r.finalPath !== r.route ? ` (⚠ ${r.status}, ended at ${r.finalPath})` : "";
  const rows: Row[] = [
    [
      "4 page weight",
      `batch route ${demoBatchPage}: ${label}`,
      `${kb(w.batch.gzipBytes)} gz in ${w.batch.chunks.length} chunks${route(w.batch)}`,
      `${kb(w.signin.gzipBytes)} /signin`,
      `+${kb(w.batch.gzipBytes - w.signin.gzipBytes)}`,
      "≤ /signin + 30 kB",
      verdict(w.batch.gzipBytes - w.signin.gzipBytes <= 30_000),
    ],
    info(
      "4 page weight",
      `home \`/\`: same`,
      `${kb(w.home.gzipBytes)} gz in ${w.home.chunks.length} chunks${route(w.home)}`,
      `${kb(w.home.rawBytes)} raw`,
    ),
    info(
      "4 page weight",
      "`/signin`, signed out (about the Next.js + React floor)",
      `${kb(w.signin.gzipBytes)} gz in ${w.signin.chunks.length} chunks${route(w.signin)}`,
      `${kb(w.signin.rawBytes)} raw`,
    ),
  ];
  w.batch.chunks.slice(0, 5).forEach((chunk, index) => {
    const shared = w.signin.chunks.some((other) => other.path === chunk.path)
      ? ", framework (also on /signin)"
      : w.home.chunks.some((other) => other.path === chunk.path)
        ? ", also on /"
        : "";
    rows.push([
      "4 page weight",
      `batch route, largest chunk ${index + 1}: \`${chunk.path.replace("/_next/static/chunks/", "")}\`${shared}`,
      `${kb(chunk.gzipBytes)} gz`,
      `${kb(chunk.rawBytes)} raw`,
      "",
      "",
      "",
    ]);
  });
  return rows;
}

/** "97 (index 1850 → 5.8×)": a run's score beside the host's benchmarkIndex in that run and the slowdown it set. */
function runNote(run: LighthouseRun): string {
  const c = run.calibration;
  return `${run.performance} (index ${fixed(run.benchmarkIndex, 0)}${c ? ` → ${fixed(c.cpuSlowdown, 1)}×` : ""})`;
}

const cpuNote = (cpu: NonNullable<LighthouseScores["cpu"]>) =>
  `${ms(cpu.totalMs)} CPU (script ${ms((cpu.byGroup.scriptEvaluation ?? 0) + (cpu.byGroup.scriptParseCompile ?? 0))}, style and layout ${ms(cpu.byGroup.styleLayout ?? 0)}; wall ${ms(cpu.wallMs)}${cpu.untimedMs > 0 ? `; ${ms(cpu.untimedMs)} of tasks without a thread clock counted at wall time` : ""})`;

const mainThreadNote = (m: LighthouseScores["mainThread"]) =>
  `${ms(m.totalMs)} (script ${ms(m.scriptMs)}; ${m.longTasks.count} long tasks, ${ms(m.longTasks.totalMs)})`;

function lighthouseRows(results: Results): Row[] {
  const lh = results.lighthouse;
  if (!lh) return [];
  const rows: Row[] = [];
  const label = (preset: string) => `Lighthouse 12.2.3, Chromium, signed-in batch page, ${preset}`;
  const mobile = "mobile (simulated slow 4G, CPU slowdown calibrated to the host's benchmarkIndex)";
  if (failed(lh.mobile)) {
    rows.push(notRun("5 lighthouse", label(mobile), lh.mobile, "≥ 95 / 100 / ≥ 95"));
  } else {
    const m = lh.mobile;
    const runs = m.runs?.map(runNote).join(", ") ?? runNote(m);
    rows.push([
      "5 lighthouse",
      `${label(mobile)}: performance, median of ${m.runs?.length ?? 1}`,
      `${m.performance}: runs ${runs}${noise("lighthouse (mobile)")}`,
      lh.signin ? `${lh.signin.performance} /signin` : "",
      "",
      "not below the base's (A/B: bench/ab.ts)",
      "",
    ]);
    const signin = lh.signin;
    rows.push([
      "5 lighthouse",
      "total blocking time, median of the runs",
      ms(m.tbtMs),
      signin ? `${ms(signin.tbtMs)} /signin` : "",
      signin ? `+${ms(m.tbtMs - signin.tbtMs)}` : "",
      "≤ /signin + 200 ms",
      signin ? verdict(m.tbtMs - signin.tbtMs <= 200) : "",
    ]);
    if (signin?.cpu && m.cpu) {
      const ratio = m.cpu.totalMs / signin.cpu.totalMs;
      rows.push([
        "5 lighthouse",
        "main-thread CPU time during load (thread time of every main-thread task in the trace Lighthouse gathered, unthrottled; median of the runs), batch page vs signed-out `/signin` (Next.js + React floor), runs alternating",
        cpuNote(m.cpu),
        `${cpuNote(signin.cpu)} /signin`,
        `${fixed(ratio, 2)}×`,
        "(info: the 1.3× target is against the page's own static-HTML floor, bench:profile and bench/ab.ts)",
        "",
      ]);
    }
    if (signin) {
      rows.push(
        info(
          "5 lighthouse",
          "same, as Lighthouse reports it on the emulated phone (mainthread-work-breakdown: wall time × the calibrated slowdown, so it also counts time other work took the CPU away)",
          mainThreadNote(m.mainThread),
          `${mainThreadNote(signin.mainThread)}; /signin scored ${signin.runs?.map(runNote).join(", ")}`,
          `${fixed(m.mainThread.totalMs / signin.mainThread.totalMs, 2)}×`,
        ),
      );
    }
    rows.push([
      "5 lighthouse",
      "accessibility",
      String(m.accessibility),
      "",
      "",
      "100",
      verdict(m.accessibility >= 100),
    ]);
    rows.push([
      "5 lighthouse",
      "best practices",
      String(m.bestPractices),
      "",
      "",
      "≥ 95",
      verdict(m.bestPractices >= 95),
    ]);
  }
  rows.push(
    ...outcomeRows(lh.desktop, ["5 lighthouse", label("desktop preset")], (d) => [
      info(
        "5 lighthouse",
        `${label("desktop preset (no CPU slowdown)")}: performance / accessibility / best practices`,
        `${d.performance} / ${d.accessibility} / ${d.bestPractices} (index ${fixed(d.benchmarkIndex, 0)})${noise("lighthouse (desktop)")}`,
      ),
    ]),
  );
  return rows;
}

function renderRows(results: Results): Row[] {
  const label = "batch page server render, docs' example batch, TTL 0, upstream +50 ms, median of 30 sequential";
  return outcomeRows(results.render, ["6 server render", label], (r) => {
    const statusNote = Object.keys(r.pageStatus).some((status) => status !== "200")
      ? ` (⚠ statuses ${JSON.stringify(r.pageStatus)})`
      : "";
    return [
      info(
        "6 server render",
        `${label}: time to first byte`,
        ms(r.pageTtfbMs) + statusNote + noise("server render"),
        `${ms(r.upstreamMs)} upstream alone`,
        `${fixed(r.pageTtfbMs / r.upstreamMs, 2)}×`,
      ),
      info(
        "6 server render",
        "complete HTML",
        ms(r.pageFullMs),
        `${ms(r.upstreamMs)} upstream alone`,
        `${fixed(r.pageFullMs / r.upstreamMs, 2)}×`,
      ),
      info("6 server render", "server CPU per page render", ms(r.serverCpuMsPerPage)),
    ];
  });
}

const sharedSection7 = "7 shared state";

/** "200: 41, 429: 12": answers by status, failures (5xx, timeouts, network errors) marked. */
function tally(answers: Record<string, number>): string {
  return Object.entries(answers)
    .map(([status, count]) => `${/^[1-4]\d\d$/.test(status) ? "" : "⚠ "}${status}: ${count}`)
    .join(", ");
}

const appFailures = (answers: Record<string, number>) =>
  Object.entries(answers)
    .filter(([status]) => !/^[1-4]\d\d$/.test(status))
    .reduce((sum, [, count]) => sum + count, 0);

const windowNote = (u: UpstreamFigures) =>
  `${u.windowMax} (window ending ${fixed(u.windowEndsAtS ?? Number.NaN, 0)} s into the run; ${u.requests} upstream requests)`;

function sharedLoadRows(s: NonNullable<Results["shared"]>): Row[] {
  const label = `${shared.instances} instances, simulator enforcing ${shared.limitPerMinute}/min, TRILLET_RATE_LIMIT_PER_MINUTE=${shared.limitPerMinute} (default burst), ${shared.viewers} viewers over ${viewerPaths.length} views (every ~3 s, honouring X-Poll-After-Ms and Retry-After) + one 100,000-call CSV export, ${sharedSeconds} s each`;
  const target = `≤ ${shared.limitPerMinute} in any 60 s, no upstream 429`;
  const r = s.withRedis;
  const n = s.withoutRedis;
  if (failed(r)) return [notRun(sharedSection7, `(a) with Redis: ${label}`, r, target)];
  const without = <T>(figure: (result: SharedLoadResult) => T, show: (value: T) => string) =>
    failed(n) ? `without Redis: could not run (${n.error.replaceAll("|", "\\|")})` : `${show(figure(n))} without Redis`;
  const steady = r.outage?.beforeKill ?? r.upstream;
  const steadyLabel = r.outage
    ? `Redis up (the first ${fixed(r.outage.killedAtS, 0)} s, before the outage)`
    : "whole run";
  const rows: Row[] = [
    [
      sharedSection7,
      `(a) ${label}; with one Redis: most upstream requests in any 60 s (simulator's log), ${steadyLabel}`,
      windowNote(steady) + noise(`shared: load with Redis, ${sharedSeconds} s`),
      without((x) => x.upstream.windowMax, String),
      "",
      `≤ ${shared.limitPerMinute}`,
      verdict(steady.windowMax <= shared.limitPerMinute),
    ],
    [
      sharedSection7,
      `(a) upstream 429s (the simulator's own limit), ${steadyLabel}`,
      String(steady.refused),
      without((x) => x.upstream.refused, String),
      "",
      "0",
      verdict(steady.refused === 0),
    ],
    [
      sharedSection7,
      "(a) viewers' answers by status, whole run",
      tally(r.answers),
      without((x) => x.answers, tally),
      "",
      "no 5xx",
      verdict(appFailures(r.answers) === 0),
    ],
    info(
      sharedSection7,
      "(a) viewers' latency of 200 answers p50 / p99 (budget waits included)",
      `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p99)}`,
      without(
        (x) => x.latencyMs,
        (l) => `${ms(l.p50)} / ${ms(l.p99)}`,
      ),
    ),
    info(
      sharedSection7,
      "(a) export rows streamed during the run (instance 1, background priority)",
      `${r.export.rows.toLocaleString("en")} (HTTP ${r.export.status ?? "none"}, ${r.export.ended})`,
      without(
        (x) => x.export,
        (e) => `${e.rows.toLocaleString("en")} (HTTP ${e.status ?? "none"}, ${e.ended})`,
      ),
    ),
  ];
  const o = r.outage;
  if (!o) return rows;
  const bound = shared.limitPerMinute + shared.instances * Math.floor(shared.limitPerMinute * fallbackShare);
  const health = o.health.map(
    (trace) =>
      `instance ${trace.instance + 1}: ${trace.changes.map((change) => `${change.status} (${fixed(change.atS, 0)} s)`).join(" → ")}; degraded ${fixed(trace.degradedAfterKillS ?? Number.NaN, 1)} s after the kill, ok ${fixed(trace.okAfterRestartS ?? Number.NaN, 1)} s after the restart`,
  );
  const healthOk =
    o.health.length === shared.instances &&
    o.health.every((trace) => trace.changes.map((change) => change.status).join() === "ok,degraded,ok");
  const outage = `(d) Redis killed (SIGKILL) ${fixed(o.killedAtS, 0)} s into the run with Redis, restarted empty ${fixed(o.restartedAtS - o.killedAtS, 0)} s later${o.restartError ? ` (⚠ restart failed: ${o.restartError.replaceAll("|", "\\|")})` : ""}`;
  rows.push(
    [
      sharedSection7,
      `${outage}: app answers that were 5xx, timeouts or network errors (viewers and the export), whole run`,
      `${o.appFailures} (${o.appFailuresDuringOutage} from the kill to 5 s after the restart)`,
      "",
      "",
      "0",
      verdict(o.appFailures === 0),
    ],
    [
      sharedSection7,
      "(d) /api/health status as it changed (s into the run), each instance polled every second",
      health.join("; "),
      "",
      "",
      "ok → degraded → ok",
      verdict(healthOk),
    ],
    [
      sharedSection7,
      "(d) most upstream requests in any 60 s over the whole run, outage included (upstream 429s)",
      `${windowNote(r.upstream)} (${r.upstream.refused} upstream 429s)`,
      `bound ${bound} = ${shared.limitPerMinute} + ${shared.instances} instances × ${Math.floor(shared.limitPerMinute * fallbackShare)} (a quarter each on its own)`,
      "",
      `≤ ${bound}`,
      verdict(r.upstream.windowMax <= bound),
    ],
  );
  return rows;
}

function sharedCoalesceRows(s: NonNullable<Results["shared"]>, results: Results): Row[] {
  const label = `(b) upstream calls per client poll, 50 clients round-robin over ${shared.instances} instances sharing one Redis, one view every 2 s, 30 s, default TTL 2 s`;
  return outcomeRows(s.coalesce, [sharedSection7, label, "≤ 0.05"], (c) => [
    [
      sharedSection7,
      `(b) upstream calls per client poll, ${c.clients} clients round-robin over ${c.instances} instances sharing one Redis, one view every ${c.periodMs / 1000} s, ${c.durationMs / 1000} s, default TTL 2 s`,
      `${fixed(c.upstreamPerPoll, 3)} (${c.upstreamRequests} upstream / ${c.polls + c.failed} polls${c.failed ? `, ⚠ ${c.failed} failed` : ""})${noise("shared: coalescing over instances with Redis")}`,
      results.coalesce && !failed(results.coalesce)
        ? `${fixed(results.coalesce.upstreamPerPoll, 3)} on one instance`
        : "",
      "",
      "≤ 0.05",
      verdict(c.upstreamPerPoll <= 0.05 && c.failed === 0),
    ],
  ]);
}

function redisPriceRows(s: NonNullable<Results["shared"]>): Row[] {
  const label = `(c) the price of Redis: GET ${proxiedPath}, one connection, ${oneAtATime.durationSeconds} s, cache off (TTL 0), upstream +50 ms, one instance with REDIS_URL vs one without`;
  const target = "≤ 1.05×";
  if (failed(s.priceWithout)) return [notRun(sharedSection7, `${label} (without Redis)`, s.priceWithout, target)];
  const without = s.priceWithout;
  return outcomeRows(s.priceWith, [sharedSection7, label, target], (withRedis) => {
    const p50 = withRedis.app.p50 / without.app.p50;
    const p99 = withRedis.app.p99 / without.app.p99;
    const labelNoise =
      noise("shared: one connection, cache off, REDIS_URL") || noise("shared: one connection, cache off, no Redis");
    return [
      [
        sharedSection7,
        `${label}: p50 latency`,
        ms(withRedis.app.p50) + passNote(withRedis.app) + labelNoise,
        `${ms(without.app.p50)} without Redis${passNote(without.app)}`,
        `${fixed(p50, 2)}×`,
        target,
        verdict(p50 <= 1.05),
      ],
      [
        sharedSection7,
        "(c) p99 latency",
        ms(withRedis.app.p99),
        `${ms(without.app.p99)} without Redis`,
        `${fixed(p99, 2)}×`,
        target,
        verdict(p99 <= 1.05),
      ],
      info(
        sharedSection7,
        "(c) server CPU per request; the upstream request alone in each stack, p50 / p99 (drift between the two stacks)",
        `${fixed(withRedis.app.serverCpuMsPerRequest ?? Number.NaN, 2)} ms with Redis; direct ${ms(withRedis.direct.p50)} / ${ms(withRedis.direct.p99)}`,
        `${fixed(without.app.serverCpuMsPerRequest ?? Number.NaN, 2)} ms without; direct ${ms(without.direct.p50)} / ${ms(without.direct.p99)}`,
      ),
    ];
  });
}

function sharedNotes(results: Results): string[] {
  const lines: string[] = [];
  for (const [name, run] of [
    ["with Redis", results.shared?.withRedis],
    ["without Redis", results.shared?.withoutRedis],
  ] as const) {
    if (!run || failed(run)) continue;
    const steps = run.timeline.map((step) => `${step.requests}${step.refused ? ` (${step.refused} × 429)` : ""}`);
    lines.push(`- Shared state, ${name}: upstream requests per 10 s of the run (simulator 429s): ${steps.join(", ")}.`);
    for (const trace of run.outage?.health ?? []) {
      const reasons = trace.changes.filter((change) => change.reason);
      if (reasons.length === 0) continue;
      const said = reasons.map((change) => `at ${fixed(change.atS, 1)} s "${change.reason}"`).join(", ");
      lines.push(`  Instance ${trace.instance + 1}'s health said degraded ${said}.`);
    }
  }
  return lines;
}

function sharedRows(results: Results): Row[] {
  const s = results.shared;
  if (!s) return [];
  return [...sharedLoadRows(s), ...sharedCoalesceRows(s, results), ...redisPriceRows(s)];
}

function notes(results: Results): string[] {
  const lines: string[] = [];
  const shares = Object.entries(results.othersCpu ?? {}).map(
    ([label, share]) => `${label} ${Math.round(share * 100)}%`,
  );
  if (shares.length) lines.push(`- Other work on the machine, as a share of all CPUs, during: ${shares.join(", ")}.`);
  const lh = results.lighthouse;
  for (const scores of [lh?.mobile, lh?.desktop]) {
    if (!scores || failed(scores)) continue;
    const metrics = Object.entries(scores.metrics)
      .map(([id, value]) => `${id} ${value}`)
      .join(", ");
    lines.push(`- Lighthouse ${scores.preset} (benchmarkIndex ${fixed(scores.benchmarkIndex, 0)}): ${metrics}.`);
    const costly = scores.failing
      .slice(0, 8)
      .map((audit) => `${audit.id}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
    if (costly.length) lines.push(`  Audits below 0.9: ${costly.join(", ")}.`);
    if (scores.consoleErrors.length) lines.push(`  Console errors: ${scores.consoleErrors.slice(0, 3).join(" · ")}`);
    if (scores.issues.length) lines.push(`  DevTools issues: ${[...new Set(scores.issues)].join(", ")}.`);
    if (scores.warnings.length) lines.push(`  Run warnings: ${scores.warnings.join(" · ")}`);
  }
  for (const scores of [lh?.mobile, lh?.signin]) {
    if (!scores || failed(scores)) continue;
    const groups = Object.entries(scores.mainThread.byGroup)
      .map(([group, value]) => `${group} ${ms(value)}`)
      .join(", ");
    const scripts = scores.mainThread.scripts
      .map((script) => `${script.url} ${ms(script.totalMs)} (script ${ms(script.scriptingMs)})`)
      .join(", ");
    lines.push(`- Main thread on ${scores.route} (median run by total): ${groups}. Costliest scripts: ${scripts}.`);
    if (scores.cpu) {
      const cpuGroups = Object.entries(scores.cpu.byGroup)
        .map(([group, value]) => `${group} ${ms(value)}`)
        .join(", ");
      const perRun = scores.runs?.map((run) => (run.cpu ? ms(run.cpu.totalMs) : "?")).join(", ");
      lines.push(`  CPU time by group (median run): ${cpuGroups}; every run: ${perRun}.`);
    }
  }
  lines.push(...sharedNotes(results));
  const e = results.exports;
  if (e && !failed(e.concurrency4) && !failed(e.concurrency1)) {
    lines.push(
      `- Export: ${e.concurrency4.rows.toLocaleString("en")} rows, ${fixed(mb(e.concurrency4.bytes), 1)} MB of CSV, ` +
        `${e.concurrency4.upstreamRequests} upstream pages at concurrency 4, ${e.concurrency1.upstreamRequests} at 1.`,
    );
  }
  return lines;
}

/** The index's keys in Redis after a run: Redis's own count, the payload, and per 100,000 calls indexed. */
function storageRows(r: SearchColdResult, label: string): Row[] {
  if (!r.storage) return [];
  const { memoryBytes, payloadBytes, keys, calls } = r.storage;
  const per100k = (bytes: number) => fixed(((bytes / Math.max(1, calls)) * 100_000) / 1e6, 1);
  return [
    [
      "8 search",
      label,
      `${fixed(memoryBytes / 1e6, 2)} MB for ${calls.toLocaleString("en")} calls indexed (MEMORY USAGE of ${keys} keys; payload ${fixed(payloadBytes / 1e6, 2)} MB): ${per100k(memoryBytes)} MB per 100,000 calls`,
      "",
      "",
      "",
      "",
    ],
  ];
}

function searchRows(results: Results): Row[] {
  const s = results.search;
  if (!s) return [];
  const seconds = (ms: number) => `${fixed(ms / 1000, 1)} s`;
  return [
    ...outcomeRows(s.twoThousand, ["8 search", "2,000-call finished batch at 60/min, cold", ""], (r) => [
      [
        "8 search",
        "2,000 calls at 60/min: first matches (cold)",
        `${seconds(r.firstAnswerMs)} (${r.firstMatches} matches in the first ${r.firstSearched} calls)`,
        "",
        "",
        "≤ 3 s",
        verdict(r.firstAnswerMs <= 3_000),
      ],
      [
        "8 search",
        "2,000 calls at 60/min: complete answer (cold)",
        `${seconds(r.completeMs)} (${r.matches} matches)`,
        "",
        "",
        "≤ 30 s",
        verdict(r.completeMs <= 30_000),
      ],
      [
        "8 search",
        "2,000 calls: warm search p95",
        `${fixed(r.warm.p95Ms, 0)} ms (p50 ${fixed(r.warm.p50Ms, 0)}, ${r.warm.samples} searches)`,
        "",
        "",
        "≤ 200 ms",
        verdict(r.warm.p95Ms <= 200),
      ],
      [
        "8 search",
        "2,000 calls: upstream requests for the index",
        String(r.upstreamRequests),
        `export: ${r.exportRequests}`,
        fixed(r.upstreamRequests / r.exportRequests, 2),
        "",
        "",
      ],
    ]),
    ...outcomeRows(s.big, ["8 search", "100,000 calls at 60/min", ""], (r) => [
      [
        "8 search",
        "100,000 calls at 60/min: searchable after 1 / 5 min",
        r.searchableAt.map((mark) => `${fixed(mark.share * 100, 1)}%`).join(" / "),
        "",
        "",
        "",
        "",
      ],
      [
        "8 search",
        "100,000 calls at 60/min: search p95 while the index is built",
        `${fixed(r.during.p95Ms, 0)} ms (p50 ${fixed(r.during.p50Ms, 0)}, ${r.during.samples} searches)`,
        "",
        "",
        "",
        "",
      ],
      ...storageRows(r, "100,000 calls at 60/min: the index's storage in Redis after 5 min"),
    ]),
    ...outcomeRows(s.bigWarm, ["8 search", "100,000 calls unlimited", ""], (r) => [
      [
        "8 search",
        "100,000 calls, budget unlimited: complete; warm p95",
        `${seconds(r.completeMs)}; ${fixed(r.warm.p95Ms, 0)} ms (p50 ${fixed(r.warm.p50Ms, 0)})`,
        "",
        "",
        "",
        "",
      ],
      ...storageRows(r, "100,000 calls: the index's storage in Redis"),
      [
        "8 search",
        "100,000 calls: upstream requests for the index",
        String(r.upstreamRequests),
        `export: ${r.exportRequests}`,
        fixed(r.upstreamRequests / r.exportRequests, 2),
        "",
        "",
      ],
    ]),
  ];
}

function renderMarkdown(results: Results): string {
  const rows = [
    ...proxyRows(results),
    ...coalesceRows(results),
    ...exportRows(results),
    ...weightRows(results),
    ...lighthouseRows(results),
    ...renderRows(results),
    ...sharedRows(results),
    ...searchRows(results),
    ...outcomeRows(results.intake, ["10 start", "server validation of a 100,000-row CSV", "RSS ≤ 128 MB"], intakeRows),
    ...outcomeRows(
      results.intakeBrowser,
      ["10 start", "browser: a 100,000-row CSV to the validation summary", "longest task ≤ 200 ms"],
      intakeBrowserRows,
    ),
  ];
  const header: Row = ["#", "measurement", "result", "baseline (same run)", "ratio", "target", "met"];
  const table = [header, header.map(() => "---") as Row, ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
  const build = `${results.distDir} build ${results.buildId ?? "?"}${results.builtNow ? " (built by this run)" : ""}${results.buildStale ? " — ⚠ older than the sources" : ""}`;
  const context =
    `Run ${results.startedAt.slice(0, 16).replace("T", " ")} UTC, ${results.durationSeconds} s; commit ${results.commit}` +
    `${results.uncommittedChanges ? " + uncommitted changes" : ""}; ${build}; Node ${results.node}, ${results.cpus} CPUs, ${results.memoryGb} GB, ` +
    `CPUs ${Math.round(results.busyBeforeStart * 100)}% busy just before the run, load average ${fixed(results.loadAverage.start, 1)} at start and ${fixed(results.loadAverage.end ?? Number.NaN, 1)} at end; ` +
    `everything on loopback (app :${results.ports.app}, simulator :${results.ports.sim}, IdP :${results.ports.idp}), simulator latency ${results.simLatencyMs} ms.`;
  const extra = notes(results);
  return `# Batch Console benchmarks\n\n${context}\n\n${table}\n${extra.length ? `\n${extra.join("\n")}\n` : ""}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
