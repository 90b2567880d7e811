import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type RunningRedis } from "@/dev/services/redis";
import { redisTestUrl } from "./support/redis";
import { delay, forgetProcessState, managedEnv, newPrefix, rawClient, type RawClient } from "./support/process-state";

// takeUserRequest against a real redis-server. Its in-memory fallback lives on
// globalThis.__batchConsoleUserLimiter: dropping it before each call makes every call a request
// on a fresh instance, so only Redis can be doing the counting.

type App = {
  state: typeof import("@/lib/state/redis");
  limiter: typeof import("@/lib/api/user-rate-limit");
  sealed: typeof import("@/lib/state/sealed");
};

const slots = globalThis as typeof globalThis & {
  __batchConsoleRedis?: { client: { destroy(): void } };
  __batchConsoleBudgets?: unknown;
  __batchConsoleReads?: unknown;
  __batchConsoleUserLimiter?: unknown;
};

const env = managedEnv(["REDIS_URL", "REDIS_KEY_PREFIX"]);

async function loadApp(settings: Record<string, string>): Promise<App> {
  env.reset(settings);
  return {
    state: await import("@/lib/state/redis"),
    limiter: await import("@/lib/api/user-rate-limit"),
    sealed: await import("@/lib/state/sealed"),
  };
}

const uniqueEmail = (name: string) => `${name}.${randomUUID().slice(0, 8)}@acme.test`;

/** A request on an instance of its own: no in-memory count is carried over from earlier requests. */
function onNewInstance(app: App, user: string, perMinute: number): Promise<number> {
  delete slots.__batchConsoleUserLimiter;
  return app.limiter.takeUserRequest(user, perMinute);
}

async function keysMatching(redis: RawClient, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for await (const keys of redis.scanIterator({ MATCH: pattern, COUNT: 100 })) found.push(...keys);
  return found.sort();
}

async function pollHealth(app: App, status: "ok" | "degraded", withinMs: number) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const health = await app.state.sharedStateHealth();
    if ((health.store === "redis" && health.status === status) || Date.now() > deadline) return health;
    await delay(100);
  }
}

function expectWait(wait: number): void {
  expect(Number.isInteger(wait)).toBe(true);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
}

afterAll(() => {
  env.restore();
});

describe("takeUserRequest on the run's Redis", () => {
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

  it("counts across instances: exactly perMinute requests, then a wait of 1..60 s", async () => {
    const user = uniqueEmail("ann");
    for (let i = 0; i < 5; i++) expect(await onNewInstance(app, user, 5)).toBe(0);
    const wait = await onNewInstance(app, user, 5);
    expectWait(wait);
    // A refused request is not counted, and stays refused.
    expectWait(await onNewInstance(app, user, 5));
    expect(await raw.zCard(`${prefix}user-rate:${app.sealed.keyName(user)}`)).toBe(5);
  });

  it("grants exactly perMinute of many concurrent requests from several instances", async () => {
    const user = uniqueEmail("burst");
    const waits = await Promise.all(Array.from({ length: 25 }, () => onNewInstance(app, user, 7)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(7);
    for (const wait of waits.filter((wait) => wait !== 0)) expectWait(wait);
  });

  it("keeps people apart: one person's limit does not touch another's", async () => {
    const ann = uniqueEmail("ann");
    const bob = uniqueEmail("bob");
    for (let i = 0; i < 3; i++) expect(await onNewInstance(app, ann, 3)).toBe(0);
    expectWait(await onNewInstance(app, ann, 3));
    for (let i = 0; i < 3; i++) expect(await onNewInstance(app, bob, 3)).toBe(0);
    expectWait(await onNewInstance(app, bob, 3));
  });

  it("names its key by an HMAC of the person, with a TTL of at most the window", async () => {
    const user = uniqueEmail("private.person");
    expect(await onNewInstance(app, user, 10)).toBe(0);
    const key = `${prefix}user-rate:${app.sealed.keyName(user)}`;
    expect(await raw.exists(key)).toBe(1);
    const pttl = await raw.pTTL(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
    const [local, domain] = user.split("@") as [string, string];
    for (const found of await keysMatching(raw, `${prefix}*`)) {
      for (const part of [user, local, domain, "private.person"]) expect(found).not.toContain(part);
    }
    for (const member of await raw.zRange(key, 0, -1)) expect(member).not.toContain(local);
  });

  it("a cold instance's first request is counted in Redis", async () => {
    // A new instance: a new connection that has not finished connecting when the first request arrives.
    const cold = await loadApp({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
    const user = uniqueEmail("cold");
    expect(await cold.limiter.takeUserRequest(user, 2)).toBe(0);
    expect(await raw.zCard(`${prefix}user-rate:${cold.sealed.keyName(user)}`)).toBe(1);
    expect(await onNewInstance(cold, user, 2)).toBe(0);
    expectWait(await onNewInstance(cold, user, 2));
  });
});

describe("takeUserRequest without Redis (REDIS_URL unset)", () => {
  it("counts in this process: exactly perMinute requests, then a wait of 1..60 s; people apart", async () => {
    const app = await loadApp({ REDIS_KEY_PREFIX: newPrefix() });
    const ann = uniqueEmail("ann");
    const bob = uniqueEmail("bob");
    const waits = await Promise.all(Array.from({ length: 9 }, () => app.limiter.takeUserRequest(ann, 5)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    for (const wait of waits.filter((wait) => wait !== 0)) expectWait(wait);
    for (let i = 0; i < 5; i++) expect(await app.limiter.takeUserRequest(bob, 5)).toBe(0);
    expectWait(await app.limiter.takeUserRequest(bob, 5));
  });

  it("MemoryUserLimiter frees a slot when its request leaves the one-minute window", async () => {
    const app = await loadApp({ REDIS_KEY_PREFIX: newPrefix() });
    const limiter = new app.limiter.MemoryUserLimiter();
    const start = 1_000_000;
    expect(limiter.take("u", 2, start)).toBe(0);
    expect(limiter.take("u", 2, start + 30_000)).toBe(0);
    expect(limiter.take("u", 2, start + 30_001)).toBe(30);
    expect(limiter.take("u", 2, start + 59_999)).toBe(1);
    expect(limiter.take("u", 2, start + 60_000)).toBe(0);
    expect(limiter.take("u", 2, start + 60_001)).toBe(30);
  });
});

describe("takeUserRequest on a Redis of its own that goes down", () => {
  const prefix = newPrefix();
  let own: RunningRedis;

  beforeAll(async () => {
    own = await startRedis({ port: 0, quiet: true });
  });

  afterAll(async () => {
    forgetProcessState();
    await own?.stop();
  });

  it("falls back to counting in this process, and counts in Redis again after a restart", async () => {
    const app = await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix });
    expect(await app.state.sharedStateHealth()).toEqual({ store: "redis", status: "ok" });
    own.kill();
    expect(await pollHealth(app, "degraded", 5_000)).toMatchObject({ store: "redis", status: "degraded" });

    const user = uniqueEmail("outage");
    delete slots.__batchConsoleUserLimiter;
    for (let i = 0; i < 4; i++) expect(await app.limiter.takeUserRequest(user, 4)).toBe(0);
    expectWait(await app.limiter.takeUserRequest(user, 4));

    await own.restart();
    expect(await pollHealth(app, "ok", 10_000)).toEqual({ store: "redis", status: "ok" });
    const after = uniqueEmail("after");
    for (let i = 0; i < 2; i++) expect(await onNewInstance(app, after, 2)).toBe(0);
    expectWait(await onNewInstance(app, after, 2));
    const raw = await rawClient(own.url);
    try {
      expect(await raw.zCard(`${prefix}user-rate:${app.sealed.keyName(after)}`)).toBe(2);
    } finally {
      raw.destroy();
    }
  });
});
