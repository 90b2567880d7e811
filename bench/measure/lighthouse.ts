import * as chromeLauncher from "chrome-launcher";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import lighthouse, { desktopConfig, type Flags, type RunnerResult } from "lighthouse";
import { demoBatchPage, type BenchStack } from "../support/stack.js";
import { cpuSlowdownFor } from "../support/cpu-slowdown.js";
import { mainThreadCpu, type MainThreadCpu } from "./main-thread-cpu.js";
import { chromiumFlags, chromiumPath } from "./page-weight.js";

/** Main-thread work during load, from Lighthouse's trace (durations as on the emulated device). */
export type MainThreadWork = {
  /** mainthread-work-breakdown: every main-thread task until the page is quiet. */
  totalMs: number;
  /** Script evaluation plus parse and compile: where React's hydration shows up. */
  scriptMs: number;
  byGroup: Record<string, number>;
  /** Tasks of 50 ms or more (long-tasks audit): count and their summed duration. */
  longTasks: { count: number; totalMs: number };
  /** bootup-time: the scripts that cost the most main-thread time, worst first. */
  scripts: { url: string; totalMs: number; scriptingMs: number }[];
};

/** How the CPU slowdown of a run was chosen. */
export type Calibration = {
  /** The benchmarkIndex Lighthouse measured at the start of this very run. */
  index: number;
  /** The multiplier the run's audits applied (read back from the report's settings). */
  cpuSlowdown: number;
};

/** One run's figures, kept for every run of a median. */
export type LighthouseRun = {
  performance: number;
  benchmarkIndex: number;
  calibration?: Calibration;
  cpu?: MainThreadCpu;
  tbtMs: number;
  mainThread: MainThreadWork;
};

export type LighthouseScores = {
  preset: "mobile" | "desktop";
  performance: number;
  accessibility: number;
  bestPractices: number;
  finalUrl: string;
  metrics: Record<string, string>;
  /** Audits that cost points, with their display value, worst first. */
  failing: { category: string; id: string; title: string; score: number | null; displayValue?: string }[];
  warnings: string[];
  /** What errors-in-console and inspector-issues found, shortened. */
  consoleErrors: string[];
  issues: string[];
  /** Lighthouse's measure of this machine's CPU speed (a typical desktop is 1000–2000). */
  benchmarkIndex: number;
  /** Every run's performance score, when this is the median of several. */
  performanceRuns?: number[];
  route: string;
  calibration?: Calibration;
  /** Main-thread CPU time during the (unthrottled) load, from the trace: robust to a busy machine. */
  cpu?: MainThreadCpu;
  tbtMs: number;
  mainThread: MainThreadWork;
  /** Every run of a median, in order. */
  runs?: LighthouseRun[];
};

export type LighthouseOptions = {
  route?: string;
  /** Signed out: no session cookie (the /signin floor). */
  signedIn?: boolean;
  /** Scale the CPU slowdown to this host's benchmarkIndex (mobile only; desktop is not throttled). */
  calibrate?: boolean;
};

const categories = ["performance", "accessibility", "best-practices"];
const metricIds = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
  "interactive",
];

const numeric = (lhr: { audits: Record<string, { numericValue?: number } | undefined> }, id: string) =>
  lhr.audits[id]?.numericValue ?? Number.NaN;

/**
 * One Lighthouse run whose CPU slowdown is calibrated to the host as it was during that very run.
 * Simulated throttling (the default) loads the page at full speed and applies the slowdown only when
 * the audits compute the metrics, so: gather (Lighthouse measures its benchmarkIndex first), read the
 * index from the saved artifacts, then audit those artifacts with the multiplier it calls for
 * (cpuSlowdownFor). The saved settings take that multiplier too, since auditing checks they match.
 */
async function calibratedRun(
  url: string,
  flags: Flags,
  reportName: string,
): Promise<{ result: RunnerResult | undefined; calibration: Calibration; cpu: MainThreadCpu }> {
  const dir = `bench/results/.lighthouse-artifacts-${reportName}`;
  rmSync(dir, { recursive: true, force: true });
  try {
    await lighthouse(url, { ...flags, gatherMode: dir });
    const artifactsFile = `${dir}/artifacts.json`;
    const artifacts = JSON.parse(readFileSync(artifactsFile, "utf8")) as {
      BenchmarkIndex: number;
      settings: { throttling: { cpuSlowdownMultiplier: number } };
    };
    const cpu = mainThreadCpu(`${dir}/defaultPass.trace.json`);
    const cpuSlowdownMultiplier = cpuSlowdownFor(artifacts.BenchmarkIndex);
    artifacts.settings.throttling.cpuSlowdownMultiplier = cpuSlowdownMultiplier;
    writeFileSync(artifactsFile, JSON.stringify(artifacts));
    const result = await lighthouse(url, { ...flags, auditMode: dir, throttling: { cpuSlowdownMultiplier } });
    return {
      result,
      cpu,
      calibration: {
        index: artifacts.BenchmarkIndex,
        cpuSlowdown: result?.lhr.configSettings.throttling.cpuSlowdownMultiplier ?? Number.NaN,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Lighthouse (pinned 12.2.3) on a page (by default the signed-in batch page), driving Debian's Chromium
 * through chrome-launcher; the session cookie goes on every request via extraHeaders.
 * "mobile" is Lighthouse's default (Moto G power emulation, simulated slow 4G), with the CPU slowdown
 * calibrated to this host (calibratedRun) instead of its constant 4×.
 */
export async function runLighthouse(
  bench: BenchStack,
  preset: "mobile" | "desktop",
  reportName: string = preset,
  { route = demoBatchPage, signedIn = true, calibrate = preset === "mobile" }: LighthouseOptions = {},
): Promise<LighthouseScores> {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: chromiumFlags,
    logLevel: "silent",
  });
  let result: RunnerResult | undefined;
  let calibration: Calibration | undefined;
  let cpu: MainThreadCpu | undefined;
  try {
    const url = `${bench.stack.appUrl}${route}`;
    const flags: Flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: categories,
      ...(signedIn ? { extraHeaders: { Cookie: bench.session.cookie } } : {}),
    };
    const config = preset === "desktop" ? desktopConfig : undefined;
    if (calibrate) {
      ({ result, calibration, cpu } = await calibratedRun(url, flags, reportName));
    } else {
      result = await lighthouse(url, flags, config);
    }
  } finally {
    chrome.kill();
  }
  if (!result) throw new Error("Lighthouse returned no result");
  const { lhr } = result;
  // The whole report, for digging into a score (git-ignored like every results/*.json).
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/lighthouse-${reportName}.json`, JSON.stringify(lhr));
  if (lhr.runtimeError)
    throw new Error(`Lighthouse runtime error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100);
  const failing: LighthouseScores["failing"] = [];
  for (const id of categories) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || (ref.weight === 0 && id !== "performance")) continue;
      if (
        audit.scoreDisplayMode === "notApplicable" ||
        audit.scoreDisplayMode === "manual" ||
        audit.scoreDisplayMode === "informative"
      )
        continue;
      if (audit.score === null || audit.score >= 0.9) continue;
      failing.push({
        category: id,
        id: ref.id,
        title: audit.title,
        score: audit.score,
        displayValue: audit.displayValue,
      });
    }
  }
  failing.sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
  const metrics = Object.fromEntries(metricIds.map((id) => [id, lhr.audits[id]?.displayValue ?? "n/a"]));
  const items = (id: string) => {
    const details = lhr.audits[id]?.details;
    return details && "items" in details && Array.isArray(details.items)
      ? (details.items as Record<string, unknown>[])
      : [];
  };
  const oneLine = (text: unknown) =>
    String(text ?? "")
      .replace(/\s+/g, " ")
      .trim();
  const consoleErrors = items("errors-in-console").map(
    (item) => `${oneLine(item.source)}: ${oneLine(item.description).slice(0, 200)}`,
  );
  const issues = items("inspector-issues").map((item) => {
    const sub = item.subItems as { items?: Record<string, unknown>[] } | undefined;
    const where = (sub?.items ?? []).map((entry) => oneLine(entry.url ?? entry.source ?? "")).filter(Boolean);
    return `${oneLine(item.issueType)}${where.length ? ` (${[...new Set(where)].slice(0, 3).join(", ")})` : ""}`;
  });
  const byGroup = Object.fromEntries(
    items("mainthread-work-breakdown").map((item) => [String(item.group), Number(item.duration)]),
  );
  const longTasks = items("long-tasks").map((item) => Number(item.duration));
  const mainThread: MainThreadWork = {
    totalMs: numeric(lhr, "mainthread-work-breakdown"),
    scriptMs: (byGroup.scriptEvaluation ?? 0) + (byGroup.scriptParseCompile ?? 0),
    byGroup,
    longTasks: { count: longTasks.length, totalMs: longTasks.reduce((sum, ms) => sum + ms, 0) },
    scripts: items("bootup-time")
      .slice(0, 6)
      .map((item) => ({
        url: String(item.url).replace(bench.stack.appUrl, ""),
        totalMs: Number(item.total),
        scriptingMs: Number(item.scripting),
      })),
  };
  return {
    preset,
    route,
    calibration,
    cpu,
    tbtMs: numeric(lhr, "total-blocking-time"),
    mainThread,
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    finalUrl: lhr.finalDisplayedUrl,
    metrics,
    failing,
    warnings: lhr.runWarnings,
    consoleErrors,
    issues,
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A run's figures without the report details, for the list of every run. */
const runOf = (scores: LighthouseScores): LighthouseRun => ({
  performance: scores.performance,
  benchmarkIndex: scores.benchmarkIndex,
  calibration: scores.calibration,
  cpu: scores.cpu,
  tbtMs: scores.tbtMs,
  mainThread: scores.mainThread,
});

/**
 * Lighthouse's own advice for a noisy machine: run several times and take the median. Returns the
 * figures of the run with the median performance score, with TBT and main-thread work replaced by
 * their medians over the runs, and every run's figures.
 */
function medianOf(all: LighthouseScores[]): LighthouseScores {
  const ranked = [...all].sort((a, b) => a.performance - b.performance);
  const middle = ranked[Math.floor(ranked.length / 2)]!;
  const middleBy = (key: (scores: LighthouseScores) => number) =>
    [...all].sort((a, b) => key(a) - key(b))[Math.floor(all.length / 2)]!;
  return {
    ...middle,
    tbtMs: median(all.map((scores) => scores.tbtMs)),
    mainThread: middleBy((scores) => scores.mainThread.totalMs).mainThread,
    cpu: middleBy((scores) => scores.cpu?.totalMs ?? 0).cpu,
    performanceRuns: all.map((scores) => scores.performance),
    runs: all.map(runOf),
  };
}

/**
 * The batch page and the /signin floor (signed out: Next.js and React with almost nothing of ours),
 * `runs` times each, alternating so drift in the machine's speed falls on both alike; each run
 * calibrated to the host as it is at that moment. Reports: bench/results/lighthouse-<name>-<n>.json.
 */
export async function runLighthouseAgainstFloor(
  bench: BenchStack,
  runs: number,
): Promise<{ batch: LighthouseScores; signin: LighthouseScores }> {
  const batch: LighthouseScores[] = [];
  const signin: LighthouseScores[] = [];
  for (let run = 1; run <= runs; run++) {
    batch.push(await runLighthouse(bench, "mobile", `mobile-${run}`));
    signin.push(await runLighthouse(bench, "mobile", `signin-${run}`, { route: "/signin", signedIn: false }));
  }
  return { batch: medianOf(batch), signin: medianOf(signin) };
}
