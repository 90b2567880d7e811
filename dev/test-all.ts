import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { chromiumPath } from "./chromium.js";
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

/** `redis`: the step gets REDIS_TEST_URL, the one Redis this run starts (vitest's globalSetup then starts none). */
type Step = { name: string; command: string[]; env?: Record<string, string>; redis?: true };

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
  { name: "leak scan", command: ["node_modules/.bin/tsx", "dev/leak-scan.ts"] },
  // Vercel's own build of the app, offline, in .next-vercel (the e2e build in .next is untouched).
  { name: "vercel build", command: ["node_modules/.bin/tsx", "dev/vercel-check.ts"] },
];

type Counts = { passed: number; failed: number; skipped: number };

function counts(file: string, read: (json: Record<string, unknown>) => Counts): Counts | undefined {
  try {
    return read(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

const describe = (result: Counts | undefined) =>
  result
    ? `${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ""}`
    : "no report";

if (!ensureChromium() || !ensureRedisServer() || !ensurePostgres()) process.exit(1);
rmSync("test-logs", { recursive: true, force: true });
const started = Date.now();
const redis = await startRedis({ port: 0, quiet: true });
let failure: number | undefined;
try {
  for (const step of steps) {
    console.log(`\n▶ ${step.name}: ${step.command.join(" ")}`);
    const result = spawnSync(step.command[0]!, step.command.slice(1), {
      stdio: "inherit",
      env: { ...process.env, ...step.env, ...(step.redis ? { REDIS_TEST_URL: redis.url } : {}) },
    });
    if (result.status !== 0) {
      console.error(`\n✗ ${step.name} failed (exit ${result.status ?? result.signal}).`);
      failure = result.status ?? 1;
      break;
    }
  }
} finally {
  await redis.stop();
}
if (failure !== undefined) process.exit(failure);

const unit = counts("test-logs/unit-results.json", (json) => ({
  passed: Number(json.numPassedTests),
  failed: Number(json.numFailedTests),
  skipped: Number(json.numPendingTests),
}));
const e2e = counts("test-results/e2e-results.json", (json) => {
  const stats = json.stats as { expected: number; unexpected: number; flaky: number; skipped: number };
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
});
console.log(`\nAll checks passed in ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(`unit: ${describe(unit)}`);
console.log(`e2e: ${describe(e2e)}`);
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const result of [unit, e2e]) {
  total.passed += result?.passed ?? 0;
  total.failed += result?.failed ?? 0;
  total.skipped += result?.skipped ?? 0;
}
console.log(describe(total));
