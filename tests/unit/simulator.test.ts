import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/dev/simulator/server";

const KEY = "demo-trillet-key";
const EXAMPLE = "batch_7891011121314";

interface ApiOptions {
  key?: string | null;
  workspace?: string | null;
  method?: string;
  signal?: AbortSignal;
}

type Json = Record<string, unknown>;
type CallJson = { jobId: string; status: string; phone_number: string; metadata: Record<string, string> } & Json;
type ListJson = {
  calls: CallJson[];
  pagination: { page: number; limit: number; total: number; totalPages: number; hasNext: boolean; hasPrev: boolean };
  summary: { total: number; waiting: number; active: number; completed: number; failed: number };
};

function api(sim: RunningSimulator, path: string, options: ApiOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? KEY : options.key;
  const workspace = options.workspace === undefined ? "ws_acme" : options.workspace;
  if (key !== null) headers["x-api-key"] = key;
  if (workspace !== null) headers["x-workspace-id"] = workspace;
  return fetch(`${sim.url}/v1/api/batch-calls/${path}`, {
    method: options.method ?? "GET",
    headers,
    signal: options.signal,
  });
}

async function list(sim: RunningSimulator, path: string, options?: ApiOptions): Promise<ListJson> {
  const response = await api(sim, path, options);
  expect(response.status).toBe(200);
  return (await response.json()) as ListJson;
}

async function admin(sim: RunningSimulator, path: string, method = "GET", body?: unknown): Promise<Response> {
  return fetch(`${sim.url}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function withSimulator(options: SimulatorOptions, run: (sim: RunningSimulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator(options);
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

function fakeClock(start = 1_750_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("Trillet simulator", () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });
  afterEach(async () => {
    await admin(sim, "reset", "POST");
  });

  describe("list batch calls", () => {
    it("answers the docs' example with its numbers and first two calls", async () => {
      const body = await list(sim, `${EXAMPLE}/calls`);
      expect(body.pagination).toEqual({ page: 1, limit: 20, total: 150, totalPages: 8, hasNext: true, hasPrev: false });
      expect(body.summary).toEqual({ total: 150, waiting: 45, active: 5, completed: 95, failed: 5 });
      expect(body.calls).toHaveLength(20);
      expect(body.calls[0]).toEqual({
        jobId: "call_123",
        status: "completed",
        phone_number: "+1234567890",
        startTime: 1703097600000,
        endTime: 1703097642000,
        duration: 42,
        metadata: { first_name: "John", last_name: "Doe", email: "john.doe@example.com" },
      });
      expect(body.calls[1]).toMatchObject({
        jobId: "call_124",
        status: "failed",
        phone_number: "+1987654321",
        error: "Number busy",
        metadata: { first_name: "Jane", last_name: "Smith", email: "jane.smith@example.com" },
      });
    });

    it("keeps CSV order, interleaves statuses and sets fields by status", async () => {
      const all = await list(sim, `${EXAMPLE}/calls?limit=100&page=1`);
      const rest = await list(sim, `${EXAMPLE}/calls?limit=100&page=2`);
      const calls = [...all.calls, ...rest.calls];
      expect(calls.map((call) => call.jobId)).toEqual(Array.from({ length: 150 }, (_, index) => `call_${123 + index}`));
      const runs = calls.filter((call, index) => index === 0 || calls[index - 1]?.status !== call.status).length;
      expect(runs).toBeGreaterThan(8);
      for (const call of calls) {
        expect(Object.keys(call.metadata).sort()).toEqual(["email", "first_name", "last_name"]);
        expect("startTime" in call).toBe(call.status !== "waiting");
        expect("endTime" in call).toBe(call.status === "completed" || call.status === "failed");
        expect("duration" in call).toBe(call.status === "completed");
        expect("error" in call).toBe(call.status === "failed");
      }
      const errors = calls.filter((call) => call.status === "failed").map((call) => call.error);
      expect(new Set(errors).size).toBeGreaterThan(1);
    });

    it("counts the filter in pagination and the whole batch in summary", async () => {
      const body = await list(sim, `${EXAMPLE}/calls?status=failed&page=2&limit=2`);
      expect(body.pagination).toEqual({ page: 2, limit: 2, total: 5, totalPages: 3, hasNext: true, hasPrev: true });
      expect(body.summary.total).toBe(150);
      expect(body.calls.every((call) => call.status === "failed")).toBe(true);

      const jobIds: string[] = [];
      for (let page = 1; page <= 10; page += 1) {
        const completed = await list(sim, `${EXAMPLE}/calls?status=completed&limit=10&page=${page}`);
        jobIds.push(...completed.calls.map((call) => call.jobId));
        expect(completed.pagination.hasNext).toBe(page < 10);
      }
      expect(new Set(jobIds).size).toBe(95);
      expect([...jobIds].sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))).toEqual(jobIds);
    });

    it("returns an empty page past the last one and totalPages 0 for an empty filter", async () => {
      const past = await list(sim, `${EXAMPLE}/calls?page=9`);
      expect(past.calls).toEqual([]);
      expect(past.pagination).toEqual({ page: 9, limit: 20, total: 150, totalPages: 8, hasNext: false, hasPrev: true });

      const empty = await list(sim, "batch_empty/calls");
      expect(empty.calls).toEqual([]);
      expect(empty.pagination).toEqual({ page: 1, limit: 20, total: 0, totalPages: 0, hasNext: false, hasPrev: false });
      expect(empty.summary).toEqual({ total: 0, waiting: 0, active: 0, completed: 0, failed: 0 });

      const noActive = await list(sim, "batch_globex_q3/calls?status=active", { workspace: "ws_globex" });
      expect(noActive.pagination.totalPages).toBe(0);
      expect(noActive.summary.total).toBe(80);
    });

    it.each([
      "page=0",
      "page=-1",
      "page=1.5",
      "page=abc",
      "page=",
      "limit=0",
      "limit=101",
      "limit=2e1",
      "status=done",
      "status=Completed",
    ])("rejects %s with 400", async (query) => {
      const response = await api(sim, `${EXAMPLE}/calls?${query}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as Json;
      expect(typeof body.error).toBe("string");
    });

    it("accepts the limits of the valid range", async () => {
      expect((await list(sim, `${EXAMPLE}/calls?limit=100`)).calls).toHaveLength(100);
      expect((await list(sim, `${EXAMPLE}/calls?limit=1&status=all`)).calls).toHaveLength(1);
    });
  });

  describe("batch status", () => {
    it("answers status and progress consistent with the list", async () => {
      const batch = (await (await api(sim, EXAMPLE)).json()) as Json & { progress: Json & { recent_calls: Json[] } };
      expect(batch).toMatchObject({ id: EXAMPLE, status: "processing", isComplete: false, totalCalls: 150 });
      expect(typeof batch.timestamp).toBe("number");
      expect(batch.progress).toMatchObject({
        waiting: 45,
        active: 5,
        completed: 95,
        failed: 5,
        total: 150,
        startTime: 1703097600000,
        lastCompletedTime: 1703101200000,
        completedTime: null,
        averageCallDuration: 45.2,
      });
      expect(batch.progress.recent_calls.length).toBeGreaterThan(0);
      expect(batch.progress.recent_calls.length).toBeLessThanOrEqual(5);

      const flat = (await (await api(sim, `${EXAMPLE}/status`)).json()) as Json;
      expect(flat).toEqual({ status: "processing", isComplete: false, ...batch.progress });
    });

    it("reports the empty batch as queued and finished batches as completed", async () => {
      expect(await (await api(sim, "batch_empty/status")).json()).toMatchObject({
        status: "queued",
        isComplete: false,
        total: 0,
      });
      const globex = (await (await api(sim, "batch_globex_q3", { workspace: "ws_globex" })).json()) as Json & {
        progress: Json;
      };
      expect(globex).toMatchObject({ status: "completed", isComplete: true, totalCalls: 80 });
      expect(typeof globex.progress.completedTime).toBe("number");
    });
  });

  describe("auth and isolation", () => {
    it("rejects a missing or unknown key with 401", async () => {
      for (const key of [null, "", "not-a-key"]) {
        const response = await api(sim, `${EXAMPLE}/calls`, { key });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ error: "Invalid API key" });
      }
    });

    it("rejects a missing or foreign workspace with 403", async () => {
      for (const workspace of [null, "ws_initech"]) {
        const response = await api(sim, `${EXAMPLE}/calls`, { workspace });
        expect(response.status).toBe(403);
        expect(typeof ((await response.json()) as Json).error).toBe("string");
      }
    });

    it("answers 404 for unknown batches, other workspaces' batches and unknown paths", async () => {
      const cases: [string, string][] = [
        ["batch_nope/calls", "ws_acme"],
        [`${EXAMPLE}/calls`, "ws_globex"],
        [EXAMPLE, "ws_globex"],
        ["batch_globex_q3/status", "ws_acme"],
      ];
      for (const [path, workspace] of cases) {
        const response = await api(sim, path, { workspace });
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ error: "Batch not found" });
      }
      expect((await api(sim, `${EXAMPLE}/transcripts`)).status).toBe(404);
      expect((await fetch(`${sim.url}/v3/anything`)).status).toBe(404);
      // v2 is the call-records family: a key first, then an unknown path is a 404.
      expect(
        (await fetch(`${sim.url}/v2/anything`, { headers: { "x-api-key": KEY, "x-workspace-id": "ws_acme" } })).status,
      ).toBe(404);
      // DELETE is the vendor's cancel: a seeded batch is fixed data and cannot be cancelled; PUT is still no method.
      expect((await api(sim, EXAMPLE, { method: "DELETE" })).status).toBe(400);
      expect((await api(sim, EXAMPLE, { method: "PUT" })).status).toBe(405);
    });

    it("serves each account only its own workspaces", async () => {
      await withSimulator(
        {
          accounts: [
            { apiKey: "k-acme", workspaces: ["ws_acme"] },
            { apiKey: "k-globex", workspaces: ["ws_globex"] },
          ],
        },
        async (own) => {
          expect((await api(own, `${EXAMPLE}/calls`, { key: "k-acme" })).status).toBe(200);
          expect((await api(own, `${EXAMPLE}/calls`, { key: "k-globex" })).status).toBe(403);
          expect((await api(own, "batch_globex_q3/calls", { key: "k-globex", workspace: "ws_globex" })).status).toBe(
            200,
          );
          expect((await api(own, EXAMPLE, { key: KEY })).status).toBe(401);
        },
      );
    });
  });

  describe("seeded data", () => {
    it("serves the 100k batch deterministically and quickly", async () => {
      const first = await list(sim, "batch_big_100k/calls?limit=100&page=1000");
      expect(first.summary.total).toBe(100_000);
      expect(first.summary.completed + first.summary.failed).toBe(100_000);
      expect(first.summary.failed).toBeGreaterThan(1000);
      expect(first.calls).toHaveLength(100);
      expect(first.pagination).toMatchObject({ totalPages: 1000, hasNext: false });
      expect(Object.keys(first.calls[0]?.metadata ?? {})).toEqual(["first_name", "last_name", "email", "account_id"]);
      expect(await list(sim, "batch_big_100k/calls?limit=100&page=1000")).toEqual(first);
      expect((await list(sim, "batch_big_100k/calls?limit=100&page=1001")).calls).toEqual([]);

      const failed = await list(sim, "batch_big_100k/calls?limit=100&status=failed&page=3");
      expect(failed.pagination.total).toBe(first.summary.failed);
      expect(failed.calls.every((call) => call.status === "failed")).toBe(true);
      expect(new Set(failed.calls.map((call) => call.error)).size).toBeGreaterThan(2);

      const started = performance.now();
      for (let page = 1; page <= 50; page += 1) await list(sim, `batch_big_100k/calls?limit=100&page=${page * 17}`);
      expect((performance.now() - started) / 50).toBeLessThan(25);
    });

    it("passes hostile CSV values through untouched", async () => {
      const body = await list(sim, "batch_hostile/calls?limit=100");
      expect(body.calls.length).toBeGreaterThanOrEqual(40);
      const values = body.calls.flatMap((call) => Object.values(call.metadata));
      for (const hostile of [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://evil.test","click")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
      ]) {
        expect(values).toContain(hostile);
      }
      expect(values.some((value) => value.startsWith("\t"))).toBe(true);
      expect(values.some((value) => value.startsWith("\r"))).toBe(true);
      expect(values.some((value) => value.includes("\n"))).toBe(true);
      expect(values.some((value) => value.includes("👩🏽‍💻"))).toBe(true);
      expect(values.some((value) => value.length === 5000)).toBe(true);
      const phones = body.calls.map((call) => call.phone_number);
      for (const phone of ["n/a", "555-0100", "+44 20 7946 0958", ""]) expect(phones).toContain(phone);
      const keys = new Set(body.calls.flatMap((call) => Object.keys(call.metadata)));
      for (const key of ["company", "notes", "Contact Owner"]) expect(keys).toContain(key);
      const errors = body.calls.map((call) => call.error).filter((error): error is string => typeof error === "string");
      expect(errors.some((error) => error.includes("<"))).toBe(true);
      expect(errors.some((error) => error.startsWith("="))).toBe(true);
    });

    it("serves batch_additive beyond the docs: new fields, an undocumented status, JSON metadata, unreadable calls", async () => {
      const raw = (await list(sim, "batch_additive/calls")) as unknown as Json & {
        calls: Json[];
        pagination: Json;
        summary: Json;
      };
      expect(raw).toMatchObject({ object: "list", apiVersion: expect.any(String) });
      expect(raw.pagination).toMatchObject({ total: 7, totalPages: 1, nextCursor: null });
      // The summary's documented counters leave out the two voicemail calls; the total does not.
      expect(raw.summary).toEqual({ total: 7, waiting: 0, active: 0, completed: 3, failed: 2, voicemail: 2 });
      expect(raw.calls.map((call) => call.status)).toEqual([
        "completed",
        "voicemail",
        "completed",
        "failed",
        "failed",
        "voicemail",
        "completed",
      ]);
      expect(raw.calls[0]).toMatchObject({ recordingUrl: expect.any(String), sentiment: expect.any(Object) });
      expect(raw.calls[2]).not.toHaveProperty("jobId");
      expect(raw.calls[3]!.phone_number).toEqual(expect.any(Object));
      const types = new Set(
        raw.calls.flatMap((call) =>
          Object.values(call.metadata as Json).map((value) =>
            value === null ? "null" : Array.isArray(value) ? "array" : typeof value,
          ),
        ),
      );
      expect([...types].sort()).toEqual(["array", "boolean", "null", "number", "object", "string"]);

      const failed = await api(sim, "batch_additive/calls?status=failed");
      expect(((await failed.json()) as ListJson).calls.map((call) => call.jobId)).toEqual([
        "call_add_004",
        "call_add_005",
      ]);
      const batch = (await (await api(sim, "batch_additive")).json()) as Json;
      expect(batch).toMatchObject({ id: "batch_additive", totalCalls: 7, region: "us-east-1", isComplete: true });

      // Every listed call is also a job, the undocumented status too.
      for (const jobId of ["call_add_001", "call_add_002", "call_add_007"])
        expect((await api(sim, `batch_additive/calls/${jobId}`)).status, jobId).toBe(200);
      const voicemail = (await (await api(sim, "batch_additive/calls/call_add_002")).json()) as Json;
      expect(voicemail).toMatchObject({ jobId: "call_add_002", status: "voicemail" });
      expect((await api(sim, "batch_additive/calls/call_nope")).status).toBe(404);
    });
  });

  describe("faults", () => {
    async function addFault(fault: Json): Promise<void> {
      const response = await admin(sim, "faults", "POST", fault);
      expect(response.status).toBe(201);
    }

    it("answers a status fault for count requests, then recovers", async () => {
      await addFault({ mode: "status", status: 500, count: 2, batchId: EXAMPLE });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await api(sim, `${EXAMPLE}/calls`);
        expect(response.status).toBe(500);
        expect(await response.json()).toEqual({ error: "Simulated upstream error" });
      }
      expect((await api(sim, `${EXAMPLE}/calls`)).status).toBe(200);
    });

    it("scopes faults to a batch and an endpoint", async () => {
      await addFault({ mode: "status", status: 503, batchId: "batch_hostile", endpoint: "status" });
      expect((await api(sim, "batch_hostile/status")).status).toBe(503);
      expect((await api(sim, "batch_hostile/calls")).status).toBe(200);
      expect((await api(sim, `${EXAMPLE}/status`)).status).toBe(200);
    });

    it("scopes a fault to the list's status filter, with no filter counted as all", async () => {
      await addFault({ mode: "status", status: 503, batchId: EXAMPLE, endpoint: "calls", callStatus: "completed" });
      expect((await api(sim, `${EXAMPLE}/calls?status=completed`)).status).toBe(503);
      expect((await api(sim, `${EXAMPLE}/calls?status=failed`)).status).toBe(200);
      expect((await api(sim, `${EXAMPLE}/calls`)).status).toBe(200);
      await addFault({ mode: "status", status: 503, batchId: EXAMPLE, callStatus: "all" });
      expect((await api(sim, `${EXAMPLE}/calls`)).status).toBe(503);
      expect((await api(sim, `${EXAMPLE}/status`)).status).toBe(200);
    });

    it("removes one fault by id and leaves the others", async () => {
      const first = (await (
        await admin(sim, "faults", "POST", { mode: "status", status: 503, endpoint: "status" })
      ).json()) as Json;
      await addFault({ mode: "status", status: 502, endpoint: "batch" });
      const removed = await admin(sim, `faults?id=${(first.fault as Json).id as string}`, "DELETE");
      expect(await removed.json()).toEqual({ cleared: 1 });
      expect((await api(sim, `${EXAMPLE}/status`)).status).toBe(200);
      expect((await api(sim, EXAMPLE)).status).toBe(502);
    });

    it("answers rate-limit faults with Retry-After", async () => {
      await addFault({ mode: "rate-limit", retryAfter: 7, count: 1 });
      const response = await api(sim, `${EXAMPLE}/calls`);
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("7");
      expect(await response.json()).toEqual({ error: "Rate limit exceeded" });
    });

    it("answers malformed JSON and wrongly shaped JSON with 200", async () => {
      await addFault({ mode: "malformed", count: 1 });
      const malformed = await api(sim, `${EXAMPLE}/calls`);
      expect(malformed.status).toBe(200);
      await expect(malformed.json()).rejects.toThrow();

      await addFault({ mode: "wrong-shape", count: 1 });
      const wrong = (await (await api(sim, `${EXAMPLE}/calls`)).json()) as Json;
      expect(typeof wrong.calls).toBe("string");
    });

    it("hangs until the client gives up", async () => {
      await addFault({ mode: "hang", count: 1, batchId: "batch_empty" });
      const started = performance.now();
      const error = await api(sim, "batch_empty/calls", { signal: AbortSignal.timeout(300) }).catch(
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(DOMException);
      expect((error as DOMException).name).toBe("TimeoutError");
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      expect((await api(sim, "batch_empty/calls")).status).toBe(200);
    });

    it("resets the connection", async () => {
      await addFault({ mode: "reset", count: 1 });
      await expect(api(sim, `${EXAMPLE}/calls`)).rejects.toThrow(TypeError);
      expect((await api(sim, `${EXAMPLE}/calls`)).status).toBe(200);
    });

    it("delays slow requests and then answers normally", async () => {
      await addFault({ mode: "slow", delayMs: 300, count: 1 });
      const started = performance.now();
      const response = await api(sim, `${EXAMPLE}/calls`);
      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    });

    it("applies errorRate with a seeded, repeatable pattern", async () => {
      const pattern = async () => {
        await addFault({ mode: "status", status: 502, errorRate: 0.5 });
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 30; attempt += 1) statuses.push((await api(sim, "batch_empty")).status);
        await admin(sim, "reset", "POST");
        return statuses;
      };
      const first = await pattern();
      expect(first.filter((status) => status === 502).length).toBeGreaterThan(5);
      expect(first.filter((status) => status === 200).length).toBeGreaterThan(5);
      expect(await pattern()).toEqual(first);
    });

    it("lists, clears and validates faults", async () => {
      await addFault({ mode: "status", batchId: "batch_x" });
      await addFault({ mode: "slow", delayMs: 10 });
      const listed = (await (await admin(sim, "faults")).json()) as { faults: Json[] };
      expect(listed.faults.map((fault) => fault.mode)).toEqual(["status", "slow"]);
      expect(await (await admin(sim, "faults", "DELETE")).json()).toEqual({ cleared: 2 });
      expect(((await (await admin(sim, "faults")).json()) as { faults: Json[] }).faults).toEqual([]);
      for (const bad of [{ mode: "explode" }, { mode: "status", batchID: "typo" }, { mode: "status", errorRate: 2 }]) {
        expect((await admin(sim, "faults", "POST", bad)).status).toBe(400);
      }
      const notJson = await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: "{" });
      expect(notJson.status).toBe(400);
    });
  });

  describe("observability", () => {
    it("records requests without the key and counts them", async () => {
      const secret = "sk-live-very-secret-123";
      await withSimulator({ accounts: [{ apiKey: secret, workspaces: ["ws_acme"] }] }, async (own) => {
        await api(own, `${EXAMPLE}/calls?page=2&status=failed`, { key: secret });
        await api(own, `${EXAMPLE}/status`, { key: secret });
        await api(own, `${EXAMPLE}/status`, { key: "wrong" });
        const text = await (await admin(own, "requests?limit=10")).text();
        expect(text).not.toContain(secret);
        const { requests } = JSON.parse(text) as { requests: Json[] };
        expect(requests).toHaveLength(3);
        expect(requests[0]).toMatchObject({
          method: "GET",
          path: `/v1/api/batch-calls/${EXAMPLE}/calls`,
          rawUrl: `/v1/api/batch-calls/${EXAMPLE}/calls?page=2&status=failed`,
          query: { page: "2", status: "failed" },
          workspaceId: "ws_acme",
          status: 200,
        });
        expect(requests[0]?.headerNames).toEqual(expect.arrayContaining(["x-api-key", "x-workspace-id"]));
        expect(typeof requests[0]?.at).toBe("number");

        const statsText = await (await admin(own, "stats")).text();
        expect(statsText).not.toContain(secret);
        expect(JSON.parse(statsText)).toMatchObject({
          requests: 3,
          byBatch: { [EXAMPLE]: 3 },
          byKey: { "account-0": 2, unknown: 1 },
        });
        expect(((await (await admin(own, "requests?limit=1")).json()) as { requests: Json[] }).requests).toHaveLength(
          1,
        );
      });
    });

    it("resets faults, stats, requests and config", async () => {
      await admin(sim, "faults", "POST", { mode: "status" });
      await admin(sim, "config", "POST", { latencyMs: 5, rateLimitPerMinute: 1 });
      await api(sim, EXAMPLE);
      expect(await (await admin(sim, "reset", "POST")).json()).toEqual({ ok: true });
      expect(((await (await admin(sim, "faults")).json()) as { faults: Json[] }).faults).toEqual([]);
      expect(await (await admin(sim, "config")).json()).toEqual({
        latencyMs: 0,
        rateLimitPerMinute: 0,
        callHistoryErrorRate: 0,
      });
      expect(await (await admin(sim, "stats")).json()).toMatchObject({ requests: 0 });
      expect(((await (await admin(sim, "requests")).json()) as { requests: Json[] }).requests).toEqual([]);
    });
  });

  describe("rate limit and latency", () => {
    it("limits each key over a sliding 60 s window and answers Retry-After", async () => {
      const clock = fakeClock();
      const accounts = [
        { apiKey: "k1", workspaces: ["ws_acme"] },
        { apiKey: "k2", workspaces: ["ws_acme"] },
      ];
      await withSimulator({ rateLimitPerMinute: 3, accounts, now: clock.now }, async (own) => {
        for (let attempt = 0; attempt < 3; attempt += 1) {
          expect((await api(own, "batch_empty", { key: "k1" })).status).toBe(200);
          clock.advance(10_000);
        }
        const limited = await api(own, "batch_empty", { key: "k1" });
        expect(limited.status).toBe(429);
        expect(limited.headers.get("retry-after")).toBe("30");
        expect(await limited.json()).toEqual({ error: "Rate limit exceeded" });
        expect((await api(own, "batch_empty", { key: "k2" })).status).toBe(200);
        clock.advance(30_000);
        expect((await api(own, "batch_empty", { key: "k1" })).status).toBe(200);
        expect((await api(own, "batch_empty", { key: "k1" })).status).toBe(429);
      });
    });

    it("changes the rate limit and latency at runtime", async () => {
      await admin(sim, "config", "POST", { rateLimitPerMinute: 2 });
      expect((await api(sim, "batch_empty")).status).toBe(200);
      expect((await api(sim, "batch_empty")).status).toBe(200);
      const limited = await api(sim, "batch_empty");
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(50);

      await admin(sim, "config", "POST", { rateLimitPerMinute: 0, latencyMs: 200 });
      const started = performance.now();
      expect((await api(sim, "batch_empty")).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(180);
      expect((await admin(sim, "config", "POST", { latencyMs: -1 })).status).toBe(400);
    });
  });

  describe("live batch", () => {
    type Progress = {
      status: string;
      isComplete: boolean;
      waiting: number;
      active: number;
      completed: number;
      failed: number;
      total: number;
    };

    it("moves calls from waiting through active to done as a function of time", async () => {
      const clock = fakeClock();
      await withSimulator({ liveDurationMs: 60_000, now: clock.now }, async (own) => {
        const status = async () => (await (await api(own, "batch_live_acme/status")).json()) as Progress;
        const start = await status();
        expect(start).toMatchObject({
          status: "queued",
          isComplete: false,
          waiting: 60,
          active: 0,
          completed: 0,
          failed: 0,
          total: 60,
        });

        let done = 0;
        let sawActive = false;
        for (let step = 1; step <= 30; step += 1) {
          clock.advance(2_000);
          const progress = await status();
          const calls = await list(own, "batch_live_acme/calls?limit=100");
          expect(calls.summary).toEqual({
            total: 60,
            waiting: progress.waiting,
            active: progress.active,
            completed: progress.completed,
            failed: progress.failed,
          });
          expect(calls.calls.filter((call) => call.status === "active")).toHaveLength(progress.active);
          expect(progress.active).toBeLessThanOrEqual(8);
          if (progress.active > 0) sawActive = true;
          expect(progress.completed + progress.failed).toBeGreaterThanOrEqual(done);
          done = progress.completed + progress.failed;
        }
        expect(sawActive).toBe(true);
        const end = await status();
        expect(end).toMatchObject({ status: "completed", isComplete: true, waiting: 0, active: 0 });
        expect(end.completed + end.failed).toBe(60);
        expect(end.failed).toBeGreaterThan(0);

        await admin(own, "live", "POST", { elapsedMs: 30_000 });
        expect((await status()).status).toBe("processing");
        // Paused, the live batch stays at that moment however much time passes, until the next jump or reset.
        await admin(own, "live", "POST", { elapsedMs: 1_000, paused: true });
        const held = await status();
        clock.advance(50_000);
        expect(await status()).toEqual(held);
        expect(held).toMatchObject({ status: "queued", waiting: 60 });
        await admin(own, "reset", "POST");
        expect(await status()).toMatchObject({ status: "queued", waiting: 60 });
        clock.advance(70_000);
        expect(await status()).toMatchObject({ status: "completed" });
      });
    });

    it("finishes within SIM live duration in real time", async () => {
      await withSimulator({ liveDurationMs: 2_000 }, async (own) => {
        const first = await list(own, "batch_live_acme/calls?limit=100");
        expect(first.summary.waiting).toBeGreaterThan(50);
        await new Promise((resolve) => setTimeout(resolve, 2_100));
        const last = await list(own, "batch_live_acme/calls?limit=100");
        expect(last.summary.completed + last.summary.failed).toBe(60);
        const batch = (await (await api(own, "batch_live_acme")).json()) as Json;
        expect(batch).toMatchObject({ status: "completed", isComplete: true });
      });
    });
  });
});
