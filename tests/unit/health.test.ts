import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { redisTestUrl } from "./support/redis";
import { managedEnv, newPrefix, rawClient } from "./support/process-state";

// GET /api/health answers anyone: a status and fixed codes, never a reason. What is wrong goes to the log.

const env = managedEnv(["REDIS_URL", "REDIS_KEY_PREFIX", "AUTH_SECRET", "DATABASE_URL"]);
const databaseOk = { status: "ok", schemaVersion: expect.any(Number) };

async function askHealth(settings: Record<string, string>) {
  env.reset(settings);
  // As at a server's start (instrumentation.ts): the embedded database is up before anyone asks.
  await (await import("@/lib/db/client")).startDatabase();
  const { GET } = await import("@/app/api/health/route");
  const { healthBodySchema } = await import("@/lib/api/health");
  const response = await GET();
  const text = await response.text();
  return { status: response.status, text, body: healthBodySchema.parse(JSON.parse(text)) };
}

function capturedWarnings() {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  return {
    lines: () => warn.mock.calls.map((call) => String(call[0])),
    healthLines: () =>
      warn.mock.calls
        .map((call) => String(call[0]))
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.type === "health"),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => env.restore());

// Each test connects and migrates the database afresh (the embedded one where no PostgreSQL is installed).
describe("/api/health", { timeout: 60_000 }, () => {
  it("with Redis up and noeviction: status ok and nothing else", async () => {
    const answer = await askHealth({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: newPrefix() });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "ok", database: databaseOk });
  });

  it("warns with a fixed code, and logs the policy, when Redis may evict keys", async () => {
    const raw = await rawClient(redisTestUrl());
    const before = (await raw.configGet("maxmemory-policy"))["maxmemory-policy"]!;
    const log = capturedWarnings();
    try {
      await raw.configSet("maxmemory-policy", "allkeys-lru");
      const answer = await askHealth({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: newPrefix() });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ status: "ok", warnings: ["redis_eviction_policy"], database: databaseOk });
      expect(answer.text).not.toContain("allkeys-lru");
      const logged = log.healthLines();
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ warning: "redis_eviction_policy" });
      expect(String(logged[0]!.message)).toContain("allkeys-lru");
      expect(String(logged[0]!.message)).toContain("noeviction");
    } finally {
      await raw.configSet("maxmemory-policy", before);
      raw.destroy();
    }
  });

  it("with Redis unreachable: degraded, HTTP 200, and no address, error or password in the answer; the reason is logged, scrubbed", async () => {
    const log = capturedWarnings();
    const answer = await askHealth({
      REDIS_URL: "redis://default:s3cret-pass@127.0.0.1:1",
      REDIS_KEY_PREFIX: newPrefix(),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "degraded", database: databaseOk });
    for (const leak of ["127.0.0.1", "ECONNREFUSED", "s3cret", "redis://"]) expect(answer.text).not.toContain(leak);
    const logged = log.healthLines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ status: "degraded" });
    expect(String(logged[0]!.reason)).not.toBe("");
    for (const line of log.lines()) expect(line).not.toContain("s3cret");
  });

  it("with the database unreachable: degraded, HTTP 200, the database unavailable, the reason logged and scrubbed", async () => {
    const log = capturedWarnings();
    const answer = await askHealth({ DATABASE_URL: "postgres://console:db-s3cret@127.0.0.1:1/console" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "degraded", database: { status: "unavailable" } });
    for (const leak of ["127.0.0.1", "ECONNREFUSED", "db-s3cret", "postgres://"])
      expect(answer.text).not.toContain(leak);
    const logged = log.healthLines();
    expect(logged).toHaveLength(1);
    expect(String(logged[0]!.database)).not.toBe("");
    for (const line of log.lines()) expect(line).not.toContain("db-s3cret");
  });

  it("misconfigured: 503 and the status alone; the variables at fault are logged", async () => {
    const log = capturedWarnings();
    const answer = await askHealth({ AUTH_SECRET: "short" });
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ status: "misconfigured" });
    expect(answer.text).not.toContain("AUTH_SECRET");
    const logged = log.healthLines();
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0]!.problems)).toContain("AUTH_SECRET");
  });
});
