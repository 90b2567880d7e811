import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./dev/chromium";
import { e2ePorts } from "./dev/stack-config";

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
      testIgnore: /faults\.spec\.ts/,
    },
    // Upstream faults (a 429 pauses the whole key's budget) run alone, after everything else.
    {
      name: "faults",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      dependencies: ["chromium"],
      testMatch: /faults\.spec\.ts/,
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
