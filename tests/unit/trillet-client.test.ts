import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { addFault, recentRequests, requestCount, resetSim } from "./support/sim-admin";
import { appTestEnv } from "./support/app-env";

type TrilletModule = typeof import("@/lib/trillet");
type ConfigModule = typeof import("@/lib/config");

const EXAMPLE = "batch_7891011121314";
const FAULT_LAB = "batch_fault_lab";
const WRONG_KEY = "sk_wrong_UNIT_TEST_KEY_3f9a";
const allQuery = { status: "all", page: 1, limit: 20 } as const;

let sim: RunningSimulator;

/** A fresh module graph reading this environment (lib/config caches per module instance). */
async function loadClient(
  overrides: Record<string, string>,
): Promise<{ trillet: TrilletModule; config: ConfigModule }> {
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      WRONG_TRILLET_KEY: WRONG_KEY,
      WORKSPACES: JSON.stringify([
        { slug: "acme", id: "ws_acme", name: "Acme", members: { domains: ["acme.test"] } },
        { slug: "globex", id: "ws_globex", name: "Globex", members: { emails: ["bob@globex.test"] } },
        { slug: "acme-wrong-key", id: "ws_acme", name: "Acme (bad key)", apiKeyEnv: "WRONG_TRILLET_KEY", members: {} },
        { slug: "unknown-ws", id: "ws_nobody", name: "Nobody", members: {} },
      ]),
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      TRILLET_TIMEOUT_MS: "1000",
      TRILLET_CACHE_TTL_MS: "0",
      ...overrides,
    }),
  );
  return { trillet: await import("@/lib/trillet"), config: await import("@/lib/config") };
}

async function failure(promise: Promise<unknown>): Promise<InstanceType<TrilletModule["TrilletError"]>> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, "expected the call to fail").toBeInstanceOf(Error);
  expect((outcome as Error).name).toBe("TrilletError");
  return outcome as InstanceType<TrilletModule["TrilletError"]>;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
  await sim?.close();
});

describe("Trillet client against the simulator", () => {
  let trillet: TrilletModule;
  let config: ConfigModule;
  const ws = (slug: string) => config.getConfig().workspaces.find((workspace) => workspace.slug === slug)!;

  beforeAll(async () => {
    ({ trillet, config } = await loadClient({}));
  });

  beforeEach(async () => {
    await resetSim(sim);
  });

  it("lists the example batch with the documented numbers", async () => {
    const page = await trillet.listBatchCalls(ws("acme"), EXAMPLE, allQuery);
    expect(page.summary).toEqual({ total: 150, waiting: 45, active: 5, completed: 95, failed: 5 });
    expect(page.pagination).toEqual({ page: 1, limit: 20, total: 150, totalPages: 8, hasNext: true, hasPrev: false });
    expect(page.calls).toHaveLength(20);
    for (const call of page.calls) {
      expect(call.jobId).toEqual(expect.any(String));
      expect(call.metadata).toEqual(expect.any(Object));
    }
  });

  it("filters by status: pagination counts the filter, summary the whole batch", async () => {
    const failed = await trillet.listBatchCalls(ws("acme"), EXAMPLE, { status: "failed", page: 1, limit: 100 });
    expect(failed.pagination.total).toBe(5);
    expect(failed.pagination.totalPages).toBe(1);
    expect(failed.calls).toHaveLength(5);
    expect(failed.calls.every((call) => call.status === "failed")).toBe(true);
    expect(failed.summary).toEqual({ total: 150, waiting: 45, active: 5, completed: 95, failed: 5 });

    const waiting = await trillet.listBatchCalls(ws("acme"), EXAMPLE, { status: "waiting", page: 3, limit: 20 });
    expect(waiting.pagination).toMatchObject({ page: 3, total: 45, totalPages: 3, hasNext: false, hasPrev: true });
    expect(waiting.calls).toHaveLength(5);
  });

  it("returns an empty page past the last one", async () => {
    const past = await trillet.listBatchCalls(ws("acme"), EXAMPLE, { status: "all", page: 99, limit: 100 });
    expect(past.calls).toEqual([]);
    expect(past.pagination.total).toBe(150);
  });

  it("reads a batch's status and progress", async () => {
    const batch = await trillet.getBatch(ws("acme"), EXAMPLE);
    expect(batch).toMatchObject({
      id: EXAMPLE,
      status: "processing",
      isComplete: false,
      totalCalls: 150,
      progress: { waiting: 45, active: 5, completed: 95, failed: 5, total: 150 },
    });
    const empty = await trillet.getBatch(ws("acme"), "batch_empty");
    expect(empty).toMatchObject({ status: "queued", totalCalls: 0, progress: { total: 0 } });
    const globex = await trillet.getBatch(ws("globex"), "batch_globex_q3");
    expect(globex).toMatchObject({ status: "completed", isComplete: true, totalCalls: 80 });
  });

  it("sends only the Trillet headers, with the configured workspace id", async () => {
    await trillet.listBatchCalls(ws("globex"), "batch_globex_q3", { status: "completed", page: 2, limit: 10 });
    const [request] = await recentRequests(sim, 1);
    expect(request).toBeDefined();
    expect(request!.headerNames).toEqual(expect.arrayContaining(["x-api-key", "x-workspace-id"]));
    expect(request!.headerNames).not.toContain("cookie");
    expect(request!.headerNames).not.toContain("authorization");
    expect(request!.workspaceId).toBe("ws_globex");
    expect(request!.keyLabel).toBe("account-0");
    expect(request!.path).toBe("/v1/api/batch-calls/batch_globex_q3/calls");
    expect(request!.query).toEqual({ page: "2", limit: "10", status: "completed" });
  });

  it("maps an unknown batch to not_found", async () => {
    const error = await failure(trillet.listBatchCalls(ws("acme"), "batch_does_not_exist", allQuery));
    expect(error.kind).toBe("not_found");
    expect((await failure(trillet.getBatch(ws("acme"), "batch_does_not_exist"))).kind).toBe("not_found");
  });

  it("maps another workspace's batch to not_found", async () => {
    expect((await failure(trillet.listBatchCalls(ws("acme"), "batch_globex_q3", allQuery))).kind).toBe("not_found");
    expect((await failure(trillet.getBatch(ws("globex"), EXAMPLE))).kind).toBe("not_found");
  });

  it("maps a refused key to unauthorized without ever carrying the key", async () => {
    const error = await failure(trillet.listBatchCalls(ws("acme-wrong-key"), EXAMPLE, allQuery));
    expect(error.kind).toBe("unauthorized");
    expect(error.detail.status).toBe(401);
    const serialised = [
      error.message,
      String(error),
      JSON.stringify(error),
      JSON.stringify(error.detail),
      error.stack ?? "",
    ];
    for (const text of serialised) {
      expect(text).not.toContain(WRONG_KEY);
      expect(text).not.toContain("demo-trillet-key");
    }
    // Not retried: a bad key will not get better.
    expect(await requestCount(sim)).toBe(1);
    const [request] = await recentRequests(sim, 1);
    expect(request!.keyLabel).toBe("unknown");
  });

  it("maps a workspace id the key does not own to unauthorized", async () => {
    const error = await failure(trillet.listBatchCalls(ws("unknown-ws"), EXAMPLE, allQuery));
    expect(error.kind).toBe("unauthorized");
    expect(error.detail.status).toBe(403);
    expect(await requestCount(sim)).toBe(1);
  });

  it("retries a short burst of 500s and then succeeds", async () => {
    await addFault(sim, { mode: "status", status: 500, count: 2, batchId: FAULT_LAB });
    const page = await trillet.listBatchCalls(ws("acme"), FAULT_LAB, allQuery);
    expect(page.pagination.total).toBe(80);
    expect(await requestCount(sim)).toBe(3);
  });

  it("gives up on persistent 500s as upstream_error after at most 3 attempts", async () => {
    await addFault(sim, { mode: "status", status: 500, count: 5, batchId: FAULT_LAB });
    const error = await failure(trillet.listBatchCalls(ws("acme"), FAULT_LAB, allQuery));
    expect(error.kind).toBe("upstream_error");
    expect(error.detail.status).toBe(500);
    const attempts = await requestCount(sim);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(3);
  });

  it("does not retry a 4xx other than 429", async () => {
    await addFault(sim, { mode: "status", status: 400, count: 3, batchId: FAULT_LAB });
    const error = await failure(trillet.listBatchCalls(ws("acme"), FAULT_LAB, allQuery));
    expect(error.kind).toBe("upstream_error");
    expect(await requestCount(sim)).toBe(1);
  });

  it("waits out a 429 with Retry-After and then succeeds", async () => {
    await addFault(sim, { mode: "rate-limit", retryAfter: 1, count: 1, batchId: FAULT_LAB });
    const page = await trillet.listBatchCalls(ws("acme"), FAULT_LAB, allQuery);
    expect(page.calls.length).toBeGreaterThan(0);
    expect(await requestCount(sim)).toBe(2);
  });

  it("maps malformed JSON to bad_response without retrying", async () => {
    await addFault(sim, { mode: "malformed", batchId: FAULT_LAB });
    const error = await failure(trillet.listBatchCalls(ws("acme"), FAULT_LAB, allQuery));
    expect(error.kind).toBe("bad_response");
    expect(await requestCount(sim)).toBe(1);
  });

  it("maps a reply of the wrong shape to bad_response", async () => {
    await addFault(sim, { mode: "wrong-shape", batchId: FAULT_LAB });
    expect((await failure(trillet.listBatchCalls(ws("acme"), FAULT_LAB, allQuery))).kind).toBe("bad_response");
    expect((await failure(trillet.getBatch(ws("acme"), FAULT_LAB))).kind).toBe("bad_response");
    expect(await requestCount(sim)).toBe(2);
  });

  it("maps a hung upstream to timeout", async () => {
    await addFault(sim, { mode: "hang", batchId: FAULT_LAB });
    const error = await failure(trillet.listBatchCalls(ws("acme"), FAULT_LAB, allQuery));
    expect(error.kind).toBe("timeout");
    expect(await requestCount(sim)).toBeLessThanOrEqual(3);
  });

  it("maps a reset connection to upstream_error", async () => {
    await addFault(sim, { mode: "reset", batchId: FAULT_LAB });
    const error = await failure(trillet.listBatchCalls(ws("acme"), FAULT_LAB, allQuery));
    expect(error.kind).toBe("upstream_error");
    expect(await requestCount(sim)).toBeLessThanOrEqual(3);
  });

  it("recovers once a fault is gone: failures are not cached", async () => {
    await addFault(sim, { mode: "status", status: 503, count: 3, batchId: FAULT_LAB });
    expect((await failure(trillet.getBatch(ws("acme"), FAULT_LAB))).kind).toBe("upstream_error");
    const batch = await trillet.getBatch(ws("acme"), FAULT_LAB);
    expect(batch.id).toBe(FAULT_LAB);
  });
});

describe("Trillet client with a read cache", () => {
  let trillet: TrilletModule;
  let config: ConfigModule;
  const ws = (slug: string) => config.getConfig().workspaces.find((workspace) => workspace.slug === slug)!;

  beforeAll(async () => {
    ({ trillet, config } = await loadClient({ TRILLET_CACHE_TTL_MS: "2000" }));
  });

  beforeEach(async () => {
    await resetSim(sim);
  });

  it("coalesces 20 concurrent identical reads into one upstream request", async () => {
    const query = { status: "completed", page: 2, limit: 50 } as const;
    const pages = await Promise.all(
      Array.from({ length: 20 }, () => trillet.listBatchCalls(ws("acme"), EXAMPLE, query)),
    );
    expect(await requestCount(sim)).toBe(1);
    for (const page of pages) expect(page).toEqual(pages[0]);
  });

  it("never serves one workspace's answer to another", async () => {
    const acme = await trillet.getBatch(ws("acme"), EXAMPLE);
    expect(acme.id).toBe(EXAMPLE);
    const error = await failure(trillet.getBatch(ws("acme-wrong-key"), EXAMPLE));
    expect(error.kind).toBe("unauthorized");
    expect((await failure(trillet.getBatch(ws("globex"), EXAMPLE))).kind).toBe("not_found");
    expect(await requestCount(sim)).toBe(3);
  });

  it("reads different pages separately", async () => {
    await Promise.all([
      trillet.listBatchCalls(ws("acme"), EXAMPLE, { status: "all", page: 1, limit: 20 }),
      trillet.listBatchCalls(ws("acme"), EXAMPLE, { status: "all", page: 2, limit: 20 }),
      trillet.listBatchCalls(ws("acme"), EXAMPLE, { status: "failed", page: 1, limit: 20 }),
    ]);
    expect(await requestCount(sim)).toBe(3);
  });
});

describe("Trillet client with a small upstream budget", () => {
  let trillet: TrilletModule;
  let config: ConfigModule;

  beforeAll(async () => {
    ({ trillet, config } = await loadClient({
      TRILLET_RATE_LIMIT_PER_MINUTE: "2",
      TRILLET_BURST: "2",
      TRILLET_CACHE_TTL_MS: "0",
    }));
  });

  beforeEach(async () => {
    await resetSim(sim);
  });

  it("refuses with rate_limited instead of sending past the budget", async () => {
    const acme = config.getConfig().workspaces.find((workspace) => workspace.slug === "acme")!;
    await trillet.getBatch(acme, EXAMPLE);
    await trillet.getBatch(acme, EXAMPLE);
    const error = await failure(trillet.getBatch(acme, EXAMPLE));
    expect(error.kind).toBe("rate_limited");
    expect(error.detail.retryAfterSeconds).toBeGreaterThan(0);
    expect(await requestCount(sim)).toBe(2);
  });
});
