import type { JSONReport, JSONReportTest } from "@playwright/test/reporter";
import { describe, expect, it } from "vitest";
import { summariseE2eReport } from "../../dev/e2e-report";

const result = (startTime: string, duration: number) =>
  ({ startTime, duration, retry: 0, status: "passed" }) as JSONReportTest["results"][number];

const test = (projectName: string, status: JSONReportTest["status"], ...results: JSONReportTest["results"]) =>
  ({ projectName, status, results }) as JSONReportTest;

const spec = (file: string, title: string, ...tests: JSONReportTest[]) =>
  ({ file, title, tests }) as JSONReport["suites"][number]["specs"][number];

const report = {
  suites: [
    {
      title: "faults.spec.ts",
      file: "faults.spec.ts",
      specs: [
        spec(
          "faults.spec.ts",
          "API: upstream hangs → 504",
          test("faults", "expected", result("2026-12-07T10:00:00Z", 4_000)),
        ),
        spec(
          "faults.spec.ts",
          "API: one 429 → 200",
          test("faults", "flaky", result("2026-12-07T10:00:04Z", 2_000), result("2026-12-07T10:00:06Z", 3_000)),
        ),
      ],
    },
    {
      title: "sessions.spec.ts",
      file: "sessions.spec.ts",
      specs: [],
      suites: [
        {
          title: "dana",
          file: "sessions.spec.ts",
          specs: [
            spec(
              "sessions.spec.ts",
              "End all sessions",
              test("chromium", "unexpected", result("2026-12-07T10:01:00Z", 500)),
            ),
            spec("sessions.spec.ts", "signs in", test("chromium", "skipped")),
          ],
        },
      ],
    },
  ],
} as unknown as JSONReport;

describe("summariseE2eReport", () => {
  it("counts a test that passed only on its retry as flaky, not passed, and names it with its file and project", () => {
    const summary = summariseE2eReport(report);
    expect(summary).toMatchObject({ passed: 1, failed: 1, flaky: 1, skipped: 1 });
    expect(summary.flakyTests).toEqual(["faults.spec.ts › API: one 429 → 200 [faults]"]);
    expect(summary.failedTests).toEqual(["sessions.spec.ts › dana › End all sessions [chromium]"]);
  });

  it("times each project from its first test's start to its last one's end, retries included", () => {
    expect(summariseE2eReport(report).projects).toEqual([
      { name: "faults", passed: 1, failed: 0, flaky: 1, skipped: 0, seconds: 9 },
      { name: "chromium", passed: 0, failed: 1, flaky: 0, skipped: 1, seconds: 1 },
    ]);
  });
});
