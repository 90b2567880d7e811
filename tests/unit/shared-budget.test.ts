import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type RunningRedis } from "@/dev/services/redis";
import { redisTestUrl } from "./support/redis";
import {
  delay,
  forgetProcessState,
  managedEnv,
  newPrefix,
  rawClient,
  uniqueName,
  type RawClient,
} from "./support/process-state";

// SharedBudget against a real redis-server. Several `new SharedBudget(name, limits)` with one name
// stand for several instances of the app: they share nothing but Redis (and this process's
// connection, which is what one instance has too).

type App = {
  state: typeof import("@/lib/state/redis");
  budgets: typeof import("@/lib/trillet/shared-budget");
  memory: typeof import("@/lib/trillet/budget");
  errors: typeof import("@/lib/trillet/errors");
  sealed: typeof import("@/lib/state/sealed");
};

const env = managedEnv([
  "REDIS_URL",
  "REDIS_KEY_PREFIX",
  "TRILLET_API_KEY",
  "TRILLET_BURST",
  "TRILLET_RATE_LIMIT_PER_MINUTE",
]);

/** Drops this process's connection and shared-state singletons, as a fresh instance would start. */

/** Fresh lib modules reading a fresh config from `env` (REDIS_URL unset unless given). */
async function loadApp(settings: Record<string, string>): Promise<App> {
  env.reset(settings);
  return {
    state: await import("@/lib/state/redis"),
    budgets: await import("@/lib/trillet/shared-budget"),
    memory: await import("@/lib/trillet/budget"),
    errors: await import("@/lib/trillet/errors"),
    sealed: await import("@/lib/state/sealed"),
  };
}

const soon = (ms: number) => Date.now() + ms;

/** Settles every take; counts the grants and returns every rejection as it came. */
async function settle(takes: Promise<void>[]): Promise<{ granted: number; errors: unknown[] }> {
  const results = await Promise.allSettled(takes);
  return {
    granted: results.filter((result) => result.status === "fulfilled").length,
    errors: results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : [])),
  };
}

function expectRateLimited(app: App, error: unknown, retryAfter: { min: number; max: number }): void {
  expect(error).toBeInstanceOf(app.errors.TrilletError);
  const trillet = error as InstanceType<App["errors"]["TrilletError"]>;
  expect(trillet.kind).toBe("rate_limited");
  expect(trillet.detail.retryAfterSeconds).toBeGreaterThanOrEqual(retryAfter.min);
  expect(trillet.detail.retryAfterSeconds).toBeLessThanOrEqual(retryAfter.max);
}

async function pollHealth(app: App, status: "ok" | "degraded", withinMs: number) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const health = await app.state.sharedStateHealth();
    if ((health.store === "redis" && health.status === status) || Date.now() > deadline) return health;
    await delay(100);
  }
}

/** Every key in the server (only for a server of this test's own) with its TTL and its values as text. */
async function dumpAll(redis: RawClient): Promise<{ key: string; pttl: number; values: string[] }[]> {
  const dump = [];
  for await (const keys of redis.scanIterator({ MATCH: "*", COUNT: 100 })) {
    for (const key of keys) {
      const type = await redis.type(key);
      let values: string[];
      if (type === "string") values = [(await redis.get(key)) ?? ""];
      else if (type === "hash") values = Object.entries(await redis.hGetAll(key)).flat();
      else if (type === "zset") values = await redis.zRange(key, 0, -1);
      else values = [`unexpected type ${type}`];
      dump.push({ key, pttl: await redis.pTTL(key), values });
    }
  }
  return dump;
}

afterAll(() => {
  env.restore();
});

describe("SharedBudget on the run's Redis", () => {
  const prefix = newPrefix();
  let app: App;
  let raw: RawClient;

  beforeAll(async () => {
    app = await loadApp({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
    // A warm instance: its connection is up (a cold one is tested on its own below).
    expect(await app.state.sharedStateHealth()).toEqual({ store: "redis", status: "ok" });
    raw = await rawClient(redisTestUrl());
  });

  afterAll(() => {
    raw?.destroy();
  });

  const instances = (name: string, limits: { perMinute: number; burst: number; perSpender: number }, count: number) =>
    Array.from({ length: count }, () => new app.budgets.SharedBudget(name, limits));

  it("grants exactly perMinute across instances: 3 instances × 40 concurrent takes → 30 granted", async () => {
    const name = uniqueName("exact");
    const budgets = instances(name, { perMinute: 30, burst: 30, perSpender: 1_000 }, 3);
    const deadline = soon(300);
    const takes = budgets.flatMap((budget) => Array.from({ length: 40 }, () => budget.take("interactive", deadline)));
    const { granted, errors } = await settle(takes);
    expect(granted).toBe(30);
    expect(errors).toHaveLength(90);
    for (const error of errors) {
      expectRateLimited(app, error, { min: 1, max: 61 });
      expect((error as InstanceType<App["errors"]["TrilletError"]>).detail.ownShare).toBeUndefined();
    }
    // The count is in Redis, not in the instances' fallbacks.
    expect(await raw.zCard(`${prefix}budget:{${name}}:sent`)).toBe(30);
  });

  it("holds one person to their fair share across instances, while a colleague's fresh read still goes", async () => {
    const name = uniqueName("fair");
    const [a, b] = instances(name, { perMinute: 60, burst: 60, perSpender: 30 }, 2);
    const alice = { user: "alice@acme.test", workspace: "ws_acme" };
    const bob = { user: "bob@globex.test", workspace: "ws_globex" };
    const spends = [a!, b!].flatMap((budget) =>
      Array.from({ length: 20 }, () => budget.take("interactive", soon(300), undefined, alice)),
    );
    const { granted, errors } = await settle(spends);
    expect(granted).toBe(30);
    for (const error of errors) {
      expectRateLimited(app, error, { min: 50, max: 61 });
      // Refused for alice's share, not the key's: a colleague waiting on the same read must not inherit it.
      expect((error as InstanceType<App["errors"]["TrilletError"]>).detail.ownShare).toBe(true);
    }
    await expect(b!.take("interactive", soon(300), undefined, bob)).resolves.toBeUndefined();
    // The person's window is keyed by an HMAC of who they are, never their email.
    const keys = await raw.keys(`${prefix}budget:{${name}}:spent:*`);
    expect(keys).toHaveLength(4);
    expect(keys.join(" ")).not.toContain("alice");
  });

  it("limits a burst: 10 at once, the 11th is rate limited, and tokens come back at perMinute/60 a second", async () => {
    const [first, second] = instances(uniqueName("burst"), { perMinute: 60, burst: 10, perSpender: 1_000 }, 2);
    const { granted } = await settle(Array.from({ length: 10 }, () => first!.take("interactive", soon(100))));
    expect(granted).toBe(10);
    const eleventh = await settle([second!.take("interactive", soon(100))]);
    expect(eleventh.granted).toBe(0);
    // One token a second: the wait is at most one second.
    expectRateLimited(app, eleventh.errors[0], { min: 1, max: 1 });
    // ...and waiting for it works (the window itself still has 50 free).
    await expect(second!.take("interactive", soon(3_000))).resolves.toBeUndefined();
  });

  it("background leaves a quarter of the window to interactive reads (perMinute 8: background stops at 6)", async () => {
    // A burst larger than the window, so only the window's reserve is at play: background needs 3 free slots.
    const limits = { perMinute: 8, burst: 16, perSpender: 1_000 };
    const [a, b, c] = instances(uniqueName("reserve"), limits, 3);
    const background = await settle(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a! : b!).take("background", soon(300))),
    );
    expect(background.granted).toBe(6);
    for (const error of background.errors) expectRateLimited(app, error, { min: 1, max: 61 });
    await expect(c!.take("interactive", soon(300))).resolves.toBeUndefined();
    await expect(a!.take("interactive", soon(300))).resolves.toBeUndefined();
    expect(await c!.headroom()).toBe(0);
    const full = await settle([b!.take("interactive", soon(300))]);
    expectRateLimited(app, full.errors[0], { min: 50, max: 61 });
  });

  it("background leaves half the burst to interactive reads ({8, 8}: background stops at 4, like MemoryBudget)", async () => {
    // needs(): background needs 1 + floor(burst / 2) = 5 tokens, so it stops with 4 left for interactive reads.
    const limits = { perMinute: 8, burst: 8, perSpender: 1_000 };
    const [a, b] = instances(uniqueName("half-burst"), limits, 2);
    const background = await settle(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a! : b!).take("background", soon(300))),
    );
    const oracle = new app.memory.MemoryBudget(limits);
    let oracleGranted = 0;
    for (let i = 0; i < 8; i++) if (oracle.tryTake("background").ms === 0) oracleGranted += 1;
    expect(oracleGranted).toBe(4);
    expect(background.granted).toBe(oracleGranted);
    // The four tokens left are for interactive reads, from any instance.
    const interactive = await settle(
      Array.from({ length: 4 }, (_, i) => (i % 2 ? a! : b!).take("interactive", soon(300))),
    );
    expect(interactive.granted).toBe(4);
  });

  it("a pause on one instance stops every instance, and headroom is 0 everywhere while it lasts", async () => {
    const [a, b, c] = instances(uniqueName("pause"), { perMinute: 100, burst: 100, perSpender: 1_000 }, 3);
    await a!.pause(5);
    const interactive = await settle([b!.take("interactive", soon(500))]);
    expectRateLimited(app, interactive.errors[0], { min: 4, max: 5 });
    const background = await settle([c!.take("background", soon(500))]);
    expectRateLimited(app, background.errors[0], { min: 4, max: 5 });
    expect(await c!.headroom()).toBe(0);
  });

  it("a shorter pause from another instance does not cut a longer one short", async () => {
    const [a, b, c] = instances(uniqueName("pause-order"), { perMinute: 100, burst: 100, perSpender: 1_000 }, 3);
    await a!.pause(10);
    await b!.pause(1);
    const take = await settle([c!.take("interactive", soon(500))]);
    expectRateLimited(app, take.errors[0], { min: 9, max: 10 });
  });

  it("clamps a pause to 120 s (Retry-After: 3600 must not stop the product for an hour)", async () => {
    const name = uniqueName("pause-clamp");
    const [a, b] = instances(name, { perMinute: 100, burst: 100, perSpender: 1_000 }, 2);
    await a!.pause(3600);
    const take = await settle([b!.take("interactive", soon(500))]);
    expectRateLimited(app, take.errors[0], { min: 119, max: 120 });
    const pttl = await raw.pTTL(`${prefix}budget:{${name}}:pause`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(121_000);
  });

  it("headroom is shared: after 3 takes on instance A, instance B sees (N-3)/N", async () => {
    const [a, b] = instances(uniqueName("headroom"), { perMinute: 20, burst: 20, perSpender: 1_000 }, 2);
    expect(await b!.headroom()).toBe(1);
    for (let i = 0; i < 3; i++) await a!.take("interactive", soon(300));
    expect(await b!.headroom()).toBe(17 / 20);
    expect(await a!.headroom()).toBe(17 / 20);
  });

  it("a cold instance's first take is counted in Redis, not in its own fallback", async () => {
    // A new instance: a new connection that has not finished connecting when the first request arrives.
    const cold = await loadApp({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
    const name = uniqueName("cold");
    const budget = new cold.budgets.SharedBudget(name, { perMinute: 10, burst: 10, perSpender: 1_000 });
    await budget.take("interactive", soon(1_000));
    expect(await raw.zCard(`${prefix}budget:{${name}}:sent`)).toBe(1);
    // The budget stands for every instance: a fresh instance sees the request in its headroom.
    expect(await new cold.budgets.SharedBudget(name, { perMinute: 10, burst: 10, perSpender: 1_000 }).headroom()).toBe(
      9 / 10,
    );
  });
});

describe("SharedBudget on a Redis of its own (keys, outage, recovery)", () => {
  const prefix = newPrefix();
  let own: RunningRedis;

  beforeAll(async () => {
    own = await startRedis({ port: 0, quiet: true });
  });

  afterAll(async () => {
    forgetProcessState();
    await own?.stop();
  });

  it("writes only keys under the prefix, each with a TTL, and never the API key's text in a name or a value", async () => {
    const apiKey = `sk_live_${randomUUID().replaceAll("-", "")}`;
    const app = await loadApp({
      REDIS_URL: own.url,
      REDIS_KEY_PREFIX: prefix,
      TRILLET_API_KEY: apiKey,
      TRILLET_RATE_LIMIT_PER_MINUTE: "30",
      TRILLET_BURST: "10",
    });
    expect(await app.state.sharedStateHealth()).toEqual({ store: "redis", status: "ok" });
    const budget = app.budgets.budgetFor(apiKey);
    expect(budget).toBeInstanceOf(app.budgets.SharedBudget);
    expect(budget.limits).toEqual({ perMinute: 30, burst: 10, perSpender: 15 });
    // One budget per key in this process.
    expect(app.budgets.budgetFor(apiKey)).toBe(budget);
    for (let i = 0; i < 3; i++) await budget.take("interactive", soon(300));
    await budget.take("background", soon(300));
    expect(await budget.headroom()).toBe(26 / 30);
    await budget.pause(2);

    const raw = await rawClient(own.url);
    try {
      const dump = await dumpAll(raw);
      expect(dump.map(({ key }) => key).sort()).toEqual(
        ["bucket", "pause", "sent"].map((part) => `${prefix}budget:{${app.sealed.keyName(apiKey)}}:${part}`),
      );
      const secretParts = [apiKey, apiKey.slice("sk_live_".length), apiKey.slice(-16)];
      for (const { key, pttl, values } of dump) {
        expect(key.startsWith(prefix)).toBe(true);
        expect(pttl).toBeGreaterThan(0);
        expect(pttl).toBeLessThanOrEqual(61_000);
        for (const part of secretParts) {
          expect(key).not.toContain(part);
          for (const value of values) expect(value).not.toContain(part);
        }
      }
    } finally {
      raw.destroy();
    }
  });

  it("with Redis down, takes come from a quarter of the budget; after a restart, health and takes recover", async () => {
    const app = await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix });
    expect(await app.state.sharedStateHealth()).toEqual({ store: "redis", status: "ok" });
    const limits = { perMinute: 40, burst: 40, perSpender: 1_000 };
    const budget = new app.budgets.SharedBudget(uniqueName("outage"), limits);
    expect(budget.fallback.limits).toEqual({ perMinute: 10, burst: 10, perSpender: 250 });

    own.kill();
    const down = await pollHealth(app, "degraded", 5_000);
    expect(down).toMatchObject({ store: "redis", status: "degraded" });
    expect(down.store === "redis" && down.status === "degraded" && down.reason.length).toBeGreaterThan(0);
    expect(JSON.stringify(down)).not.toContain("redis://");

    const deadline = soon(300);
    const outage = await settle(Array.from({ length: 11 }, () => budget.take("interactive", deadline)));
    expect(outage.granted).toBe(10);
    expect(outage.errors).toHaveLength(1);
    expectRateLimited(app, outage.errors[0], { min: 1, max: 61 });
    // Nothing else leaks out of a budget while Redis is away.
    await expect(budget.headroom()).resolves.toBe(0);
    const other = new app.budgets.SharedBudget(uniqueName("outage-other"), limits);
    await expect(other.headroom()).resolves.toBe(1);
    await expect(other.pause(0)).resolves.toBeUndefined();
    const background = await settle(Array.from({ length: 12 }, () => other.take("background", soon(200))));
    for (const error of background.errors) expectRateLimited(app, error, { min: 1, max: 61 });

    await own.restart();
    const back = await pollHealth(app, "ok", 10_000);
    expect(back).toEqual({ store: "redis", status: "ok" });

    // The fallback of `budget` is spent: a grant now can only come from Redis (a new, empty server).
    await expect(budget.take("interactive", soon(300))).resolves.toBeUndefined();
    const afterName = uniqueName("after-restart");
    await new app.budgets.SharedBudget(afterName, limits).take("interactive", soon(300));
    const raw = await rawClient(own.url);
    try {
      expect(await raw.zCard(`${prefix}budget:{${afterName}}:sent`)).toBe(1);
    } finally {
      raw.destroy();
    }
  });

  it("a Redis that stops answering counts as down: takes fall back and health says degraded", async () => {
    const app = await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix });
    expect(await app.state.sharedStateHealth()).toEqual({ store: "redis", status: "ok" });
    const budget = new app.budgets.SharedBudget(uniqueName("slow"), { perMinute: 40, burst: 40, perSpender: 1_000 });
    const raw = await rawClient(own.url);
    try {
      // The connection stays up but nothing answers for 2 s: every command past commandTimeoutMs (500 ms)
      // must count as Redis trouble, so the take is granted by this instance's fallback.
      await raw.sendCommand(["CLIENT", "PAUSE", "2000", "ALL"]);
      const [health, slow] = await Promise.all([
        app.state.sharedStateHealth(),
        settle([budget.take("interactive", soon(1_000))]),
      ]);
      expect(slow.errors).toEqual([]);
      expect(slow.granted).toBe(1);
      expect(budget.fallback.headroomNow()).toBe(9 / 10);
      expect(health).toMatchObject({ store: "redis", status: "degraded" });
    } finally {
      await raw.sendCommand(["CLIENT", "UNPAUSE"]).catch(() => undefined);
      raw.destroy();
    }
  });
});
