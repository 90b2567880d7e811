import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import type { JSONReport } from "@playwright/test/reporter";
import { chromiumPath } from "./chromium.js";
import { summariseE2eReport, type E2eSummary } from "./e2e-report.js";
import { ensureDebianTool } from "./services/debian-package.js";
import { ensurePostgres } from "./services/postgres.js";
import { ensureRedisServer, startRedis } from "./services/redis.js";
import { e2eTrilletKey } from "./stack-config.js";

// `npm test`: every check, in the order a failure is cheapest to find.
const chromium = chromiumPath;

function ensureChromium(): boolean {
  return ensureDebianTool({
    path: chromium,
    debianPackage: "chromium",
    pathVariable: "CHROMIUM_PATH",
    neededBy: "The end-to-end tests",
  });
}

/**
 * `redis`: the step gets REDIS_TEST_URL, the one Redis this run starts (vitest's globalSetup then starts none).
 * `alsoAfterFailed`: runs even when that step failed (what it checks is still worth knowing); other failures stop the run.
 */
type Step = { name: string; command: string[]; env?: Record<string, string>; redis?: true; alsoAfterFailed?: string };

const steps: Step[] = [
  { name: "types", command: ["node_modules/.bin/tsc", "--noEmit", "-p", "."] },
  { name: "format", command: ["node_modules/.bin/prettier", "--check", "."] },
  { name: "lint", command: ["node_modules/.bin/eslint", "--max-warnings=0", "."] },
  {
    name: "unit",
    command: [
      "node_modules/.bin/vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      "--outputFile=test-logs/unit-results.json",
    ],
    redis: true,
  },
  // Built with the end-to-end key in the environment, so the leak scan also proves nothing inlines it.
  { name: "build", command: ["node_modules/.bin/next", "build"], env: { TRILLET_API_KEY: e2eTrilletKey } },
  {
    name: "e2e",
    command: ["node_modules/.bin/playwright", "test"],
    env: { CI: process.env.CI ?? "true" },
    redis: true,
  },
  { name: "leak scan", command: ["node_modules/.bin/tsx", "dev/leak-scan.ts"], alsoAfterFailed: "e2e" },
  // Vercel's own build of the app, offline, in .next-vercel (the e2e build in .next is untouched).
  { name: "vercel build", command: ["node_modules/.bin/tsx", "dev/vercel-check.ts"] },
];

type Counts = { passed: number; failed: number; skipped: number; flaky?: number };

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

const describe = (result: Counts | undefined) =>
  result
    ? `${result.passed} passed, ${result.failed} failed` +
      `${result.flaky ? `, ${result.flaky} flaky` : ""}${result.skipped ? `, ${result.skipped} skipped` : ""}`
    : "no report";

if (!ensureChromium() || !ensureRedisServer() || !ensurePostgres()) process.exit(1);
rmSync("test-logs", { recursive: true, force: true });
// A report left by an earlier run must not be read as this run's.
rmSync("test-results/e2e-results.json", { force: true });
const started = Date.now();
const redis = await startRedis({ port: 0, quiet: true });
let failure: { step: string; code: number } | undefined;
try {
  for (const step of steps) {
    if (failure && failure.step !== step.alsoAfterFailed) continue;
    console.log(`\n▶ ${step.name}: ${step.command.join(" ")}`);
    const result = spawnSync(step.command[0]!, step.command.slice(1), {
      stdio: "inherit",
      env: { ...process.env, ...step.env, ...(step.redis ? { REDIS_TEST_URL: redis.url } : {}) },
    });
    if (result.status !== 0) {
      console.error(`\n✗ ${step.name} failed (exit ${result.status ?? result.signal}).`);
      failure ??= { step: step.name, code: result.status ?? 1 };
    }
  }
} finally {
  await redis.stop();
}

const unitJson = readJson<Record<string, unknown>>("test-logs/unit-results.json");
const unit: Counts | undefined = unitJson && {
  passed: Number(unitJson.numPassedTests),
  failed: Number(unitJson.numFailedTests),
  skipped: Number(unitJson.numPendingTests),
};
const e2eJson = readJson<JSONReport>("test-results/e2e-results.json");
const e2e: E2eSummary | undefined = e2eJson && summariseE2eReport(e2eJson);

const seconds = Math.round((Date.now() - started) / 1000);
console.log(failure ? `\n${failure.step} failed; the run took ${seconds} s.` : `\nAll checks passed in ${seconds} s.`);
console.log(`unit: ${describe(unit)}`);
console.log(`e2e: ${describe(e2e)}`);
if (e2e) {
  for (const project of e2e.projects) console.log(`  ${project.name}: ${describe(project)} in ${project.seconds} s`);
  for (const name of e2e.failedTests) console.log(`failed: ${name}`);
  if (e2e.flaky > 0) {
    // CI retries a failed test once; passing the second time hides a defect rather than clearing it.
    console.log(
      `${e2e.flaky} flaky: failed, then passed on the retry. Not counted as passed; each is a defect to fix:`,
    );
    for (const name of e2e.flakyTests) console.log(`flaky: ${name}`);
  }
}
const total = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
for (const result of [unit, e2e]) {
  total.passed += result?.passed ?? 0;
  total.failed += result?.failed ?? 0;
  total.skipped += result?.skipped ?? 0;
  total.flaky += result?.flaky ?? 0;
}
// CI reads this last line: `N passed, N failed`, then the flaky and skipped counts when there are any.
console.log(describe(total));
if (failure) process.exit(failure.code);
