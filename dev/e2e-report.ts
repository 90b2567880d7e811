import type { JSONReport, JSONReportSpec, JSONReportSuite } from "@playwright/test/reporter";

export type ProjectSummary = {
  name: string;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  /** From the first test's start to the last one's end, worker fixtures (the project's own stack) included. */
  seconds: number;
};

export type E2eSummary = {
  /** Passed on the first try; a test that passed only on a retry is counted in `flaky`, not here. */
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  /** `<file> › <describe › title> [project]`, one per test. */
  flakyTests: string[];
  failedTests: string[];
  projects: ProjectSummary[];
};

function* specsOf(suite: JSONReportSuite, titles: string[]): Generator<{ spec: JSONReportSpec; titles: string[] }> {
  for (const spec of suite.specs) yield { spec, titles };
  for (const child of suite.suites ?? []) yield* specsOf(child, [...titles, child.title]);
}

/** What a Playwright JSON report says, per test status and per project. */
export function summariseE2eReport(report: JSONReport): E2eSummary {
  const summary: E2eSummary = {
    passed: 0,
    failed: 0,
    flaky: 0,
    skipped: 0,
    flakyTests: [],
    failedTests: [],
    projects: [],
  };
  const projects = new Map<string, ProjectSummary & { start: number; end: number }>();
  for (const file of report.suites) {
    // The file's own suite is titled with its path; the describes below it make up the rest of the name.
    for (const { spec, titles } of specsOf(file, [])) {
      for (const test of spec.tests) {
        const name = `${spec.file} › ${[...titles, spec.title].join(" › ")} [${test.projectName}]`;
        let project = projects.get(test.projectName);
        if (!project) {
          project = {
            name: test.projectName,
            passed: 0,
            failed: 0,
            flaky: 0,
            skipped: 0,
            seconds: 0,
            start: Infinity,
            end: 0,
          };
          projects.set(test.projectName, project);
        }
        for (const result of test.results) {
          const start = Date.parse(result.startTime);
          project.start = Math.min(project.start, start);
          project.end = Math.max(project.end, start + result.duration);
        }
        if (test.status === "expected") {
          summary.passed += 1;
          project.passed += 1;
        } else if (test.status === "flaky") {
          summary.flaky += 1;
          project.flaky += 1;
          summary.flakyTests.push(name);
        } else if (test.status === "unexpected") {
          summary.failed += 1;
          project.failed += 1;
          summary.failedTests.push(name);
        } else {
          summary.skipped += 1;
          project.skipped += 1;
        }
      }
    }
  }
  summary.projects = [...projects.values()].map(({ start, end, ...project }) => ({
    ...project,
    seconds: end > start ? Math.round((end - start) / 1000) : 0,
  }));
  return summary;
}
