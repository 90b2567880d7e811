import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import type { BatchGuardrails } from "@/lib/shared/batch-guardrails";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { testIdentity } from "./support/identity";
import { recentRequests, resetSim } from "./support/sim-admin";

// GET /api/w/{slug}/batches/{batchId}/guardrails with everything real below the session: the simulator, the search
// index the note shares, the database's do-not-call list (the run's PostgreSQL, else PGlite in memory).
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentIdentity: async () => session.identity,
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

type Params = { slug: string; batchId: string };
type Handler = (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response>;

const KEY = "demo-trillet-key";
const SHARED = "batch_shared_number"; // 237 finished calls, 40 of them to +14155550123
const alice = testIdentity({ id: "http://127.0.0.1:1#note-alice" });
const carol = testIdentity({ id: "http://127.0.0.1:1#note-carol", email: "carol@acme.test", name: "Carol" });
const bob = testIdentity({ id: "http://127.0.0.1:1#note-bob", email: "bob@globex.test", name: "Bob" });
// Slugs of this test's own: the run's shared database holds nothing else under them.
const acme = `note-acme-${process.pid}`;
const globex = `note-globex-${process.pid}`;
// Acme's Trillet workspace under a slug of its own, whose do-not-call list stays empty.
const unlisted = `note-empty-${process.pid}`;

let sim: RunningSimulator;
let route: Handler;
let runningWalks: () => Promise<void>[];
let list: typeof import("@/lib/guardrails/do-not-call");
let config: typeof import("@/lib/config");
let window: typeof import("@/lib/guardrails/window");
let stdoutSpy: MockInstance<typeof process.stdout.write>;

function note(batchId: string, slug = acme, search = ""): Promise<Response> {
  const request = new NextRequest(`http://localhost/api/w/${slug}/batches/${batchId}/guardrails${search}`);
  return route(request, { params: Promise.resolve({ slug, batchId }) });
}

/** Asks as the page does until the answer covers the whole batch, each time past the shared answer's 10 s. */
async function noteDone(batchId: string): Promise<BatchGuardrails> {
  for (let attempt = 0; ; attempt++) {
    const response = await note(batchId);
    expect(response.status).toBe(200);
    const body = (await response.json()) as BatchGuardrails;
    if (body.progress.complete && runningWalks().length === 0) return body;
    if (attempt > 200) throw new Error(`the note never completed: ${JSON.stringify(body.progress)}`);
    await Promise.race([Promise.all(runningWalks()), new Promise((resolve) => setTimeout(resolve, 25))]);
    delete (globalThis as Record<string, unknown>).__batchConsoleReads;
  }
}

/** A batch started at the simulator itself (not through the console), an hour from now: every call waits. */
async function startElsewhere(numbers: string[]): Promise<{ batchId: string; jobIds: Map<string, string> }> {
  const body = new FormData();
  const csv = ["phone_number,first_name", ...numbers.map((number, index) => `${number},P${index}`)].join("\r\n");
  body.set("file", new Blob([csv], { type: "text/csv" }), "elsewhere.csv");
  body.set("agentId", "agent_renewals_v3");
  body.set("scheduledAt", new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"));
  const started = await fetch(`${sim.url}/v1/api/batch-calls`, {
    method: "POST",
    headers: { "x-api-key": KEY, "x-workspace-id": "ws_acme" },
    body,
  });
  const { batchId } = (await started.json()) as { batchId: string };
  const jobIds = new Map<string, string>();
  for (let page = 1; page <= Math.ceil(numbers.length / 100); page++) {
    const read = await fetch(`${sim.url}/v1/api/batch-calls/${batchId}/calls?limit=100&page=${page}`, {
      headers: { "x-api-key": KEY, "x-workspace-id": "ws_acme" },
    });
    const { calls } = (await read.json()) as { calls: { jobId: string; phone_number: string }[] };
    for (const call of calls) jobIds.set(call.phone_number, call.jobId);
  }
  return { batchId, jobIds };
}

const workspaceOf = (slug: string) => config.getConfig().workspaces.find((workspace) => workspace.slug === slug)!;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
      WORKSPACES: JSON.stringify([
        {
          slug: acme,
          id: "ws_acme",
          name: "Acme",
          members: { domains: ["acme.test"] },
          operators: { emails: ["alice@acme.test"] },
        },
        { slug: globex, id: "ws_globex", name: "Globex", members: { emails: ["bob@globex.test"] } },
        { slug: unlisted, id: "ws_acme", name: "Acme (no list)", members: { domains: ["acme.test"] } },
      ]),
    }),
  );
  route = (await import("@/app/api/w/[slug]/batches/[batchId]/guardrails/route")).GET as Handler;
  runningWalks = (await import("@/lib/search/walker")).runningWalks;
  list = await import("@/lib/guardrails/do-not-call");
  config = await import("@/lib/config");
  window = await import("@/lib/guardrails/window");
}, 120_000);

afterAll(async () => {
  await Promise.all(runningWalks?.() ?? []);
  await (await import("@/lib/db/client")).closeDatabase();
  await sim?.close();
}, 30_000);

beforeEach(async () => {
  await Promise.all(runningWalks());
  for (const name of ["__batchConsoleSearchKv", "__batchConsoleSearchLoaded", "__batchConsoleReads"]) {
    delete (globalThis as Record<string, unknown>)[name];
  }
  session.identity = alice;
  await resetSim(sim);
  stdoutSpy?.mockRestore();
  stdoutSpy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});

describe("the batch page's guardrails note", () => {
  it("a batch started elsewhere: its listed calls by job id, and its waiting calls outside hours or with no zone", async () => {
    // 150 calls to New York (two pages of the index) and 3 to an area code no table holds.
    const york = Array.from({ length: 150 }, (_, index) => `+1212555${String(3000 + index)}`);
    const unzoned = ["+15555550101", "+15555550102", "+15555550103"];
    const { batchId, jobIds } = await startElsewhere([...york, ...unzoned]);
    const listed = [york[0]!, york[120]!, unzoned[2]!];
    await list.addDoNotCall(
      workspaceOf(acme),
      { id: alice.id, name: "Alice" },
      listed.map((number) => ({ number, reason: "asked" })),
    );
    const before = Date.now();
    const body = await noteDone(batchId);
    const after = Date.now();

    expect(body.doNotCall.calls).toBe(3);
    expect(body.doNotCall.waiting).toBe(3);
    expect([...body.doNotCall.jobIds].sort()).toEqual(listed.map((number) => jobIds.get(number)).sort());
    expect(body.hours).toMatchObject({ start: "08:00", end: "21:00", waiting: 150, noZone: 2 });
    const hours = { start: "08:00", end: "21:00" };
    const outsideAt = (ms: number) => !window.spanInside("America/New_York", hours, ms, 0);
    // Unless the check ran across the window's edge, the 148 New York calls are all in or all out.
    if (outsideAt(before) === outsideAt(after)) expect(body.hours.outside).toBe(outsideAt(before) ? 148 : 0);
    expect(body.progress).toEqual({ checked: 153, total: 153, complete: true, live: true });
    expect(body.canCancel).toBe(true);
    // No phone number in the answer: job ids and counts only.
    expect(JSON.stringify(body)).not.toContain("555");

    // The walk read the calls only (two pages), never the call records: those are for a search's words.
    const upstream = await recentRequests(sim, 500);
    expect(upstream.filter((entry) => entry.path.includes("call-history"))).toEqual([]);
    expect(upstream.filter((entry) => entry.path === `/v1/api/batch-calls/${batchId}/calls`).length).toBeLessThan(8);
  });

  it("a finished batch: its listed calls; Cache-Control private; viewers within 10 s share one count", async () => {
    await list.addDoNotCall(workspaceOf(acme), { id: alice.id, name: "Alice" }, [
      { number: "+14155550123", reason: "manual" },
    ]);
    const body = await noteDone(SHARED);
    expect(body.doNotCall).toMatchObject({ calls: 40, waiting: 0 });
    expect(body.doNotCall.jobIds).toHaveLength(40);
    expect(body.hours).toMatchObject({ waiting: 0, outside: 0, noZone: 0 });
    expect(body.canCancel).toBe(false);

    const requests = (await recentRequests(sim, 1000)).length;
    // A finished batch's records are due for a search's words; the note never reads them.
    expect((await recentRequests(sim, 1000)).filter((entry) => entry.path.includes("call-history"))).toEqual([]);
    session.identity = carol;
    const again = await note(SHARED);
    expect(again.status).toBe(200);
    expect(again.headers.get("cache-control")).toBe("private, no-store");
    expect(((await again.json()) as BatchGuardrails).doNotCall.calls).toBe(40);
    expect((await recentRequests(sim, 1000)).length).toBe(requests);
  });

  it("a member sees the counts but no Cancel; another workspace gets 404; a query is refused", async () => {
    session.identity = carol;
    const { batchId } = await startElsewhere(["+12125554001"]);
    const body = await noteDone(batchId);
    expect(body.canCancel).toBe(false);
    expect(body.progress.live).toBe(true);

    session.identity = bob;
    expect((await note(batchId)).status).toBe(404);
    expect((await note(batchId, globex)).status).toBe(404);
    session.identity = alice;
    const refused = await note(batchId, acme, "?status=waiting");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "bad_request" } });
    expect((await note("../etc")).status).toBe(400);
  });

  it("a finished batch in a workspace whose list is empty costs its first page and no walk", async () => {
    const response = await note(SHARED, unlisted);
    expect(response.status).toBe(200);
    const body = (await response.json()) as BatchGuardrails;
    expect(body).toMatchObject({
      doNotCall: { calls: 0, waiting: 0, jobIds: [] },
      hours: { waiting: 0, outside: 0, noZone: 0 },
      progress: { checked: 237, total: 237, complete: true, live: false },
    });
    expect(runningWalks()).toEqual([]);
    const upstream = await recentRequests(sim, 500);
    expect(upstream.filter((entry) => entry.path === `/v1/api/batch-calls/${SHARED}/calls`)).toHaveLength(1);
  });
});
