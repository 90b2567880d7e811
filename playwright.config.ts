import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./dev/chromium";
import { e2eMultiPorts, e2ePorts } from "./dev/stack-config";

const baseURL = `http://localhost:${e2ePorts.app}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: true,
  // One per core. The own-stack projects run before chromium, two at a time (they mostly wait on their simulators).
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
  // Projects share nothing but the machine: each stack is its own (ports, simulator, key, Redis), so one failing
  // project skips no other. Playwright runs projects in phases by their dependencies: setup, multi-instance, durable
  // and faults first, side by side, then chromium once setup's sign-ins exist (it skips only if setup fails).
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "multi-instance",
      // Three instances sharing one Redis, with a stack of their own (tests/e2e/support/multi-instance.ts).
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://localhost:${e2eMultiPorts.app}` },
      testMatch: /multi-instance.*\.spec\.ts/,
      workers: 1,
      // The tests measure behaviour (budget, cache, degradation): a retry would only hide a real failure.
      retries: 0,
      timeout: 120_000,
    },
    // An export job on the Postgres World survives its server being killed (its own PostgreSQL, Redis and stack).
    {
      name: "durable",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testMatch: /export-jobs-durable\.spec\.ts/,
      workers: 1,
      retries: 0,
      timeout: 240_000,
    },
    // Upstream faults on a stack of their own (tests/e2e/support/faults-stack.ts): a 429 pauses its key's budget.
    {
      name: "faults",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testMatch: /faults\.spec\.ts/,
      workers: 1,
    },
    // Starts, re-runs and cancels over HTTP on two instances of their own, one killed mid-start (issue 25).
    {
      name: "operator",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testMatch: /operator-actions-api\.spec\.ts/,
      workers: 1,
      retries: 0,
      timeout: 120_000,
    },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      dependencies: ["setup"],
      testIgnore: [
        /faults\.spec\.ts/,
        /multi-instance.*\.spec\.ts/,
        /export-jobs-durable\.spec\.ts/,
        /operator-actions-api\.spec\.ts/,
      ],
    },
  ],
  webServer: {
    command: "npx tsx dev/stack.ts --e2e --log test-logs/e2e-server.log",
    url: `${baseURL}/api/health`,
    // Never another run's server: one left from an older build would answer the tests with old code.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
