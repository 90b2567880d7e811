import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import type { CallSearchResult } from "@/lib/shared/call-detail";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { testIdentity } from "./support/identity";
import { addFault, recentRequests, resetSim } from "./support/sim-admin";

// The only mock: who is signed in. The route, lib, the in-memory index and the simulator are real.
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentIdentity: async () => session.identity,
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

const EXAMPLE = "batch_7891011121314";
const SHARED = "batch_shared_number";
const LIVE = "batch_live_acme";
const alice = testIdentity({ id: "http://127.0.0.1:1#alice-search" });
const bob = testIdentity({ id: "http://127.0.0.1:1#bob-search", email: "bob@globex.test", name: "Bob" });

type Params = { slug: string; batchId: string };
type Handler = (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response>;
let sim: RunningSimulator;
let route: Handler;
let runningWalks: () => Promise<void>[];
let stdoutSpy: MockInstance<typeof process.stdout.write>;

type View = { status?: string; page?: number; limit?: number; slug?: string; batchId?: string };

function search(q: string, view: View = {}): Promise<Response> {
  const { slug = "acme", batchId = EXAMPLE, status, page, limit } = view;
  const params = new URLSearchParams({ q });
  if (status) params.set("status", status);
  if (page) params.set("page", String(page));
  if (limit) params.set("limit", String(limit));
  const request = new NextRequest(`http://localhost/api/w/${slug}/batches/${batchId}/search?${params}`);
  return route(request, { params: Promise.resolve({ slug, batchId }) });
}

/** Asks as the page does, every moment, until the answer covers the whole batch. */
async function searchDone(q: string, view: View = {}): Promise<CallSearchResult> {
  for (let attempt = 0; ; attempt++) {
    const response = await search(q, view);
    expect(response.status).toBe(200);
    const body = (await response.json()) as CallSearchResult;
    if (body.progress.complete && runningWalks().length === 0) return body;
    if (attempt > 400) throw new Error(`search for ${q} never completed: ${JSON.stringify(body.progress)}`);
    await Promise.race([Promise.all(runningWalks()), new Promise((resolve) => setTimeout(resolve, 25))]);
  }
}

const jobIds = (body: CallSearchResult) => body.calls.map((row) => row.jobId);
const upstreamPaths = async () => (await recentRequests(sim, 5000)).map((entry) => entry.path);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
    }),
  );
  route = (await import("@/app/api/w/[slug]/batches/[batchId]/search/route")).GET as Handler;
  runningWalks = (await import("@/lib/search/walker")).runningWalks;
});

afterAll(async () => {
  await Promise.all(runningWalks());
  await sim?.close();
}, 30_000);

/** What this instance keeps of search indexes and reads; the rest of its state (the database, say) stays. */
const searchState = [
  "__batchConsoleSearchKv",
  "__batchConsoleSearchLoaded",
  "__batchConsoleSearchWalks",
  "__batchConsoleReads",
];

beforeEach(async () => {
  await Promise.all(runningWalks());
  // No index on this instance: each test pays for its own walk.
  for (const name of searchState) delete (globalThis as Record<string, unknown>)[name];
  session.identity = alice;
  await resetSim(sim);
  stdoutSpy?.mockRestore();
  stdoutSpy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});

describe("a search of the batch's own calls", () => {
  it("finds all 40 calls to one number in five formats, though the call records name no job, from the calls alone", async () => {
    for (const query of ["(415) 555-0123", "415-555-0123", "+14155550123", "4155550123", "+1 415 555 0123"]) {
      const body = await searchDone(query, { batchId: SHARED, limit: 100 });
      expect(body.kind).toBe("phone");
      expect(body.pagination.total).toBe(40);
      expect(body.matches).toMatchObject({ total: 40, completed: expect.any(Number), failed: expect.any(Number) });
      expect(body.matches.failed).toBeGreaterThan(0);
      expect(body.calls.every((row) => row.phoneDisplay === "(415) 555-0123")).toBe(true);
      expect(body.progress).toMatchObject({ searched: 237, total: 237, complete: true, live: false });
    }
    const paths = await upstreamPaths();
    // The records are read after the calls, for their words only: a number's matches never come from them.
    const history = (await recentRequests(sim, 5000)).filter((entry) => entry.path.includes("call-history"));
    expect(history.every((entry) => entry.query.batchId === SHARED && entry.query.search === undefined)).toBe(true);
    // One walk of the 237 calls (3 pages), reused by every later search.
    expect(paths.filter((path) => path.endsWith(`/batch-calls/${SHARED}/calls`))).toHaveLength(3);
  });

  it("answers the demo's cases: failed, waiting and shared numbers, accents, full names, parts and apostrophes", async () => {
    const all = async (q: string) => jobIds(await searchDone(q, { limit: 100 }));
    expect(await all("Smith")).toEqual(expect.arrayContaining(["call_124", "call_194"]));
    expect(await all("Hernández")).toContain("call_139");
    expect(await all("hernandez")).toContain("call_139");
    expect(await all("(312) 555-0117")).toEqual(["call_213"]);
    expect(await all("Zoë Rossi")).toEqual(["call_216"]);
    expect(await all("zoe.rossi@example.net")).toEqual(["call_216"]);
    expect(await all("+12125550191")).toEqual(["call_173", "call_216"]);
    expect(await all("Liam Nguyen")).toEqual(["call_125"]);
    expect(await all("John Doe")).toEqual(["call_123"]);
    expect(await all("555-0134")).toEqual(await all("5550134"));
    expect(await all("555-0134")).toEqual(expect.arrayContaining(["call_125", "call_130"]));
    expect(await all("O’Brien")).toEqual(expect.arrayContaining(["call_141", "call_240"]));
    expect(await all("O’Brien")).toEqual(await all("o'brien"));
    const partial = await all("(415) 555-01");
    expect(partial).toEqual(expect.arrayContaining(["call_125", "call_221", "call_262"]));
  });

  it("finds waiting and failed calls, within the status tab, paged like the table", async () => {
    const failed = await searchDone("Smith", { status: "failed" });
    expect(failed.calls.every((row) => row.status === "failed")).toBe(true);
    expect(jobIds(failed)).toContain("call_124");
    expect(failed.calls.find((row) => row.jobId === "call_124")).toMatchObject({
      error: "Number busy",
      metadata: { first_name: "Jane", last_name: "Smith", email: "jane.smith@example.com" },
    });
    const waiting = await searchDone("Rossi", { status: "waiting" });
    expect(jobIds(waiting)).toContain("call_216");
    expect(waiting.pagination.total).toBe(waiting.matches.waiting);

    const first = await searchDone("example", { limit: 20 });
    const second = await searchDone("example", { limit: 20, page: 2 });
    expect(first.pagination).toMatchObject({ page: 1, limit: 20, total: 150, totalPages: 8, hasNext: true });
    expect(second.pagination).toMatchObject({ page: 2, hasPrev: true });
    expect(jobIds(first)[0]).toBe("call_123");
    expect(jobIds(second)[0]).toBe("call_143");
  });

  it("sees a live batch's calls change: a waiting call is found finished once the batch moves on", async () => {
    await fetch(`${sim.url}/__sim/live`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ elapsedMs: 0, paused: true }),
    });
    const before = await searchDone("call_live_001", { batchId: LIVE });
    expect(before.calls.map((row) => row.status)).toEqual(["waiting"]);
    expect(before.progress.live).toBe(true);
    expect((await searchDone("call_live_001", { batchId: LIVE, status: "completed" })).pagination.total).toBe(0);

    await fetch(`${sim.url}/__sim/live`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ elapsedMs: 10_000_000, paused: true }),
    });
    let after = before;
    for (let attempt = 0; attempt < 300 && after.calls[0]?.status === "waiting"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await searchDone("call_live_001", { batchId: LIVE });
    }
    expect(["completed", "failed"]).toContain(after.calls[0]?.status);
    expect(after.calls[0]?.endTime).toEqual(expect.any(Number));
  });

  it("keeps each workspace's index to itself, under the same batch id too", async () => {
    const acme = await searchDone("+14155550123", { batchId: SHARED });
    expect(acme.pagination.total).toBe(40);
    session.identity = bob;
    // Globex's batch of that id holds other calls: its own index answers, never Acme's.
    const globex = await searchDone("+14155550123", { batchId: SHARED, slug: "globex" });
    expect(globex.pagination.total).toBe(0);
    expect(globex.progress.total).toBe(80);
    // And a workspace the person does not belong to answers as an unknown batch.
    expect((await search("+14155550123", { batchId: SHARED })).status).toBe(404);
  });

  it("answers 404 for an unknown batch and 400 for a bad query, without a walk", async () => {
    expect((await search("Smith", { batchId: "batch_nope" })).status).toBe(404);
    expect(runningWalks()).toHaveLength(0);
    expect((await search(" ")).status).toBe(400);
    expect((await search("x".repeat(101))).status).toBe(400);
    expect((await search("Smith", { status: "busy" })).status).toBe(400);
  });

  it("answers 200 with what it has and when the rest comes when Trillet's budget is spent, never a 5xx", async () => {
    await addFault(sim, { mode: "rate-limit", retryAfter: 1, count: 3, batchId: SHARED, endpoint: "calls" });
    const response = await search("Li", { batchId: SHARED });
    expect(response.status).toBe(200);
    const body = (await response.json()) as CallSearchResult;
    expect(body.progress.complete).toBe(false);
    expect(body.progress.stopped).toMatchObject({ reason: "budget", resumeAt: expect.any(Number) });
  });

  it("never writes the search text to the audit line", async () => {
    await searchDone("(415) 555-0134");
    const lines = stdoutSpy.mock.calls.map((args) => String(args[0]));
    expect(lines.some((line) => line.includes('"action":"calls.search"'))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/555/);
  });
});
