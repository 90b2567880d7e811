import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { testIdentity } from "./support/identity";

// The guardrails note's route when the database does not answer: the API's error shape, 503 with Retry-After, as
// the workspace routes answer (withBatch maps it; before, a batch route said 500).
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentIdentity: async () => session.identity,
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

type Params = { slug: string; batchId: string };
type Handler = (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response>;

let sim: RunningSimulator;
let route: Handler;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
      // Nothing listens on port 1: every query fails at once.
      DATABASE_URL: "postgres://console:db-s3cret@127.0.0.1:1/console",
    }),
  );
  route = (await import("@/app/api/w/[slug]/batches/[batchId]/guardrails/route")).GET as Handler;
  session.identity = testIdentity({ id: "http://127.0.0.1:1#note-db-down" });
}, 60_000);

afterAll(async () => {
  await (await import("@/lib/db/client")).closeDatabase();
  await sim?.close();
});

describe("the guardrails note without the database", () => {
  it("answers 503 with Retry-After and the error shape, naming no address or secret", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const request = new NextRequest("http://localhost/api/w/acme/batches/batch_shared_number/guardrails");
    const response = await route(request, {
      params: Promise.resolve({ slug: "acme", batchId: "batch_shared_number" }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("10");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "unavailable",
        message: "The team's records cannot be reached right now. Try again in a few seconds.",
      },
    });
    for (const leak of ["127.0.0.1", "db-s3cret", "ECONNREFUSED"]) expect(text).not.toContain(leak);
  });
});
