import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import type { CallDetail, OutcomeCounts } from "@/lib/shared/call-detail";
import { exampleCalls } from "../../dev/simulator/seeds/example";
import { hasNoRecord, resultLacksCallId } from "../../dev/simulator/records/store";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { addFault, recentRequests, resetSim } from "./support/sim-admin";
import { testIdentity } from "./support/identity";

// The only mock: who is signed in. Routes, lib and the simulator are real.
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

const EXAMPLE = "batch_7891011121314";
const alice = testIdentity({ id: "http://127.0.0.1:1#alice-call-records" });

type Params = { slug: string; batchId: string; jobId: string };
type Handler = (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response>;
let sim: RunningSimulator;
let routes: { detail: Handler; recording: Handler; outcomes: Handler };
let stdoutSpy: MockInstance<typeof process.stdout.write>;

const completed = exampleCalls().filter((call) => call.status === "completed");
const gapJob = completed.find((call) => hasNoRecord(call.jobId))!.jobId;
const noCallIdJob = completed.find((call) => resultLacksCallId(call.jobId) && !hasNoRecord(call.jobId))!.jobId;
// Answers are cached for a while by the app: a test that must reach the simulator uses a call no other test opened.
const plainJob = completed.find(
  (call) => !hasNoRecord(call.jobId) && !resultLacksCallId(call.jobId) && call.jobId !== "call_125",
)!.jobId;

function call(handler: Handler, path: string, params: Partial<Params>, headers: Record<string, string> = {}) {
  const request = new NextRequest(`http://localhost${path}`, { headers });
  return handler(request, { params: Promise.resolve({ slug: "acme", batchId: EXAMPLE, jobId: "", ...params }) });
}
const base = (slug = "acme", batchId = EXAMPLE) => `/api/w/${slug}/batches/${batchId}`;
const detail = (jobId: string, slug = "acme", batchId = EXAMPLE) =>
  call(routes.detail, `${base(slug, batchId)}/calls/${jobId}`, { slug, batchId, jobId });
const recording = (jobId: string, range?: string, slug = "acme", batchId = EXAMPLE) =>
  call(
    routes.recording,
    `${base(slug, batchId)}/calls/${jobId}/recording`,
    { slug, batchId, jobId },
    range ? { range } : {},
  );
const upstreamSince = async (at: number) => (await recentRequests(sim, 1000)).filter((entry) => entry.at >= at);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
      TRILLET_TIMEOUT_MS: "1000",
    }),
  );
  routes = {
    detail: (await import("@/app/api/w/[slug]/batches/[batchId]/calls/[jobId]/route")).GET as Handler,
    recording: (await import("@/app/api/w/[slug]/batches/[batchId]/calls/[jobId]/recording/route")).GET as Handler,
    outcomes: (await import("@/app/api/w/[slug]/batches/[batchId]/outcomes/route")).GET as Handler,
  };
});

afterAll(() => sim?.close());

beforeEach(async () => {
  session.identity = alice;
  await resetSim(sim);
  stdoutSpy?.mockRestore();
  stdoutSpy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});

describe("call detail", () => {
  it("shows a completed call's outcome, summary, analysed fields, cost and timed transcript for 2 upstream requests", async () => {
    const at = Date.now();
    const response = await detail("call_125");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = (await response.json()) as CallDetail;
    expect(body).toMatchObject({ record: "found", outcome: expect.any(String), recording: true, durationSeconds: 39 });
    expect(body.job).toMatchObject({ jobId: "call_125", phone_number: "+14155550134", phoneDisplay: "(415) 555-0134" });
    expect(body.summary).toMatch(/Liam/);
    expect(body.cost).toBeGreaterThan(0);
    expect(body.analysed.map((field) => field.label)).toContain("Answered by voicemail");
    expect(body.transcript?.source).toBe("record");
    expect(body.transcript!.turns.length).toBeGreaterThan(2);
    expect(body.transcript!.turns.every((turn) => turn.startSeconds !== undefined)).toBe(true);
    const upstream = await upstreamSince(at);
    expect(upstream.map((entry) => entry.path)).toEqual([
      `/v1/api/batch-calls/${EXAMPLE}/calls/call_125`,
      "/v2/api/call-history",
    ]);
    // The vendor's recording URL and key never reach the browser.
    expect(JSON.stringify(body)).not.toContain(sim.url);
    expect(JSON.stringify(body)).not.toContain("recordingUrl");
  });

  it("opening it again within the cache costs nothing upstream", async () => {
    await detail("call_125");
    const at = Date.now();
    expect((await detail("call_125")).status).toBe(200);
    expect(await upstreamSince(at)).toEqual([]);
  });

  it("finds a record by phone number and time when the job names no callId", async () => {
    const body = (await (await detail(noCallIdJob)).json()) as CallDetail;
    expect(body.record).toBe("found");
  });

  it("says no record was found for a completed job without one, keeping the job's own transcript", async () => {
    const body = (await (await detail(gapJob)).json()) as CallDetail;
    expect(body.record).toBe("none");
    expect(body.recording).toBe(false);
    expect(body.summary).toBeUndefined();
  });

  it("keeps the job's facts and says so plainly when the call history answers 500", async () => {
    await addFault(sim, { mode: "status", status: 500, endpoint: "call-history" });
    const response = await detail(plainJob);
    expect(response.status).toBe(200);
    const body = (await response.json()) as CallDetail;
    expect(body.record).toBe("unavailable");
    expect(body.recordMessage).toMatch(/did not answer/);
    expect(body.job.status).toBe("completed");
    expect(body.transcript?.source).toBe("job");
  });

  it("answers an unknown job, another workspace's batch and a workspace one may not open with the same 404", async () => {
    const bodies = [];
    for (const response of [
      await detail("call_nope"),
      await detail("call_gx_0001", "acme", "batch_globex_q3"),
      await detail("call_gx_0001", "globex", "batch_globex_q3"),
      await recording("call_gx_0001", undefined, "acme", "batch_globex_q3"),
      await recording("call_gx_0001", undefined, "globex", "batch_globex_q3"),
    ]) {
      expect(response.status).toBe(404);
      bodies.push(await response.json());
    }
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
  });

  it("refuses a malformed job id with 400 before any upstream request", async () => {
    const at = Date.now();
    const response = await detail("..%2F..%2Fsecret");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    expect(await upstreamSince(at)).toEqual([]);
  });

  it("answers 401 without a session", async () => {
    session.identity = null;
    expect((await detail("call_125")).status).toBe(401);
    expect((await recording("call_125")).status).toBe(401);
  });
});

describe("call recording", () => {
  it("streams the audio with Range support, stored by no browser cache, and one upstream request for every seek", async () => {
    await detail("call_125");
    const at = Date.now();
    const whole = await recording("call_125");
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.headers.get("cache-control")).toBe("no-store");
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(Number(whole.headers.get("content-length"))).toBe(bytes.length);

    const part = await recording("call_125", "bytes=100-199");
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const tail = await recording("call_125", "bytes=-10");
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 10));

    const upstream = await upstreamSince(at);
    expect(upstream.map((entry) => entry.path)).toEqual([
      expect.stringMatching(/^\/v2\/api\/recordings\/[0-9a-f]{24}$/),
    ]);
  });

  it("answers 416 with the size for a range it cannot serve", async () => {
    for (const range of ["bytes=99999999-", "bytes=0-9,20-29", "bytes=x-"]) {
      const response = await recording("call_125", range);
      expect(response.status).toBe(416);
      expect(response.headers.get("content-range")).toMatch(/^bytes \*\/\d+$/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("range_not_satisfiable");
    }
  });

  it("answers 404 in plain words for a call without a recording", async () => {
    const response = await recording(gapJob);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/No recording/);
  });
});

describe("outcomes", () => {
  it("counts each outcome over every call record of the batch, 100 per request, and says what it counted", async () => {
    const at = Date.now();
    const response = await call(routes.outcomes, `${base()}/outcomes`, {});
    expect(response.status).toBe(200);
    const body = (await response.json()) as OutcomeCounts;
    expect(body.complete).toBe(true);
    expect(body.counted).toBe(body.total);
    expect(body.outcomes.reduce((sum, entry) => sum + entry.count, 0)).toBe(body.counted);
    expect(body.outcomes.map((entry) => entry.outcome)).toContain("voicemail");
    const upstream = await upstreamSince(at);
    expect(upstream).toHaveLength(Math.ceil(body.counted / 100));
    expect(upstream.every((entry) => entry.query.limit === "100")).toBe(true);
  });
});
