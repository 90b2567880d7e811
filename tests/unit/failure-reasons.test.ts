import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";

let sim: RunningSimulator;
let failures: typeof import("@/lib/batch/failure-reasons");
let config: typeof import("@/lib/config");

beforeAll(async () => {
  // Each page takes a while: a walk of the big batch's failed calls needs about two seconds.
  sim = await startSimulator({ port: 0, latencyMs: 300 });
  vi.resetModules();
  Object.assign(process.env, appTestEnv(sim.url, { TRILLET_RATE_LIMIT_PER_MINUTE: "100000" }));
  config = await import("@/lib/config");
  failures = await import("@/lib/batch/failure-reasons");
});

afterAll(async () => {
  await sim.close();
});

const acme = () => config.getConfig().workspaces.find((workspace) => workspace.slug === "acme")!;

describe("failure reasons walk", () => {
  it("counts up to the cap and says when it counted only part of the failed calls", async () => {
    const result = await failures.computeFailureReasons(acme(), "batch_big_100k");
    expect(result.examined).toBe(failures.maxFailedExamined);
    expect(result.totalFailed).toBeGreaterThan(failures.maxFailedExamined);
    expect(result.complete).toBe(false);
  });

  it("stops at its deadline and reports what it had counted, instead of walking on", async () => {
    const result = await failures.computeFailureReasons(acme(), "batch_big_100k", AbortSignal.timeout(1_000));
    expect(result.examined).toBeGreaterThan(0);
    expect(result.examined).toBeLessThan(failures.maxFailedExamined);
    expect(result.complete).toBe(false);
    expect(result.reasons.reduce((sum, reason) => sum + reason.count, 0)).toBe(result.examined);
  });

  it("a deadline that passes before the first page is a timeout, in words for people", async () => {
    await expect(
      failures.computeFailureReasons(acme(), "batch_big_100k", AbortSignal.timeout(10)),
    ).rejects.toMatchObject({ kind: "timeout" });
  });
});
