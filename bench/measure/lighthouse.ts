import * as chromeLauncher from "chrome-launcher";
import { mkdirSync, writeFileSync } from "node:fs";
import lighthouse, { desktopConfig } from "lighthouse";
import { demoBatchPage, type BenchStack } from "../support/stack.js";
import { chromiumFlags, chromiumPath } from "./page-weight.js";

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

/**
 * Lighthouse (pinned 12.2.3) on the signed-in batch page, driving Debian's Chromium through
 * chrome-launcher; the session cookie goes on every request via extraHeaders.
 * "mobile" is Lighthouse's default (Moto G power emulation, simulated slow 4G and 4x CPU throttling).
 */
export async function runLighthouse(
  bench: BenchStack,
  preset: "mobile" | "desktop",
  reportName: string = preset,
): Promise<LighthouseScores> {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: chromiumFlags,
    logLevel: "silent",
  });
  try {
    const url = `${bench.stack.appUrl}${demoBatchPage}`;
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: categories,
        extraHeaders: { Cookie: bench.session.cookie },
      },
      preset === "desktop" ? desktopConfig : undefined,
    );
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
    return {
      preset,
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
  } finally {
    chrome.kill();
  }
}

/**
 * Lighthouse's own advice for a noisy machine: run several times and take the median. Returns the
 * figures of the run with the median performance score, and every score; each run's report is
 * bench/results/lighthouse-<preset>-<n>.json.
 */
export async function runLighthouseMedian(
  bench: BenchStack,
  preset: "mobile" | "desktop",
  runs: number,
): Promise<LighthouseScores> {
  const all: LighthouseScores[] = [];
  for (let run = 1; run <= runs; run++) all.push(await runLighthouse(bench, preset, `${preset}-${run}`));
  const ranked = [...all].sort((a, b) => a.performance - b.performance);
  const median = ranked[Math.floor(ranked.length / 2)]!;
  return { ...median, performanceRuns: all.map((scores) => scores.performance) };
}
