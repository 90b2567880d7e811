import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import type { CallDetail, OutcomeCounts } from "@/lib/shared/call-detail";
import { exampleCalls } from "../../dev/simulator/seeds/example";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { resetSim } from "./support/sim-admin";
import { testIdentity } from "./support/identity";

// The only mock: who is signed in. Routes, lib, the search index and the simulator are real.
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

const EXAMPLE = "batch_7891011121314";
const alice = testIdentity({ id: "http://127.0.0.1:1#alice-call-fields" });

type Params = { slug: string; batchId: string; jobId?: string };
type Handler = (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response>;
let sim: RunningSimulator;
let routes: { detail: Handler; outcomes: Handler };
let walks: () => Promise<void>[];
let stdoutSpy: MockInstance<typeof process.stdout.write>;

const base = `/api/w/acme/batches/${EXAMPLE}`;
const get = (handler: Handler, path: string, params: Params) =>
  handler(new NextRequest(`http://localhost${path}`), { params: Promise.resolve(params) });
const detail = async (jobId: string) => {
  const response = await get(routes.detail, `${base}/calls/${jobId}`, { slug: "acme", batchId: EXAMPLE, jobId });
  expect(response.status).toBe(200);
  return (await response.json()) as CallDetail;
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, { TRILLET_RATE_LIMIT_PER_MINUTE: "100000", API_RATE_LIMIT_PER_MINUTE: "100000" }),
  );
  routes = {
    detail: (await import("@/app/api/w/[slug]/batches/[batchId]/calls/[jobId]/route")).GET as Handler,
    outcomes: (await import("@/app/api/w/[slug]/batches/[batchId]/outcomes/route")).GET as Handler,
  };
  walks = (await import("@/lib/search/walker")).runningWalks;
});

afterAll(() => sim?.close());

beforeEach(async () => {
  session.identity = alice;
  await resetSim(sim);
  stdoutSpy?.mockRestore();
  stdoutSpy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});

describe("a call's CSV row in its detail", () => {
  it("comes from the job for a completed call, in the workspace's currency", async () => {
    const completed = exampleCalls().find((call) => call.status === "completed" && Object.keys(call.metadata).length)!;
    const body = await detail(completed.jobId);
    expect(body.fields).toEqual({ state: "found", metadata: expect.objectContaining({}) });
    expect(body.fields.state === "found" && Object.keys(body.fields.metadata)).toEqual(Object.keys(completed.metadata));
    expect(body.currency).toBe("USD");
  });

  it("comes from the batch's calls for a waiting call, whose job carries no row: pending, then found", async () => {
    const waiting = exampleCalls().find((call) => call.status === "waiting" && Object.keys(call.metadata).length)!;
    const first = await detail(waiting.jobId);
    expect(first.job.status).toBe("waiting");
    if (first.fields.state !== "found") {
      expect(first.fields.state).toBe("pending");
      await Promise.all(walks());
    }
    const second = await detail(waiting.jobId);
    expect(second.fields.state).toBe("found");
    const expected = Object.fromEntries(Object.entries(waiting.metadata).map(([key, value]) => [key, String(value)]));
    expect(second.fields.state === "found" && second.fields.metadata).toEqual(expected);
  });
});

describe("outcome totals", () => {
  it("sum the cost and length of the call records read, saying how many carry each", async () => {
    const response = await get(routes.outcomes, `${base}/outcomes`, { slug: "acme", batchId: EXAMPLE });
    expect(response.status).toBe(200);
    const body = (await response.json()) as OutcomeCounts;
    expect(body.currency).toBe("USD");
    expect(body.cost.records).toBeGreaterThan(0);
    expect(body.cost.records).toBeLessThanOrEqual(body.counted);
    expect(body.cost.total).toBeGreaterThan(0);
    expect(body.seconds.records).toBeGreaterThan(0);
    expect(body.seconds.total).toBeGreaterThan(0);
  });
});
