import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import type { CallSearchResult } from "@/lib/shared/call-detail";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { testIdentity } from "./support/identity";
import { managedEnv, newPrefix, rawClient, type RawClient } from "./support/process-state";
import { redisTestUrl } from "./support/redis";
import { recentRequests, resetSim } from "./support/sim-admin";

// Two instances of the app against one real Redis. An instance is what lib/ keeps on globalThis
// (loaded indexes, running walks, coalesced reads): dropping those slots between two callers makes
// the second a separate instance that can only share through Redis, as on Vercel.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentIdentity: async () => session.identity,
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

const SHARED = "batch_shared_number";
const env = managedEnv(["REDIS_URL", "REDIS_KEY_PREFIX", "TRILLET_API_BASE_URL", "TRILLET_RATE_LIMIT_PER_MINUTE"]);
const instanceSlots = ["__batchConsoleSearchLoaded", "__batchConsoleSearchWalks", "__batchConsoleReads"];

type Handler = (
  request: NextRequest,
  context: { params: Promise<{ slug: string; batchId: string }> },
) => Promise<Response>;
let sim: RunningSimulator;
let route: Handler;
let runningWalks: () => Promise<void>[];
let redis: RawClient;
let prefix: string;

function newInstance(): void {
  const state = globalThis as unknown as Record<string, unknown>;
  for (const name of instanceSlots) delete state[name];
}

async function search(q: string, slug = "acme"): Promise<CallSearchResult> {
  const request = new NextRequest(
    `http://localhost/api/w/${slug}/batches/${SHARED}/search?${new URLSearchParams({ q })}`,
  );
  const response = await route(request, { params: Promise.resolve({ slug, batchId: SHARED }) });
  expect(response.status).toBe(200);
  return (await response.json()) as CallSearchResult;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  prefix = newPrefix();
  env.reset({
    REDIS_URL: redisTestUrl(),
    REDIS_KEY_PREFIX: prefix,
    TRILLET_API_BASE_URL: sim.url,
    TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
  });
  route = (await import("@/app/api/w/[slug]/batches/[batchId]/search/route")).GET as Handler;
  runningWalks = (await import("@/lib/search/walker")).runningWalks;
  redis = await rawClient(redisTestUrl());
  session.identity = testIdentity({ id: "http://127.0.0.1:1#alice-instances" });
});

afterAll(async () => {
  await Promise.all(runningWalks?.() ?? []);
  await redis?.quit();
  env.restore();
  await sim?.close();
}, 30_000);

describe("the search index across instances", () => {
  it("two instances share one walk: each page of the batch is read once, and both find all 40 calls", async () => {
    await resetSim(sim);
    // Slow pages keep the first instance's walk running while the second one asks.
    await fetch(`${sim.url}/__sim/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ latencyMs: 150 }),
    });
    const first = await search("+14155550123");
    const firstWalks = runningWalks();
    expect(firstWalks).toHaveLength(1);
    expect(first.progress.complete).toBe(false);

    newInstance();
    let second = await search("415-555-0123");
    // The lock in Redis is held by the first instance: this one reads what it has indexed, and walks nothing.
    expect(runningWalks()).toHaveLength(0);
    for (let attempt = 0; !second.progress.complete && attempt < 400; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      second = await search("415-555-0123");
    }
    await Promise.all(firstWalks);
    expect(second.progress).toMatchObject({ searched: 237, total: 237, complete: true });
    expect(second.pagination.total).toBe(40);

    const pages = (await recentRequests(sim, 5000))
      .filter((entry) => entry.path === `/v1/api/batch-calls/${SHARED}/calls`)
      .map((entry) => entry.query.page)
      .sort();
    expect(pages).toEqual(["1", "2", "3"]);
  });

  it("keeps the index sealed in Redis: no number, name or email readable there", async () => {
    const keys = await redis.keys(`${prefix}search:*`);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) {
      const type = await redis.type(key);
      const values = type === "hash" ? Object.values(await redis.hGetAll(key)) : [(await redis.get(key)) ?? ""];
      const text = values.join("\n");
      expect(text).not.toMatch(/4155550123|Ågård|agard|bo\.li@example/i);
    }
    // Kept for SEARCH_INDEX_TTL_HOURS (24 by default), not forever.
    const ttl = await redis.pTTL(keys.find((key) => key.endsWith(":meta"))!);
    expect(ttl).toBeGreaterThan(23 * 3_600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it("another workspace's search of the same batch id builds its own index and never sees this one", async () => {
    newInstance();
    session.identity = testIdentity({ id: "http://127.0.0.1:1#bob-instances", email: "bob@globex.test" });
    let globex = await search("+14155550123", "globex");
    for (let attempt = 0; !globex.progress.complete && attempt < 400; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      globex = await search("+14155550123", "globex");
    }
    await Promise.all(runningWalks());
    expect(globex.progress.total).toBe(80);
    expect(globex.pagination.total).toBe(0);
    const metas = await redis.keys(`${prefix}search:*:meta`);
    expect(metas).toHaveLength(2);
  });
});
