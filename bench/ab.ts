/**
 * `npx tsx bench/ab.ts --base <dir>`: the batch page's weight and work, this checkout against another
 * (a git worktree of the base commit, built into its own NEXT_DIST_DIR), measured in ONE run: both
 * stacks run side by side and every measurement alternates between them, so drift in the machine's
 * speed falls on both alike. Issue 28's targets, each against a floor measured in the same run:
 *
 * - first-load JavaScript of the batch route ≤ `/signin` + 30 kB gzip (measure/page-weight.ts);
 * - main-thread busy time of a batch page load ≤ 1.3× the page's own static-HTML floor: `/signin`'s
 *   busy time plus what the batch page's server HTML alone costs beyond `/signin`'s HTML alone
 *   (bench:profile's "least a page with the same HTML could cost", the same method: V8's sampling
 *   profiler, 100 µs, navigation to 3 s after, unthrottled at 412 px, a fresh context after a warm-up);
 * - Lighthouse mobile (CPU slowdown calibrated to the host per run, as in `npm run bench`): TBT ≤
 *   `/signin`'s + 200 ms, median score not below the base's. Main-thread CPU time from the trace is
 *   shown against `/signin` for information.
 *
 *   git worktree add --detach /tmp/base <commit>      # then give it node_modules (a hard-linked copy)
 *   (cd /tmp/base && NEXT_DIST_DIR=.next-ab NODE_ENV=production node node_modules/next/dist/bin/next build)
 *   NEXT_DIST_DIR=bench/results/.next-ab npx tsx bench/ab.ts --base /tmp/base --base-dist .next-ab --rebuild
 *
 * Options: --runs N (Lighthouse runs of each page per side, default 3), --loads N (profiled loads, default 5),
 * --rebuild (build this checkout into its NEXT_DIST_DIR first, as `npm run bench -- --rebuild` does: the
 * shared tsconfig.json and next-env.d.ts are put back afterwards).
 * Ports 3270/4270/4271 (base) and 3280/4280/4281 (this checkout). Writes bench/results/ab-latest.md.
 */
import { chromium, type Browser } from "@playwright/test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { execFileSync } from "node:child_process";
import { chromiumArgs, chromiumPath } from "../dev/chromium.js";
import { startStack } from "../dev/stack.js";
import type { StackPorts } from "../dev/stack-config.js";
import { runLighthouse, type LighthouseScores } from "./measure/lighthouse.js";
import { pageWeight, type PageWeights } from "./measure/page-weight.js";
import { build } from "./support/build.js";
import { withoutAppScripts } from "./support/html-only.js";
import { appServerRoot } from "./support/proc.js";
import { signIn } from "./support/session.js";
import {
  demoBatchPage,
  demoCallsPoll,
  sessionCookies,
  Simulator,
  unlimited,
  type BenchStack,
} from "./support/stack.js";
import { fixed } from "./support/stats.js";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    "base-dist": { type: "string", default: ".next-ab" },
    runs: { type: "string", default: "3" },
    loads: { type: "string", default: "5" },
    rebuild: { type: "boolean", default: false },
  },
});
if (!values.base) throw new Error("--base <dir>: a checkout of the base commit, built into --base-dist");
const runs = Number(values.runs);
const loads = Number(values.loads);

type Side = { name: "base" | "this"; dir: string; dist: string; ports: StackPorts; commit: string };
const here = process.cwd();
const commitOf = (dir: string) =>
  execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
const sides: Side[] = [
  {
    name: "base",
    dir: resolve(values.base),
    dist: values["base-dist"]!,
    ports: { app: 3270, sim: 4270, idp: 4271 },
    commit: commitOf(values.base),
  },
  {
    name: "this",
    dir: here,
    dist: process.env.NEXT_DIST_DIR || ".next",
    ports: { app: 3280, sim: 4280, idp: 4281 },
    commit: commitOf(here),
  },
];

/** A stack serving `side`'s build: `next start` runs in its directory with its NEXT_DIST_DIR. */
async function startSide(side: Side): Promise<BenchStack> {
  if (!existsSync(resolve(side.dir, side.dist, "BUILD_ID"))) throw new Error(`${side.name}: no build in ${side.dist}`);
  const previousDist = process.env.NEXT_DIST_DIR;
  process.chdir(side.dir);
  process.env.NEXT_DIST_DIR = side.dist;
  try {
    // As the Lighthouse section of `npm run bench`: default cache, rate limits out of the way of repeated loads.
    const stack = await startStack({
      ports: side.ports,
      appEnv: { TRILLET_RATE_LIMIT_PER_MINUTE: unlimited, API_RATE_LIMIT_PER_MINUTE: unlimited },
      simLatencyMs: 50,
      quiet: true,
    });
    const serverPid = appServerRoot(side.ports.app) ?? 0;
    const session = await signIn({ appUrl: stack.appUrl, verifyPath: demoCallsPoll });
    return { stack, session, serverPid, sim: new Simulator(stack.simUrl) };
  } finally {
    process.chdir(here);
    if (previousDist === undefined) delete process.env.NEXT_DIST_DIR;
    else process.env.NEXT_DIST_DIR = previousDist;
  }
}

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
};

/** Busy main-thread time of one load (ms), as bench:profile counts it: every sample but (idle). */
async function busyMs(
  browser: Browser,
  bench: BenchStack,
  path: string,
  signedIn: boolean,
  htmlOnly: boolean,
): Promise<number> {
  const url = `${new URL(bench.stack.appUrl).origin}${path}`;
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  try {
    if (signedIn) await context.addCookies(sessionCookies(bench));
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(500);
    if (htmlOnly) {
      const html = withoutAppScripts(await (await page.request.get(url)).text());
      await page.route(url, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(3_000);
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
    const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === "(idle)").map((n) => n.id));
    let total = 0;
    profile.samples.forEach((node, index) => {
      if (!idle.has(node)) total += (profile.timeDeltas[index + 1] ?? 0) / 1000;
    });
    return total;
  } finally {
    await context.close();
  }
}

const profiled = [
  { key: "batch", path: demoBatchPage, signedIn: true, htmlOnly: false },
  { key: "batchHtml", path: demoBatchPage, signedIn: true, htmlOnly: true },
  { key: "signin", path: "/signin", signedIn: false, htmlOnly: false },
  { key: "signinHtml", path: "/signin", signedIn: false, htmlOnly: true },
] as const;
type ProfileKey = (typeof profiled)[number]["key"];

type SideResult = {
  weight?: PageWeights;
  busy: Record<ProfileKey, number[]>;
  mobile: LighthouseScores[];
  signin: LighthouseScores[];
};

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mean = (numbers: number[]) => numbers.reduce((sum, n) => sum + n, 0) / Math.max(1, numbers.length);
const lighthouseFailures: string[] = [];
const kb = (bytes: number) => `${fixed(bytes / 1000, 1)} kB`;

async function main() {
  if (values.rebuild) await build("bench/results/ab-build.log");
  const startedAt = new Date();
  const load = [loadavg()[0]!];
  const benches: BenchStack[] = [];
  const results = new Map<Side["name"], SideResult>();
  try {
    for (const side of sides) {
      // On a loaded host a fresh server's health can answer "degraded" (database slow) for over a minute: try again.
      let started: BenchStack | undefined;
      for (let attempt = 1; !started; attempt += 1) {
        try {
          started = await startSide(side);
        } catch (error) {
          if (attempt >= 3) throw error;
          console.error(`${side.name}: ${error instanceof Error ? error.message : String(error)}; trying again`);
        }
      }
      benches.push(started);
      results.set(side.name, {
        busy: { batch: [], batchHtml: [], signin: [], signinHtml: [] },
        mobile: [],
        signin: [],
      });
    }
    console.error("stacks up; page weight");
    for (const [index, side] of sides.entries()) results.get(side.name)!.weight = await pageWeight(benches[index]!);

    console.error("profiled loads");
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    try {
      for (let round = 0; round < loads; round += 1)
        for (const item of profiled)
          for (const [index, side] of sides.entries())
            results
              .get(side.name)!
              .busy[item.key].push(await busyMs(browser, benches[index]!, item.path, item.signedIn, item.htmlOnly));
    } finally {
      await browser.close();
    }

    console.error("lighthouse");
    // A run the host cannot calibrate (too busy: benchmarkIndex under 150) is listed, not fatal.
    const attempt = async (label: string, run: () => Promise<LighthouseScores>) => {
      try {
        return await run();
      } catch (error) {
        lighthouseFailures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    };
    for (let run = 1; run <= runs; run += 1)
      for (const [index, side] of sides.entries()) {
        const result = results.get(side.name)!;
        const name = `ab-${side.name}-mobile-${run}`;
        const mobile = await attempt(name, () => runLighthouse(benches[index]!, "mobile", name));
        const signinName = `ab-${side.name}-signin-${run}`;
        const signin = await attempt(signinName, () =>
          runLighthouse(benches[index]!, "mobile", signinName, { route: "/signin", signedIn: false }),
        );
        // Only pairs: the TBT target compares a page with /signin in the same round.
        if (mobile && signin) {
          result.mobile.push(mobile);
          result.signin.push(signin);
        }
      }
  } finally {
    await Promise.allSettled(benches.map((bench) => bench.stack.stop()));
    writeFileSync("bench/results/ab-latest.json", JSON.stringify(Object.fromEntries(results), null, 1));
  }
  load.push(loadavg()[0]!);
  const markdown = report(results, startedAt, load);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/ab-latest.md", markdown);
  writeFileSync("bench/results/ab-latest.json", JSON.stringify(Object.fromEntries(results), null, 1));
  process.stdout.write(markdown);
}

function report(results: Map<Side["name"], SideResult>, startedAt: Date, load: number[]): string {
  const rows: string[] = [];
  const cell = (fn: (result: SideResult) => string) => sides.map((side) => fn(results.get(side.name)!));
  const add = (label: string, values: string[], target = "") =>
    rows.push(`| ${label} | ${values.join(" | ")} | ${target} |`);
  const verdict = (ok: boolean) => (ok ? "yes" : "**NO**");

  // 1. Weight.
  add(
    "batch route, first-load JS (gzip -9)",
    cell((r) => kb(r.weight!.batch.gzipBytes)),
  );
  add(
    "`/signin` (signed out), first-load JS",
    cell((r) => kb(r.weight!.signin.gzipBytes)),
  );
  add(
    "batch route − `/signin`",
    cell(
      (r) =>
        `${kb(r.weight!.batch.gzipBytes - r.weight!.signin.gzipBytes)}, ${verdict(r.weight!.batch.gzipBytes - r.weight!.signin.gzipBytes <= 30_000)}`,
    ),
    "≤ 30 kB",
  );
  // 2. Busy time against the page's own static-HTML floor.
  const busy = (r: SideResult, key: ProfileKey) => mean(r.busy[key]);
  const least = (r: SideResult) => busy(r, "signin") + busy(r, "batchHtml") - busy(r, "signinHtml");
  add(
    "batch page load, main-thread busy (ms, mean of loads)",
    cell((r) => fixed(busy(r, "batch"))),
  );
  add(
    "its static-HTML floor: `/signin` + (batch HTML only − `/signin` HTML only)",
    cell(
      (r) =>
        `${fixed(least(r))} (= ${fixed(busy(r, "signin"))} + ${fixed(busy(r, "batchHtml"))} − ${fixed(busy(r, "signinHtml"))})`,
    ),
  );
  add(
    "batch page ÷ its floor",
    cell((r) => `${fixed(busy(r, "batch") / least(r), 2)}×, ${verdict(busy(r, "batch") / least(r) <= 1.3)}`),
    "≤ 1.3×",
  );
  // 3. Lighthouse, calibrated.
  const scores = (list: LighthouseScores[]) => list.map((s) => s.performance);
  const tbtMedian = (list: LighthouseScores[]) => median(list.map((s) => s.tbtMs));
  const base = results.get("base")!;
  const mine = results.get("this")!;
  if (base.mobile.length === 0 || mine.mobile.length === 0) {
    return header(startedAt, load, rows, [
      `Lighthouse: no complete pair of runs on both sides (${lighthouseFailures.length} runs failed):`,
      "",
      ...lighthouseFailures.map((failure) => `- ${failure}`),
      "",
    ]);
  }
  add(
    "Lighthouse mobile, batch page: score (median; runs)",
    cell((r) => `${median(scores(r.mobile))} (${scores(r.mobile).join(", ")})`),
    "not below base",
  );
  add(
    "Lighthouse mobile, `/signin`: score (median; runs)",
    cell((r) => `${median(scores(r.signin))} (${scores(r.signin).join(", ")})`),
  );
  add(
    "TBT batch page (ms, median)",
    cell((r) => fixed(tbtMedian(r.mobile))),
  );
  add(
    "TBT `/signin` (ms, median)",
    cell((r) => fixed(tbtMedian(r.signin))),
  );
  add(
    "TBT batch − `/signin`",
    cell(
      (r) =>
        `${fixed(tbtMedian(r.mobile) - tbtMedian(r.signin))} ms, ${verdict(tbtMedian(r.mobile) - tbtMedian(r.signin) <= 200)}`,
    ),
    "≤ 200 ms",
  );
  const cpu = (list: LighthouseScores[]) => median(list.map((s) => s.cpu?.totalMs ?? Number.NaN));
  add(
    "main-thread CPU in Lighthouse's trace, batch vs `/signin` (ms, median)",
    cell((r) => `${fixed(cpu(r.mobile))} vs ${fixed(cpu(r.signin))} (${fixed(cpu(r.mobile) / cpu(r.signin), 2)}×)`),
    "(info)",
  );
  add(
    "benchmark index / CPU multiplier per run (batch page)",
    cell((r) =>
      r.mobile
        .map(
          (s) =>
            `${fixed(s.calibration?.index ?? s.benchmarkIndex, 0)}/${fixed(s.calibration?.cpuSlowdown ?? Number.NaN, 2)}`,
        )
        .join(", "),
    ),
  );
  const scoreOk = median(scores(mine.mobile)) >= median(scores(base.mobile));
  return header(startedAt, load, rows, [
    `Median mobile score not below the base's: ${verdict(scoreOk)}.`,
    "",
    ...(lighthouseFailures.length > 0
      ? [
          "Lighthouse runs that failed (their round left out on that side):",
          "",
          ...lighthouseFailures.map((f) => `- ${f}`),
          "",
        ]
      : []),
  ]);
}

function header(startedAt: Date, load: number[], rows: string[], after: string[]): string {
  return [
    "# Batch page: this checkout against the base, one run",
    "",
    `Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC; base ${sides[0]!.commit} (${sides[0]!.dir}, ${sides[0]!.dist}), ` +
      `this ${sides[1]!.commit} (${sides[1]!.dist}); both stacks up side by side, every measurement alternating between them; ` +
      `${loads} profiled loads of each page per side, ${runs} Lighthouse mobile runs of each page per side (CPU slowdown calibrated to the host per run). ` +
      `Load average ${fixed(load[0]!, 2)} at start, ${fixed(load[1]!, 2)} at end (2 CPUs shared with other work: wall-clock figures carry that noise).`,
    "",
    `| measure | base ${sides[0]!.commit} | this ${sides[1]!.commit} | target |`,
    "|---|---|---|---|",
    ...rows,
    "",
    ...after,
  ].join("\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
