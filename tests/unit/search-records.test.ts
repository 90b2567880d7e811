import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import type { CallRecord } from "@/lib/call-records/parse";
import type { IndexedCall } from "@/lib/search/entry";
import type { CallSearchAnswer } from "@/lib/shared/search-said";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { testIdentity } from "./support/identity";
import { recentRequests, resetSim } from "./support/sim-admin";

// Call records add words to a batch's search, never calls: each record is linked to its call the
// way the call dialog does it (callId, else number and time window), never by a job id in its
// metadata alone. The linker is tested on its own, then the route against the simulator.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentIdentity: async () => session.identity,
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

const BATCH = "batch_test";
const T0 = 1_733_000_000_000;

const call = (jobId: string, phone_number: string, startTime: number, status = "completed"): IndexedCall => ({
  jobId,
  status,
  phone_number,
  startTime,
  endTime: startTime + 60_000,
  duration: 60,
  error: undefined,
  metadata: {},
});

const record = (id: string, fields: Partial<CallRecord>): CallRecord => ({
  id,
  hasRecording: false,
  analysed: [],
  transcript: [],
  variables: {},
  ...fields,
});

describe("linking call records to calls (as the call dialog does)", () => {
  it("links a record whose metadata names no job by the job's callId, and only by it when the number and time do not fit", async () => {
    const { linkRecords } = await import("@/lib/search/record-link");
    const calls = [call("job_1", "+14155550100", T0)];
    // Another number and a day later: only the callId can tie them. No jobId in the record's metadata.
    const byCallId = record("rec_1", {
      callId: "call_abc",
      batchId: BATCH,
      toPhoneNumber: "+14155559999",
      startedAt: T0 + 86_400_000,
    });
    expect(byCallId.jobId).toBeUndefined();
    const withCallId = linkRecords(BATCH, calls, [byCallId], new Map([["job_1", "call_abc"]]));
    expect(withCallId.linked.get("job_1")?.id).toBe("rec_1");
    expect(linkRecords(BATCH, calls, [byCallId]).linked.size).toBe(0);
    // The job's callId is the key: a record with another callId never links, whatever its number.
    const other = record("rec_2", { callId: "call_other", toPhoneNumber: "+14155550100", startedAt: T0 + 1_000 });
    expect(linkRecords(BATCH, calls, [other], new Map([["job_1", "call_abc"]])).linked.size).toBe(0);
  });

  it("links by number (any format) and time window when exactly one record fits, never a guess", async () => {
    const { linkRecords } = await import("@/lib/search/record-link");
    const calls = [call("job_1", "+1 (415) 555-0100", T0), call("job_2", "+14155550177", T0)];
    const inWindow = record("rec_1", { toPhoneNumber: "+14155550100", startedAt: T0 + 30_000, batchId: BATCH });
    const outside = record("rec_2", { toPhoneNumber: "+14155550177", startedAt: T0 + 3_600_000, batchId: BATCH });
    const links = linkRecords(BATCH, calls, [inWindow, outside]);
    expect(links.linked.get("job_1")?.id).toBe("rec_1");
    expect(links.linked.has("job_2")).toBe(false);
    // Two records fit one call's window: neither is linked, and the call is named for a callId read.
    const twin = record("rec_3", { toPhoneNumber: "+14155550100", startedAt: T0 + 40_000, batchId: BATCH });
    const both = linkRecords(BATCH, calls, [inWindow, twin]);
    expect(both.linked.size).toBe(0);
    expect(both.ambiguous).toEqual(["job_1"]);
  });

  it("a record's job id or batch id in its metadata only rules calls out; waiting calls are never linked", async () => {
    const { linkRecords } = await import("@/lib/search/record-link");
    const calls = [call("job_1", "+14155550100", T0), call("job_2", "+14155550188", T0, "waiting")];
    const namesAnother = record("rec_1", { jobId: "job_9", toPhoneNumber: "+14155550100", startedAt: T0 + 1_000 });
    const otherBatch = record("rec_2", { batchId: "batch_x", toPhoneNumber: "+14155550100", startedAt: T0 + 1_000 });
    const forWaiting = record("rec_3", { toPhoneNumber: "+14155550188", startedAt: T0 + 1_000 });
    expect(linkRecords(BATCH, calls, [namesAnother]).linked.size).toBe(0);
    expect(linkRecords(BATCH, calls, [otherBatch]).linked.size).toBe(0);
    expect(linkRecords(BATCH, calls, [forWaiting]).linked.size).toBe(0);
  });

  it("keeps only capped, normalised words and cuts an excerpt around the first word found", async () => {
    const { saidWords, excerptOf, maxTranscriptChars } = await import("@/lib/search/record-words");
    const long = "Ça va? ".repeat(2_000);
    const words = saidWords(
      record("rec", {
        transcript: [{ speaker: "agent", label: "Agent", text: long }],
        summary: "Zoë booked",
      }),
    )!;
    expect(words.transcript!.length).toBeLessThanOrEqual(maxTranscriptChars);
    expect(words.transcript!.startsWith("ca va? ca va?")).toBe(true);
    expect(words.summary).toBe("zoe booked");
    const text = `${"one two three ".repeat(10)}the whitening consultation ${"four five ".repeat(20)}`;
    const excerpt = excerptOf(text, ["whitening"]);
    expect(excerpt).toContain("the whitening consultation");
    expect(excerpt.startsWith("…")).toBe(true);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(excerpt.length).toBeLessThan(150);
  });
});

describe("the live refresh re-reads only what can have changed", () => {
  it("reads at most five of the pages that held open calls, plus the new ones, while the batch is live", async () => {
    const { startPass } = await import("@/lib/search/walker");
    const open = Array.from({ length: 12 }, (_, index) => index + 2); // pages 2..13 held waiting calls
    const meta = {
      summary: { total: 2_000, waiting: 1_000, active: 10, completed: 990, failed: 0 },
      totalPages: 20,
      rows: Array(20).fill(100),
      stamps: Array(20).fill(1),
      pending: [],
      open,
      walked: true,
      passEndedAt: 1,
      progressAt: 1,
    };
    const first = {
      calls: [],
      pagination: { page: 1, limit: 100, total: 2_150, totalPages: 22, hasNext: true, hasPrev: false },
      summary: { total: 2_150, waiting: 1_100, active: 10, completed: 1_040, failed: 0 },
    };
    const live = startPass(meta, first, 2);
    // Five earliest open pages, then the last known page and the two new ones; none of the settled pages.
    expect(live.pending).toEqual([2, 3, 4, 5, 6, 20, 21, 22]);
    // Once Trillet says nothing is open any more, every open page is read again, once.
    const done = startPass(meta, { ...first, summary: { ...first.summary, waiting: 0, active: 0 } }, 3);
    expect(done.pending).toEqual([...open, 20, 21, 22]);
  });
});

type Params = { slug: string; batchId: string };
type Handler = (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response>;
let sim: RunningSimulator;
let route: Handler;
let runningWalks: () => Promise<void>[];

async function ask(q: string, batchId: string, slug = "acme"): Promise<CallSearchAnswer> {
  const request = new NextRequest(
    `http://localhost/api/w/${slug}/batches/${batchId}/search?${new URLSearchParams({ q })}`,
  );
  const response = await route(request, { params: Promise.resolve({ slug, batchId }) });
  expect(response.status).toBe(200);
  return (await response.json()) as CallSearchAnswer;
}

/** Asks as the page does until the calls and their records are all read. */
async function askDone(q: string, batchId: string): Promise<CallSearchAnswer> {
  for (let attempt = 0; ; attempt++) {
    const body = await ask(q, batchId);
    if (body.progress.complete && body.transcripts?.state === "complete" && runningWalks().length === 0) return body;
    if (attempt > 400) throw new Error(`search for ${q} never completed: ${JSON.stringify(body.transcripts)}`);
    await Promise.race([Promise.all(runningWalks()), new Promise((resolve) => setTimeout(resolve, 25))]);
  }
}

async function jobTranscript(batchId: string, jobId: string): Promise<string> {
  const response = await fetch(`${sim.url}/v1/api/batch-calls/${batchId}/calls/${jobId}`, {
    headers: { "x-api-key": "demo-trillet-key", "x-workspace-id": "ws_acme" },
  });
  const body = (await response.json()) as { result?: { transcript?: string } };
  return body.result?.transcript ?? "";
}

describe("search finds words said in the call", () => {
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    vi.resetModules();
    Object.assign(
      process.env,
      appTestEnv(sim.url, { TRILLET_RATE_LIMIT_PER_MINUTE: "100000", API_RATE_LIMIT_PER_MINUTE: "100000" }),
    );
    route = (await import("@/app/api/w/[slug]/batches/[batchId]/search/route")).GET as Handler;
    runningWalks = (await import("@/lib/search/walker")).runningWalks;
  });

  afterAll(async () => {
    await Promise.all(runningWalks?.() ?? []);
    await sim?.close();
  }, 30_000);

  beforeEach(async () => {
    await Promise.all(runningWalks());
    for (const name of ["__batchConsoleSearchKv", "__batchConsoleSearchLoaded", "__batchConsoleSearchWalks"])
      delete (globalThis as Record<string, unknown>)[name];
    session.identity = testIdentity({ id: "http://127.0.0.1:1#alice-records" });
    await resetSim(sim);
  });

  it("a transcript word finds the calls whose records name no job, each with an excerpt of what was said", async () => {
    const body = await askDone("whitening consultation", "batch_shared_number");
    expect(body.pagination.total).toBeGreaterThan(0);
    for (const row of body.calls) {
      const hit = body.said?.[row.jobId];
      expect(hit?.where).toBe("transcript");
      expect(hit?.excerpt).toContain("whitening consultation");
      // The record linked is this call's own: its job's transcript (from Trillet's job endpoint) says so too.
      expect(await jobTranscript("batch_shared_number", row.jobId)).toContain("whitening consultation");
    }
  });

  it("a summary word finds the call and says it was the summary; a number search shows no excerpt", async () => {
    // The summary says "{name} has moved to another practice"; the transcript says "I've already moved…".
    const summary = await askDone("has moved to another practice", "batch_shared_number");
    expect(summary.pagination.total).toBeGreaterThan(0);
    for (const row of summary.calls) {
      expect(summary.said?.[row.jobId]).toMatchObject({ where: "summary" });
      expect(summary.said?.[row.jobId]?.excerpt).toContain("has moved to another practice");
    }
    const byNumber = await ask("(415) 555-0123", "batch_shared_number");
    expect(byNumber.pagination.total).toBe(40);
    expect(byNumber.said).toEqual({});
  });

  it("in a live batch too (the demo's), only finished calls get words, from their own records", async () => {
    const body = await askDone("whitening consultation", "batch_7891011121314");
    expect(body.progress.live).toBe(true);
    expect(body.pagination.total).toBeGreaterThan(0);
    for (const row of body.calls) {
      expect(["completed", "failed"]).toContain(row.status);
      expect(body.said?.[row.jobId]?.where).toBe("transcript");
      expect(await jobTranscript("batch_7891011121314", row.jobId)).toContain("whitening consultation");
    }
  });

  it("HTML in a transcript comes back as the same text, never as markup taken apart", async () => {
    const body = await askDone("onerror northwind", "batch_hostile");
    expect(body.calls.map((row) => row.metadata.first_name)).toContain("<img src=x onerror=alert(1)>");
    const row = body.calls.find((found) => found.metadata.first_name === "<img src=x onerror=alert(1)>")!;
    expect(body.said?.[row.jobId]?.excerpt).toContain("<img src=x onerror=alert(1)>");
  });

  it("records are read after the calls, 100 a request, filtered by batch; a batch with no finished call reads none", async () => {
    await askDone("whitening", "batch_shared_number");
    const requests = await recentRequests(sim, 5000);
    const lastCalls = requests.findLastIndex((entry) => entry.path.endsWith("/calls"));
    const history = requests.flatMap((entry, index) =>
      entry.path === "/v2/api/call-history" ? [{ entry, index }] : [],
    );
    expect(history.length).toBeGreaterThan(0);
    for (const { entry, index } of history) {
      expect(index).toBeGreaterThan(lastCalls);
      expect(entry.query).toMatchObject({ batchId: "batch_shared_number", limit: "100" });
    }
    // 237 calls, every finished one with at most one record: three pages of 100 at most.
    expect(history.length).toBeLessThanOrEqual(3);

    await resetSim(sim);
    const empty = await ask("anything", "batch_empty");
    await Promise.all(runningWalks());
    expect(empty.transcripts?.state).toBe("none");
    expect((await recentRequests(sim, 5000)).some((entry) => entry.path === "/v2/api/call-history")).toBe(false);
  });
});
