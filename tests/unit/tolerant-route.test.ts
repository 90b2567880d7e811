import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { resetSim } from "./support/sim-admin";

// Hardening issue, item A, through the real calls route and simulator: batch_additive has new
// fields at every level, an undocumented status, metadata of every JSON type and two unreadable calls.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

type RouteModule = typeof import("@/app/api/w/[slug]/batches/[batchId]/calls/route");
type Row = {
  jobId: string;
  status: string;
  phone_number: string;
  phoneDisplay: string;
  metadata: Record<string, unknown>;
  unreadable?: string;
};
type Body = { calls: Row[]; pagination: Record<string, unknown>; summary: Record<string, number> };

const ADDITIVE = "batch_additive";
const alice = { email: "alice@acme.test", name: "Alice", isEmailVerified: true, groups: [] } as unknown as Identity;

let sim: RunningSimulator;
let route: RouteModule;
let warnSpy: MockInstance<typeof console.warn>;
let stdoutSpy: MockInstance<typeof process.stdout.write>;

const get = (search = "") =>
  route.GET(new NextRequest(`http://localhost/api/w/acme/batches/${ADDITIVE}/calls${search}`), {
    params: Promise.resolve({ slug: "acme", batchId: ADDITIVE }),
  });

const unreadableLines = () =>
  warnSpy.mock.calls
    .map((args) => String(args[0]))
    .filter((line) => line.includes("upstream-unreadable-rows"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
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
  warnSpy?.mockRestore();
  stdoutSpy?.mockRestore();
  warnSpy = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  stdoutSpy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});

describe("GET /api/.../calls for a reply beyond the docs (batch_additive)", () => {
  it("answers 200 with every call: an undocumented status, JSON metadata as text, unreadable rows marked", async () => {
    const response = await get();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Body;
    expect(Object.keys(body).sort()).toEqual(["calls", "pagination", "summary"]);
    expect(body.summary).toEqual({ total: 7, waiting: 0, active: 0, completed: 3, failed: 2 });
    expect(body.calls.map((call) => [call.jobId, call.status, call.unreadable])).toEqual([
      ["call_add_001", "completed", undefined],
      ["call_add_002", "voicemail", undefined],
      ["", "completed", "jobId missing"],
      ["call_add_004", "failed", "phone_number is not text"],
      ["call_add_005", "failed", undefined],
      ["call_add_006", "voicemail", undefined],
      ["call_add_007", "completed", undefined],
    ]);
    expect(body.calls[0]!.metadata).toEqual({
      first_name: "Ada",
      last_name: "Lovelace",
      age: "36",
      vip: "true",
      balance: "-12.5",
      notes: "",
      tags: '["math","poetry"]',
      address: '{"city":"London","zip":"W1"}',
    });
    expect(body.calls[0]).not.toHaveProperty("recordingUrl");
    expect(body.calls[4]!.metadata.nested).toBe('{"deep":{"list":[1,"two",null,{"three":3}]}}');
    // Nothing of an unreadable row's phone number or metadata reaches the browser.
    expect(body.calls[3]).toMatchObject({ phone_number: "", phoneDisplay: "", metadata: {} });
  });

  it("logs one JSON line per reply with unreadable rows: where and why, no phone number or metadata", async () => {
    await get();
    const lines = unreadableLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      type: "upstream-unreadable-rows",
      workspace: "acme",
      batch: ADDITIVE,
      filter: "all",
      page: 1,
      count: 2,
      rows: [
        { position: 2, problem: "jobId missing" },
        { position: 3, jobId: "call_add_004", problem: "phone_number is not text" },
      ],
    });
    const text = JSON.stringify(lines);
    for (const secret of ["+1415555010", "4155550104", "Nobody", "Olga", "e164"]) expect(text).not.toContain(secret);
  });

  it("writes no such line for a reply every row of which it can read", async () => {
    expect((await get("?status=completed&limit=1")).status).toBe(200);
    expect(unreadableLines()).toEqual([]);
  });
});
