import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { addFault, recentRequests, requestCount, resetSim } from "./support/sim-admin";
import { appTestEnv } from "./support/app-env";
import { testIdentity } from "./support/identity";

// The only mock: who is signed in. Everything below the session (access, query, Trillet client) is real.
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

type RouteModule = typeof import("@/app/api/w/[slug]/batches/[batchId]/calls/route");

const EXAMPLE = "batch_7891011121314";
const FAULT_LAB = "batch_fault_lab";
const MAIN_KEY = "demo-trillet-key";
// A second account, so the rate-limit case pauses its own budget and not the other tests'.
const SPARE_KEY = "sk_spare_ROUTE_TEST_KEY_81c2";

const alice = testIdentity({ id: "http://127.0.0.1:1#3f6c2a1e-alice" });

let sim: RunningSimulator;
let route: RouteModule;
let stdoutSpy: MockInstance<typeof process.stdout.write>;
let errorSpy: MockInstance<typeof console.error>;

/** Everything the route wrote to stdout (audit lines) and console.error (failures), one string per call. */
function loggedLines(): string[] {
  return [...stdoutSpy.mock.calls, ...errorSpy.mock.calls].map((args) => args.map(String).join(" "));
}

async function get(slug: string, batchId: string, search = ""): Promise<Response> {
  const request = new NextRequest(`http://localhost/api/w/${slug}/batches/${batchId}/calls${search}`);
  return route.GET(request, { params: Promise.resolve({ slug, batchId }) });
}

async function expectApiError(
  response: Response,
  status: number,
  code: string,
): Promise<{ error: { code: string; message: string } }> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(response.headers.get("cache-control")).toBe("private, no-store");
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    accounts: [
      { apiKey: MAIN_KEY, workspaces: ["ws_acme", "ws_globex"] },
      { apiKey: SPARE_KEY, workspaces: ["ws_acme"] },
    ],
  });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      TRILLET_API_KEY: MAIN_KEY,
      SPARE_TRILLET_KEY: SPARE_KEY,
      WORKSPACES: JSON.stringify([
        { slug: "acme", id: "ws_acme", name: "Acme", members: { domains: ["acme.test"] } },
        { slug: "globex", id: "ws_globex", name: "Globex", members: { emails: ["bob@globex.test"] } },
        {
          slug: "acme-spare",
          id: "ws_acme",
          name: "Acme (spare key)",
          apiKeyEnv: "SPARE_TRILLET_KEY",
          members: { domains: ["acme.test"] },
        },
      ]),
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
      TRILLET_TIMEOUT_MS: "1000",
      TRILLET_CACHE_TTL_MS: "0",
    }),
  );
  route = await import("@/app/api/w/[slug]/batches/[batchId]/calls/route");
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  session.identity = alice;
  await resetSim(sim);
  // Audit lines go to stdout; keep them for assertions instead of printing them.
  stdoutSpy?.mockRestore();
  errorSpy?.mockRestore();
  stdoutSpy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  errorSpy = vi.spyOn(console, "error").mockImplementation(() => undefined);
});

describe("GET /api/w/{slug}/batches/{batchId}/calls", () => {
  it("answers 401 without a session, before touching Trillet", async () => {
    session.identity = null;
    const body = await expectApiError(await get("acme", EXAMPLE), 401, "unauthorized");
    expect(body.error.message).toMatch(/sign in/i);
    expect(await requestCount(sim)).toBe(0);
  });

  it("returns one page in Trillet's shape, plus each phone number as shown, for a member", async () => {
    const response = await get("acme", EXAMPLE, "?status=failed");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(Number(response.headers.get("x-poll-after-ms"))).toBeGreaterThan(0);
    const body = (await response.json()) as {
      calls: { status: string; phone_number: string; phoneDisplay: string }[];
      pagination: Record<string, unknown>;
      summary: Record<string, unknown>;
    };
    expect(Object.keys(body).sort()).toEqual(["calls", "pagination", "summary"]);
    expect(body.calls).toHaveLength(5);
    expect(body.calls.every((call) => call.status === "failed")).toBe(true);
    // Formatted on the server so the browser needs no phone-number library.
    expect(body.calls.every((call) => typeof call.phoneDisplay === "string" && call.phoneDisplay.length > 0)).toBe(
      true,
    );
    expect(body.calls.some((call) => call.phoneDisplay !== call.phone_number)).toBe(true);
    expect(body.pagination).toEqual({ page: 1, limit: 20, total: 5, totalPages: 1, hasNext: false, hasPrev: false });
    expect(body.summary).toEqual({ total: 150, waiting: 45, active: 5, completed: 95, failed: 5 });

    const [upstream] = await recentRequests(sim, 1);
    expect(upstream!.workspaceId).toBe("ws_acme");
    expect(upstream!.query).toEqual({ page: "1", limit: "20", status: "failed" });
    expect(upstream!.headerNames).not.toContain("cookie");
    expect(upstream!.headerNames).not.toContain("authorization");
  });

  it("passes page and limit through", async () => {
    const response = await get("acme", EXAMPLE, "?page=2&limit=100");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      calls: unknown[];
      pagination: { page: number; limit: number; hasPrev: boolean };
    };
    expect(body.calls).toHaveLength(50);
    expect(body.pagination).toMatchObject({ page: 2, limit: 100, hasPrev: true });
  });

  it("answers a workspace the user may not open exactly like an unknown one", async () => {
    const forbidden = await get("globex", "batch_globex_q3");
    const unknownSlug = await get("no-such-workspace", "batch_globex_q3");
    const forbiddenBody = await expectApiError(forbidden, 404, "not_found");
    const unknownBody = await expectApiError(unknownSlug, 404, "not_found");
    expect(unknownBody).toEqual(forbiddenBody);
    expect(await requestCount(sim)).toBe(0);
  });

  it("answers an unknown batch with the same 404 body", async () => {
    const unknownBatch = await expectApiError(await get("acme", "batch_does_not_exist"), 404, "not_found");
    const otherWorkspaceBatch = await expectApiError(await get("acme", "batch_globex_q3"), 404, "not_found");
    const forbidden = await expectApiError(await get("globex", "batch_globex_q3"), 404, "not_found");
    expect(unknownBatch).toEqual(forbidden);
    expect(otherWorkspaceBatch).toEqual(forbidden);
  });

  it("does not let an unverified address in by domain", async () => {
    session.identity = { ...alice, isEmailVerified: false };
    await expectApiError(await get("acme", EXAMPLE), 404, "not_found");
    expect(await requestCount(sim)).toBe(0);
  });

  it.each(["../x", "a.b", "a%2Fb", "a/b", "x".repeat(129), "bätch", "a b", "."])(
    "answers 400 for batch id %j without calling Trillet",
    async (batchId) => {
      const body = await expectApiError(await get("acme", batchId), 400, "bad_request");
      expect(body.error.message).toMatch(/^batchId /);
      expect(await requestCount(sim)).toBe(0);
    },
  );

  it("checks membership before the batch id, so a bad id reveals nothing about a forbidden workspace", async () => {
    await expectApiError(await get("globex", "../x"), 404, "not_found");
  });

  it.each([
    ["?status=bogus", /status must be one of/],
    ["?page=0", /page must be 1 or more/],
    ["?limit=1000", /limit must be at most 100/],
    ["?limit=0", /limit must be 1 or more/],
    ["?page=1.5", /page must be a whole number/],
    ["?page=-1", /page must be a whole number/],
    ["?page=1e3", /page must be a whole number/],
    ["?foo=1", /unknown parameter: foo/],
    ["?__proto__=x", /unknown parameter/],
    ["?page=1&page=2", /page is given more than once/],
    ["?status=failed&status=failed", /status is given more than once/],
  ])("answers 400 for %s without calling Trillet", async (search, message) => {
    const body = await expectApiError(await get("acme", EXAMPLE, search), 400, "bad_request");
    expect(body.error.message).toMatch(message);
    expect(await recentRequests(sim)).toEqual([]);
  });

  it("maps persistent upstream 500s to 502", async () => {
    await addFault(sim, { mode: "status", status: 500, batchId: FAULT_LAB });
    await expectApiError(await get("acme", FAULT_LAB), 502, "upstream_error");
  });

  it("maps an unreadable upstream reply to 502", async () => {
    await addFault(sim, { mode: "malformed", batchId: FAULT_LAB });
    await expectApiError(await get("acme", FAULT_LAB), 502, "upstream_bad_response");
  });

  it("maps a hung upstream to 504", async () => {
    await addFault(sim, { mode: "hang", batchId: FAULT_LAB });
    await expectApiError(await get("acme", FAULT_LAB), 504, "upstream_timeout");
  });

  it("maps upstream 429s to 429 with Retry-After", async () => {
    await addFault(sim, { mode: "rate-limit", retryAfter: 30, batchId: FAULT_LAB });
    const response = await get("acme-spare", FAULT_LAB);
    await expectApiError(response, 429, "rate_limited");
    expect(response.headers.get("retry-after")).toBe("30");
  });

  it("never puts an API key in a response or an audit line", async () => {
    await addFault(sim, { mode: "status", status: 401, batchId: FAULT_LAB });
    const responses = [await get("acme", EXAMPLE), await get("acme", FAULT_LAB), await get("globex", EXAMPLE)];
    const texts = await Promise.all(responses.map((response) => response.text()));
    const headers = responses.map((response) => JSON.stringify([...response.headers]));
    const logged = loggedLines();
    expect(responses[1]!.status).toBe(502);
    expect(logged.length).toBeGreaterThan(0);
    for (const text of [...texts, ...headers, ...logged]) {
      expect(text).not.toContain(MAIN_KEY);
      expect(text).not.toContain(SPARE_KEY);
    }
  });

  it("writes one audit line per request with the user, workspace and outcome", async () => {
    await get("acme", EXAMPLE, "?status=completed&page=3");
    const audits = loggedLines()
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.type === "audit");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: "calls.read",
      user: "alice@acme.test",
      workspace: "acme",
      batch: EXAMPLE,
      status: 200,
      filter: "completed",
      page: 3,
    });
  });
});
