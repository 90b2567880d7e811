import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./dev/chromium";
import { e2eMultiPorts, e2ePorts } from "./dev/stack-config";

const baseURL = `http://localhost:${e2ePorts.app}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [
    ["list"],
    ["html", { open: "never", outputFolder: "playwright-report" }],
    ["json", { outputFile: "test-results/e2e-results.json" }],
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      dependencies: ["setup"],
      testIgnore: [/faults\.spec\.ts/, /multi-instance\.spec\.ts/, /export-jobs-durable\.spec\.ts/],
    },
    // Upstream faults (a 429 pauses the whole key's budget) run alone, after everything else.
    {
      name: "faults",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      dependencies: ["chromium"],
      testMatch: /faults\.spec\.ts/,
    },
    // Three instances sharing one Redis, with a stack of their own (tests/e2e/support/multi-instance.ts): last, so
    // their load does not slow the other projects. Alone: `npx playwright test --project multi-instance --no-deps`.
    {
      name: "multi-instance",
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://localhost:${e2eMultiPorts.app}` },
      dependencies: ["faults"],
      testMatch: /multi-instance\.spec\.ts/,
      workers: 1,
      // The tests measure behaviour (budget, cache, degradation): a retry would only hide a real failure.
      retries: 0,
      timeout: 120_000,
    },
    // An export job on the Postgres World survives its server being killed (its own PostgreSQL, Redis and stack).
    // Alone: `npx playwright test --project durable --no-deps`.
    {
      name: "durable",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      dependencies: ["multi-instance"],
      testMatch: /export-jobs-durable\.spec\.ts/,
      workers: 1,
      retries: 0,
      timeout: 240_000,
    },
  ],
  webServer: {
    command: "npx tsx dev/stack.ts --e2e --log test-logs/e2e-server.log",
    url: `${baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
