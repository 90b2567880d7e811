import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import type { FollowUp } from "@/lib/shared/follow-ups";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { addFault, clearFaults, recentRequests, resetSim } from "./support/sim-admin";
import { testIdentity } from "./support/identity";

// The follow-up routes end to end in process: real routes, lib, PostgreSQL and the simulator. The only mock: who is
// signed in.
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

const EXAMPLE = "batch_7891011121314";
const GLOBEX_BATCH = "batch_globex_q3";
const unique = Math.random().toString(36).slice(2, 8);
const alice = testIdentity({ id: `http://127.0.0.1:1#alice-fu-${unique}`, name: "Alice" });
const carol = testIdentity({ id: `http://127.0.0.1:1#carol-fu-${unique}`, name: "Carol", email: "carol@acme.test" });
const bob = testIdentity({ id: `http://127.0.0.1:1#bob-fu-${unique}`, name: "Bob", email: "bob@globex.test" });

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
let sim: RunningSimulator;
let list: { GET: Handler; POST: Handler };
let one: { GET: Handler; PATCH: Handler };
let stdoutSpy: MockInstance<typeof process.stdout.write>;

function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new NextRequest(`http://localhost${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const post = (body: unknown, slug = "acme") =>
  list.POST(request("POST", `/api/w/${slug}/follow-ups`, body), { params: Promise.resolve({ slug }) });
const getList = (search: string, slug = "acme") =>
  list.GET(request("GET", `/api/w/${slug}/follow-ups${search}`), { params: Promise.resolve({ slug }) });
const getOne = (id: number | string, slug = "acme") =>
  one.GET(request("GET", `/api/w/${slug}/follow-ups/${id}`), { params: Promise.resolve({ slug, id: String(id) }) });
const patch = (id: number, body: unknown, ifMatch?: string, slug = "acme") =>
  one.PATCH(request("PATCH", `/api/w/${slug}/follow-ups/${id}`, body, ifMatch ? { "if-match": ifMatch } : {}), {
    params: Promise.resolve({ slug, id: String(id) }),
  });
const total = async () => ((await (await getList("?state=all&limit=100")).json()) as { total: number }).total;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, { TRILLET_RATE_LIMIT_PER_MINUTE: "100000", API_RATE_LIMIT_PER_MINUTE: "100000" }),
  );
  list = (await import("@/app/api/w/[slug]/follow-ups/route")) as unknown as typeof list;
  one = (await import("@/app/api/w/[slug]/follow-ups/[id]/route")) as unknown as typeof one;
  const { upsertPerson } = await import("@/lib/follow-ups/store");
  const { getConfig } = await import("@/lib/config");
  const [acme, globex] = getConfig().workspaces;
  await upsertPerson(acme!, { id: alice.id, name: "Alice", email: alice.email });
  await upsertPerson(acme!, { id: carol.id, name: "Carol", email: carol.email });
  await upsertPerson(globex!, { id: bob.id, name: "Bob", email: bob.email });
}, 60_000);

afterAll(() => sim?.close());

beforeEach(async () => {
  session.identity = alice;
  await resetSim(sim);
  stdoutSpy?.mockRestore();
  stdoutSpy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});

describe("follow-up routes", () => {
  let created: FollowUp;

  it("creates a follow-up with the contact's name and number read by the server from the batch's calls", async () => {
    const response = await post({
      batchId: EXAMPLE,
      jobIds: ["call_123"],
      view: { status: "all", page: 1, limit: 20 },
      assignee: carol.id,
      dueOn: "2026-12-10",
      note: '=HYPERLINK("http://evil.test")',
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { created: FollowUp[]; createdCount: number; skipped: number };
    expect(body).toMatchObject({ createdCount: 1, skipped: 0 });
    created = body.created[0]!;
    expect(created).toMatchObject({ contactName: "John Doe", contactPhone: "+1234567890", assigneeName: "Carol" });
    // The browser cannot supply the contact: an unknown field is refused.
    expect((await post({ batchId: EXAMPLE, jobIds: ["call_124"], contactName: "Someone else" })).status).toBe(400);
  });

  it("skips a call that already has an open follow-up and says so", async () => {
    const response = await post({ batchId: EXAMPLE, jobIds: ["call_123", "call_124"] });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ createdCount: 1, skipped: 1 });
  });

  it("refuses bad input with a clear 4xx and changes nothing", async () => {
    const before = await total();
    const cases: [unknown, number, RegExp][] = [
      [{ batchId: EXAMPLE, jobIds: ["call_125"], note: "x".repeat(4_001) }, 400, /note must be at most 4,000/],
      [{ batchId: EXAMPLE, jobIds: ["call_125"], dueOn: "2026-02-30" }, 400, /dueOn/],
      [{ batchId: EXAMPLE, jobIds: ["call_125"], dueOn: "next week" }, 400, /dueOn/],
      [{ batchId: EXAMPLE, jobIds: ["call_125"], assignee: bob.id }, 400, /assignee is not one of/],
      [{ batchId: EXAMPLE, jobIds: ["call_125", "no_such_call"] }, 404, /No call no_such_call in this batch/],
      [{ batchId: GLOBEX_BATCH, jobIds: ["call_125"] }, 404, /No batch|No call/],
    ];
    for (const [body, status, message] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(await total()).toBe(before);
  });

  it("answers a follow-up with its version as ETag, and a stale If-Match with 412, who changed it and the values now", async () => {
    const read = await getOne(created.id);
    expect(read.headers.get("etag")).toBe('"v1"');
    session.identity = carol;
    const first = await patch(created.id, { dueOn: "2026-12-12", note: "Carol's note" }, '"v1"');
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"v2"');
    session.identity = alice;
    const stale = await patch(created.id, { note: "Alice's note" }, '"v1"');
    expect(stale.status).toBe(412);
    const body = (await stale.json()) as { error: { code: string; message: string }; current: FollowUp };
    expect(body.error.code).toBe("precondition_failed");
    expect(body.error.message).toMatch(/^Carol changed this follow-up/);
    expect(body.current).toMatchObject({
      version: 2,
      note: "Carol's note",
      dueOn: "2026-12-12",
      updatedByName: "Carol",
    });
    expect(stale.headers.get("etag")).toBe('"v2"');
    expect((await patch(created.id, { note: "no precondition" })).status).toBe(428);
    expect((await patch(created.id, { note: "garbage" }, "*")).status).toBe(412);
    const after = (await (await getOne(created.id)).json()) as { followUp: FollowUp & { history: unknown[] } };
    expect(after.followUp).toMatchObject({ version: 2, note: "Carol's note" });
    expect(after.followUp.history).toHaveLength(2);
    expect((await patch(created.id, { assignee: "http://127.0.0.1:1#stranger" }, '"v2"')).status).toBe(400);
    expect((await patch(created.id, { note: "y".repeat(4_001) }, '"v2"')).status).toBe(400);
    expect((await patch(created.id, { state: "done", closingNote: "Booked a demo" }, '"v2"')).status).toBe(200);
  });

  it("keeps each workspace's follow-ups to itself", async () => {
    session.identity = bob;
    expect((await getOne(created.id)).status).toBe(404);
    expect((await getOne(created.id, "globex")).status).toBe(404);
    expect((await patch(created.id, { note: "bob" }, '"v3"', "globex")).status).toBe(404);
    expect((await getList("?state=all", "acme")).status).toBe(404);
    expect(((await (await getList("?state=all", "globex")).json()) as { total: number }).total).toBe(0);
    expect((await post({ batchId: EXAMPLE, jobIds: ["call_126"] }, "globex")).status).toBe(404);
  });

  it("exports the filtered queue as CSV with formulas neutralised", async () => {
    const formula = await post({ batchId: EXAMPLE, jobIds: ["call_130"], note: '=HYPERLINK("http://evil.test")' });
    expect(formula.status).toBe(201);
    const response = await getList("?state=all&format=csv&batch=" + EXAMPLE);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const text = await response.text();
    expect(text.split("\r\n")[0]).toMatch(/^id,batch_id,job_id,contact_name,contact_phone/);
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.test"")",`);
    expect(text).not.toMatch(/,"?=HYPERLINK/);
    expect((await getList("?state=done&format=csv")).ok).toBe(true);
  });

  it("follows up every listed call of one outcome, and skips them all the second time", async () => {
    const outcomes = await (
      await import("@/app/api/w/[slug]/batches/[batchId]/outcomes/route")
    ).GET(request("GET", `/api/w/acme/batches/${EXAMPLE}/outcomes`), {
      params: Promise.resolve({ slug: "acme", batchId: EXAMPLE }),
    });
    const counts = (await outcomes.json()) as { outcomes: { outcome: string; calls: { jobId: string }[] }[] };
    const chosen = counts.outcomes.find((entry) => entry.calls.length > 1)!;
    const since = Date.now();
    const first = await post({ batchId: EXAMPLE, outcome: chosen.outcome });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { createdCount: number; skipped: number; created: FollowUp[] };
    expect(body.createdCount + body.skipped).toBe(new Set(chosen.calls.map((call) => call.jobId)).size);
    expect(body.created.every((row) => row.outcome === chosen.outcome && row.contactPhone)).toBe(true);
    expect((await recentRequests(sim, 1000)).filter((entry) => entry.at >= since).length).toBeLessThanOrEqual(3);
    const second = await post({ batchId: EXAMPLE, outcome: chosen.outcome });
    expect(await second.json()).toMatchObject({ createdCount: 0, skipped: body.createdCount + body.skipped });
    expect((await post({ batchId: EXAMPLE, outcome: "no such outcome" })).status).toBe(404);
  });
});

describe("the batch page's follow-ups: badges, Needs follow-up, a bulk follow-up of the current filter", () => {
  type Marks = { followUps: { id: number; jobId: string; state: string; assigneeName: string | null }[] };
  type Search = {
    calls: { jobId: string; status: string }[];
    pagination: { total: number };
    matches: { total: number; failed: number };
    progress: { complete: boolean };
  };
  let marks: { GET: Handler };
  let search: { GET: Handler };
  const batchGet = (route: { GET: Handler }, path: string, batchId = EXAMPLE, slug = "acme") =>
    route.GET(request("GET", `/api/w/${slug}/batches/${batchId}/${path}`), {
      params: Promise.resolve({ slug, batchId }),
    });
  const upstreamSince = async (since: number) =>
    (await recentRequests(sim, 1000)).filter((entry) => entry.at >= since).length;
  /** Asks until the batch's index has been read whole (the walk runs in the background, as for a search). */
  async function searchComplete(batchId: string, query: string): Promise<Search> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const response = await batchGet(search, `search?${query}`, batchId);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Search;
      if (body.progress.complete) return body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the index was never complete");
  }

  beforeAll(async () => {
    marks = (await import("@/app/api/w/[slug]/batches/[batchId]/follow-ups/route")) as unknown as typeof marks;
    search = (await import("@/app/api/w/[slug]/batches/[batchId]/search/route")) as unknown as typeof search;
  });

  it("marks the batch's open follow-ups with their assignee, from the database only", async () => {
    expect((await post({ batchId: EXAMPLE, jobIds: ["call_126"], assignee: carol.id })).status).toBe(201);
    const done = ((await (await post({ batchId: EXAMPLE, jobIds: ["call_127"] })).json()) as { created: FollowUp[] })
      .created[0]!;
    expect((await patch(done.id, { state: "done" }, '"v1"')).status).toBe(200);
    const since = Date.now();
    const response = await batchGet(marks, "follow-ups");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Marks;
    expect(body.followUps.find((mark) => mark.jobId === "call_126")).toMatchObject({
      state: "open",
      assigneeName: "Carol",
    });
    expect(body.followUps.find((mark) => mark.jobId === "call_124")).toMatchObject({ assigneeName: null });
    // A done follow-up leaves no mark.
    expect(body.followUps.some((mark) => mark.jobId === "call_127")).toBe(false);
    expect(await upstreamSince(since)).toBe(0);
    expect((await batchGet(marks, "follow-ups", "../x")).status).toBe(400);
    session.identity = bob;
    expect((await batchGet(marks, "follow-ups")).status).toBe(404);
    expect(((await (await batchGet(marks, "follow-ups", EXAMPLE, "globex")).json()) as Marks).followUps).toEqual([]);
  });

  it("lists only the calls with an open follow-up, per status tab and with a search, from the batch's index", async () => {
    const open = ((await (await batchGet(marks, "follow-ups")).json()) as Marks).followUps.map((mark) => mark.jobId);
    const all = await searchComplete(EXAMPLE, "followUp=open&status=all&page=1&limit=100");
    expect(all.calls.map((call) => call.jobId).sort()).toEqual([...open].sort());
    expect(all.matches.failed).toBeGreaterThanOrEqual(1);
    const failed = await searchComplete(EXAMPLE, "followUp=open&status=failed&page=1&limit=100");
    expect(failed.calls.every((call) => call.status === "failed" && open.includes(call.jobId))).toBe(true);
    expect(failed.calls.map((call) => call.jobId)).toContain("call_124");
    const jane = await searchComplete(EXAMPLE, "followUp=open&q=Jane&status=all&page=1&limit=20");
    expect(jane.calls.map((call) => call.jobId)).toEqual(["call_124"]);
    // A batch without open follow-ups: an empty, complete answer without asking Trillet.
    const since = Date.now();
    const none = await searchComplete("batch_hostile", "followUp=open&status=all&page=1&limit=20");
    expect(none).toMatchObject({ calls: [], pagination: { total: 0 } });
    expect(await upstreamSince(since)).toBe(0);
    expect((await batchGet(search, "search?followUp=yes")).status).toBe(400);
    expect((await batchGet(search, "search?status=all")).status).toBe(400);
  });

  it("follows up every call of a status tab matching a search, resolved by the server from the index", async () => {
    const failedJane = await searchComplete(EXAMPLE, "q=Jane&status=failed&page=1&limit=100");
    expect(failedJane.pagination.total).toBeGreaterThanOrEqual(1);
    const since = Date.now();
    const first = await post({ batchId: EXAMPLE, status: "failed", q: "Jane", note: "Filter" });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { createdCount: number; skipped: number; created: FollowUp[] };
    // call_124 (Jane) already has an open follow-up: skipped and counted.
    expect(body.createdCount + body.skipped).toBe(failedJane.pagination.total);
    expect(body.skipped).toBeGreaterThanOrEqual(1);
    expect(body.created.every((row) => row.contactPhone && row.note === "Filter")).toBe(true);
    expect(await upstreamSince(since)).toBe(0);
    const again = await post({ batchId: EXAMPLE, status: "failed", q: "Jane" });
    expect(await again.json()).toMatchObject({ createdCount: 0, skipped: failedJane.pagination.total });

    const before = await total();
    const refused: [unknown, number, RegExp][] = [
      [{ batchId: EXAMPLE, jobIds: ["call_125"], q: "Jane" }, 400, /q goes with status/],
      [{ batchId: EXAMPLE, status: "failed", q: "" }, 400, /q must not be empty/],
      // This batch's index has only just started (20 pages): the search has not read it whole.
      [{ batchId: "batch_finished_2k", status: "all", q: "Smith" }, 409, /has read .* calls so far/],
      // Over the cap: refused after the tab's first page, nothing walked.
      [{ batchId: "batch_big_100k", status: "all" }, 400, /100,000 calls; one bulk follow-up takes at most 10,000/],
    ];
    for (const [request, status, message] of refused) {
      const response = await post(request);
      expect(response.status, JSON.stringify(request)).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(await total()).toBe(before);
  });

  it("refuses a walk while the person already runs as many as allowed, and stops one whose request is gone", async () => {
    const { takeExportSlot } = await import("@/lib/export/slots");
    const held = [await takeExportSlot(alice.id), await takeExportSlot(alice.id)];
    try {
      const busy = await post({ batchId: EXAMPLE, status: "waiting" });
      expect(busy.status).toBe(429);
      expect(busy.headers.get("retry-after")).toBe("30");
    } finally {
      for (const slot of held) if (typeof slot === "object") await slot.release();
    }

    const before = await total();
    await addFault(sim, { mode: "slow", delayMs: 3_000, endpoint: "calls", batchId: EXAMPLE, callStatus: "waiting" });
    const controller = new AbortController();
    const started = Date.now();
    const answer = list.POST(
      new NextRequest("http://localhost/api/w/acme/follow-ups", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ batchId: EXAMPLE, status: "waiting" }),
        signal: controller.signal,
      }),
      { params: Promise.resolve({ slug: "acme" }) },
    );
    setTimeout(() => controller.abort(), 300);
    const response = await answer;
    expect(response.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(await total()).toBe(before);
    // Its slot was given back: the next bulk follow-up may walk.
    await clearFaults(sim);
    const { takeExportSlot: take } = await import("@/lib/export/slots");
    const slots = [await take(alice.id), await take(alice.id)];
    expect(slots.every((slot) => typeof slot === "object")).toBe(true);
    for (const slot of slots) if (typeof slot === "object") await slot.release();
  });

  it("stops a walk at its deadline with a 504 and nothing created", async () => {
    const { walkGuard } = await import("@/lib/follow-ups/walk-guard");
    const { callsOfStatus } = await import("@/lib/follow-ups/calls");
    const { getConfig } = await import("@/lib/config");
    await addFault(sim, { mode: "slow", delayMs: 3_000, endpoint: "calls", batchId: EXAMPLE, callStatus: "waiting" });
    const walk = walkGuard(new AbortController().signal, alice.id, 200);
    const started = Date.now();
    const error = await callsOfStatus(getConfig().workspaces[0]!, EXAMPLE, "waiting", alice.id, walk.guard).catch(
      (caught: unknown) => caught,
    );
    await walk.release();
    await clearFaults(sim);
    expect(Date.now() - started).toBeLessThan(2_500);
    const refusal = walk.refusal(error);
    expect(refusal?.status).toBe(504);
    expect(((await refusal!.json()) as { error: { message: string } }).error.message).toMatch(/Nothing was created/);
  });
});
