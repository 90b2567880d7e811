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

// sharedRead against a real redis-server. An "instance" is a caller with its own in-process
// coalescer: the map on globalThis.__batchConsoleReads is dropped before each such call, so two
// callers can only share a load through Redis.

type App = {
  state: typeof import("@/lib/state/redis");
  reads: typeof import("@/lib/state/shared-reads");
  errors: typeof import("@/lib/trillet/errors");
  sealed: typeof import("@/lib/state/sealed");
};
type TrilletErrorType = InstanceType<App["errors"]["TrilletError"]>;

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
    reads: await import("@/lib/state/shared-reads"),
    errors: await import("@/lib/trillet/errors"),
    sealed: await import("@/lib/state/sealed"),
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Runs `read` as a caller on an instance of its own: nothing in this process is shared with earlier callers. */
function onNewInstance<T>(read: () => Promise<T>): Promise<T> {
  delete slots.__batchConsoleReads;
  return read();
}

async function keysMatching(redis: RawClient, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for await (const keys of redis.scanIterator({ MATCH: pattern, COUNT: 100 })) found.push(...keys);
  return found.sort();
}

async function until(condition: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await delay(20);
  }
}

async function pollHealth(app: App, status: "ok" | "degraded", withinMs: number) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const health = await app.state.sharedStateHealth();
    if ((health.store === "redis" && health.status === status) || Date.now() > deadline) return health;
    await delay(100);
  }
}

afterAll(() => {
  env.restore();
});

describe("sharedRead on the run's Redis", () => {
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

  const options = { ttlMs: 2_000, lockMs: 2_000 };

  it("concurrent callers on 4 instances share one load; the others get the value through Redis", async () => {
    const kind = uniqueName("share");
    const scope = ["acme", "ws_acme", "key-name", "/v1/api/batch-calls/b1/calls?page=1"];
    let loads = 0;
    const load = async () => {
      loads += 1;
      await delay(150);
      return { page: 1, calls: [{ jobId: "job_1", status: "completed" }] };
    };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => onNewInstance(() => app.reads.sharedRead(kind, scope, options, load))),
    );
    expect(loads).toBe(1);
    for (const result of results) expect(result).toEqual({ page: 1, calls: [{ jobId: "job_1", status: "completed" }] });
    // Four distinct objects: one loaded, three unsealed from Redis (an in-process share would hand out one object).
    expect(new Set(results).size).toBe(4);
    // The lock is released once the value is there.
    expect(await keysMatching(raw, `${prefix}read:${kind}:*:lock`)).toEqual([]);
  });

  it("callers on one instance share one load in process as well", async () => {
    const kind = uniqueName("local");
    let loads = 0;
    const load = async () => {
      loads += 1;
      await delay(50);
      return { loads };
    };
    delete slots.__batchConsoleReads;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => app.reads.sharedRead(kind, ["ws_acme", "/x"], options, load)),
    );
    expect(loads).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it("reuses a success for ttlMs on every instance, then loads again", async () => {
    const kind = uniqueName("ttl");
    const scope = ["ws_acme", "/v1/api/batch/b2"];
    const ttl = { ttlMs: 300, lockMs: 2_000 };
    let loads = 0;
    const load = async () => ({ version: ++loads });
    expect(await onNewInstance(() => app.reads.sharedRead(kind, scope, ttl, load))).toEqual({ version: 1 });
    expect(await onNewInstance(() => app.reads.sharedRead(kind, scope, ttl, load))).toEqual({ version: 1 });
    expect(loads).toBe(1);

    const [valueKey] = await keysMatching(raw, `${prefix}read:${kind}:*:value`);
    expect(valueKey).toBeDefined();
    const pttl = await raw.pTTL(valueKey!);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(300);

    expect(await until(async () => (await raw.exists(valueKey!)) === 0, 2_000)).toBe(true);
    expect(await onNewInstance(() => app.reads.sharedRead(kind, scope, ttl, load))).toEqual({ version: 2 });
    expect(loads).toBe(2);
  });

  it("never answers one scope with another's value", async () => {
    const kind = uniqueName("scopes");
    const path = "/v1/api/batch/same-path";
    const scopeA = ["acme", "ws_acme", "key-a", path];
    const scopeB = ["globex", "ws_globex", "key-b", path];
    let loadsA = 0;
    let loadsB = 0;
    const loadA = async () => ({ workspace: "acme", n: ++loadsA });
    const loadB = async () => ({ workspace: "globex", n: ++loadsB });

    const [a1, b1] = await Promise.all([
      onNewInstance(() => app.reads.sharedRead(kind, scopeA, options, loadA)),
      onNewInstance(() => app.reads.sharedRead(kind, scopeB, options, loadB)),
    ]);
    expect(a1).toEqual({ workspace: "acme", n: 1 });
    expect(b1).toEqual({ workspace: "globex", n: 1 });
    // Both now cached: each scope still gets its own.
    expect(await onNewInstance(() => app.reads.sharedRead(kind, scopeB, options, loadB))).toEqual(b1);
    expect(await onNewInstance(() => app.reads.sharedRead(kind, scopeA, options, loadA))).toEqual(a1);
    // Same scope, another kind: another read.
    let otherKindLoads = 0;
    const other = await onNewInstance(() =>
      app.reads.sharedRead(`${kind}-other`, scopeA, options, async () => ({ other: ++otherKindLoads })),
    );
    expect(other).toEqual({ other: 1 });
    expect([loadsA, loadsB]).toEqual([1, 1]);
    expect(await keysMatching(raw, `${prefix}read:${kind}:*:value`)).toHaveLength(2);
    // Key names hold a digest of the scope, not the scope.
    for (const key of await keysMatching(raw, `${prefix}read:${kind}*`)) {
      for (const part of ["acme", "globex", "ws_", "key-a", "key-b", "same-path"]) expect(key).not.toContain(part);
    }
  });

  it("a failed load reaches its waiters on other instances as the same TrilletError; the next caller loads again", async () => {
    const kind = uniqueName("failure");
    const scope = ["ws_acme", "/v1/api/batch/b3"];
    const gate = deferred<never>();
    let loads = 0;
    const first = onNewInstance(() =>
      app.reads.sharedRead(kind, scope, options, () => {
        loads += 1;
        return gate.promise;
      }),
    );
    expect(await until(async () => (await keysMatching(raw, `${prefix}read:${kind}:*:lock`)).length === 1, 2_000)).toBe(
      true,
    );
    let waiterLoads = 0;
    const waiterLoad = async () => {
      waiterLoads += 1;
      return "a waiter loaded";
    };
    const waiters = [1, 2, 3].map(() => onNewInstance(() => app.reads.sharedRead(kind, scope, options, waiterLoad)));
    await delay(100); // The waiters have seen the lock.
    gate.reject(new app.errors.TrilletError("rate_limited", { status: 429, retryAfterSeconds: 7 }));

    const settled = await Promise.allSettled([first, ...waiters]);
    expect(loads).toBe(1);
    expect(waiterLoads).toBe(0);
    for (const result of settled) {
      expect(result.status).toBe("rejected");
      const error = (result as PromiseRejectedResult).reason as TrilletErrorType;
      expect(error).toBeInstanceOf(app.errors.TrilletError);
      expect(error.kind).toBe("rate_limited");
      expect(error.detail).toEqual({ status: 429, retryAfterSeconds: 7 });
    }
    // Failures are not cached: a new caller loads again.
    let retries = 0;
    const retried = await onNewInstance(() =>
      app.reads.sharedRead(kind, scope, options, async () => ({ retry: ++retries })),
    );
    expect(retried).toEqual({ retry: 1 });
    expect(await onNewInstance(() => app.reads.sharedRead(kind, scope, options, waiterLoad))).toEqual({ retry: 1 });
    expect(waiterLoads).toBe(0);
  });

  it("a refusal of the loader's own fair share is not handed to waiters: each loads under its own share", async () => {
    const kind = uniqueName("own-share");
    const scope = ["ws_acme", "/v1/api/batch/b5"];
    const gate = deferred<never>();
    const first = onNewInstance(() => app.reads.sharedRead(kind, scope, options, () => gate.promise));
    expect(await until(async () => (await keysMatching(raw, `${prefix}read:${kind}:*:lock`)).length === 1, 2_000)).toBe(
      true,
    );
    let waiterLoads = 0;
    const waiterLoad = async () => {
      waiterLoads += 1;
      await delay(50);
      return { loadedBy: "a colleague" };
    };
    // Two colleagues on other instances, one on the loader's own instance (it joins the load in process).
    const elsewhere = [1, 2].map(() => onNewInstance(() => app.reads.sharedRead(kind, scope, options, waiterLoad)));
    await delay(100);
    gate.reject(new app.errors.TrilletError("rate_limited", { retryAfterSeconds: 40, ownShare: true }));
    await expect(first).rejects.toMatchObject({ kind: "rate_limited", detail: { ownShare: true } });
    for (const value of await Promise.all(elsewhere)) expect(value).toEqual({ loadedBy: "a colleague" });
    expect(waiterLoads).toBe(1);
  });

  it("a load failing with a non-Trillet error is not handed to waiters: one of them loads in its place", async () => {
    const kind = uniqueName("crash");
    const scope = ["ws_acme", "/v1/api/batch/b4"];
    const gate = deferred<never>();
    const first = onNewInstance(() => app.reads.sharedRead(kind, scope, options, () => gate.promise));
    expect(await until(async () => (await keysMatching(raw, `${prefix}read:${kind}:*:lock`)).length === 1, 2_000)).toBe(
      true,
    );
    let waiterLoads = 0;
    const waiterLoad = async () => {
      waiterLoads += 1;
      await delay(50);
      return { loadedBy: "waiter" };
    };
    const waiters = [1, 2, 3].map(() => onNewInstance(() => app.reads.sharedRead(kind, scope, options, waiterLoad)));
    await delay(100);
    gate.reject(new Error("socket hang up"));
    await expect(first).rejects.toThrow("socket hang up");
    for (const value of await Promise.all(waiters)) expect(value).toEqual({ loadedBy: "waiter" });
    expect(waiterLoads).toBe(1);
  });

  it("a load that never finishes holds the others for lockMs at most, then they load themselves", async () => {
    const kind = uniqueName("stuck");
    const scope = ["ws_acme", "/v1/api/batch/b5"];
    const short = { ttlMs: 2_000, lockMs: 300 };
    const gate = deferred<string>();
    const stuck = onNewInstance(() => app.reads.sharedRead(kind, scope, short, () => gate.promise));
    expect(await until(async () => (await keysMatching(raw, `${prefix}read:${kind}:*:lock`)).length === 1, 2_000)).toBe(
      true,
    );
    let loads = 0;
    const value = await onNewInstance(() =>
      app.reads.sharedRead(kind, scope, short, async () => `own load ${++loads}`),
    );
    expect(value).toBe("own load 1");
    gate.resolve("late");
    expect(await stuck).toBe("late");
  });

  it("stores values sealed: no phone number, name or field name readable in Redis", async () => {
    const kind = uniqueName("sealed");
    const scope = ["ws_acme", "/v1/api/batch-calls/b6/calls?page=1"];
    const loaded = {
      calls: [{ jobId: "job_9", phone_number: "+14155550134", name: "Ada Lovelace", reason: "voicemail-full" }],
    };
    await onNewInstance(() => app.reads.sharedRead(kind, scope, options, async () => loaded));
    // And a failure, whose sealed error sits under its own key for the waiters.
    const failingScope = ["ws_acme", "/v1/api/batch-calls/b7/calls?page=1"];
    await expect(
      onNewInstance(() =>
        app.reads.sharedRead(kind, failingScope, options, async () => {
          throw new app.errors.TrilletError("upstream_error", { status: 503, cause: "+14155550134 unreachable" });
        }),
      ),
    ).rejects.toMatchObject({ kind: "upstream_error" });

    const keys = await keysMatching(raw, `${prefix}read:${kind}:*`);
    const valueKeys = keys.filter((key) => key.endsWith(":value"));
    const errorKeys = keys.filter((key) => key.includes(":error:"));
    expect(valueKeys).toHaveLength(1);
    expect(errorKeys).toHaveLength(1);
    for (const key of keys) {
      expect(await raw.pTTL(key)).toBeGreaterThan(0);
      const text = (await raw.get(key)) ?? "";
      for (const plain of ["+14155550134", "4155550134", "Ada Lovelace", "phone_number", "voicemail", "job_9"]) {
        expect(text).not.toContain(plain);
      }
      for (const plain of ["upstream_error", "unreachable"]) expect(text).not.toContain(plain);
    }
    // What we looked at really is the value, sealed to its key.
    const sealedValue = (await raw.get(valueKeys[0]!))!;
    expect(app.sealed.unseal(valueKeys[0]!, sealedValue)).toEqual({ value: loaded });
    // Copied under another key, it does not open.
    expect(app.sealed.unseal(errorKeys[0]!, sealedValue)).toBeUndefined();
  });

  it("with ttlMs 0 only loads in flight on one instance are shared, and nothing is written to Redis", async () => {
    const kind = uniqueName("no-ttl");
    let loads = 0;
    const load = async () => {
      loads += 1;
      await delay(30);
      return loads;
    };
    delete slots.__batchConsoleReads;
    const same = await Promise.all(
      [1, 2, 3].map(() => app.reads.sharedRead(kind, ["s"], { ttlMs: 0, lockMs: 1_000 }, load)),
    );
    expect(same).toEqual([1, 1, 1]);
    expect(await app.reads.sharedRead(kind, ["s"], { ttlMs: 0, lockMs: 1_000 }, load)).toBe(2);
    expect(await keysMatching(raw, `${prefix}read:${kind}*`)).toEqual([]);
  });

  it("a cold instance's first read is shared through Redis", async () => {
    // A new instance: a new connection that has not finished connecting when the first read arrives.
    const cold = await loadApp({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
    const kind = uniqueName("cold");
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cold.reads.sharedRead(kind, ["ws_acme", "/cold"], options, load)).toEqual({ n: 1 });
    expect(await keysMatching(raw, `${prefix}read:${kind}:*:value`)).toHaveLength(1);
    expect(await onNewInstance(() => cold.reads.sharedRead(kind, ["ws_acme", "/cold"], options, load))).toEqual({
      n: 1,
    });
    expect(loads).toBe(1);
  });
});

describe("sharedRead without Redis (REDIS_URL unset)", () => {
  it("coalesces in this process, reuses a success for ttlMs, and keeps scopes apart", async () => {
    const app = await loadApp({ REDIS_KEY_PREFIX: newPrefix() });
    const kind = uniqueName("memory");
    const options = { ttlMs: 5_000, lockMs: 1_000 };
    let loads = 0;
    const load = async () => {
      loads += 1;
      await delay(30);
      return { n: loads };
    };
    const results = await Promise.all([1, 2, 3].map(() => app.reads.sharedRead(kind, ["a"], options, load)));
    expect(loads).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(await app.reads.sharedRead(kind, ["a"], options, load)).toEqual({ n: 1 });
    expect(await app.reads.sharedRead(kind, ["b"], options, load)).toEqual({ n: 2 });
    expect(loads).toBe(2);
  });
});

describe("sharedRead on a Redis of its own that goes down", () => {
  const prefix = newPrefix();
  let own: RunningRedis;

  beforeAll(async () => {
    own = await startRedis({ port: 0, quiet: true });
  });

  afterAll(async () => {
    forgetProcessState();
    await own?.stop();
  });

  it("still loads (coalesced in process) and passes TrilletErrors through; shares again after a restart", async () => {
    const app = await loadApp({ REDIS_URL: own.url, REDIS_KEY_PREFIX: prefix });
    expect(await app.state.sharedStateHealth()).toEqual({ store: "redis", status: "ok" });
    const options = { ttlMs: 2_000, lockMs: 2_000 };
    own.kill();
    expect(await pollHealth(app, "degraded", 5_000)).toMatchObject({ store: "redis", status: "degraded" });

    let loads = 0;
    const load = async () => {
      loads += 1;
      await delay(30);
      return { n: loads };
    };
    delete slots.__batchConsoleReads;
    const results = await Promise.all(
      [1, 2, 3].map(() => app.reads.sharedRead("down", ["ws_acme", "/a"], options, load)),
    );
    expect(loads).toBe(1);
    for (const result of results) expect(result).toEqual({ n: 1 });
    // Within the TTL, a later read on this instance is its own cache's, as without Redis.
    expect(await app.reads.sharedRead("down", ["ws_acme", "/a"], options, load)).toEqual({ n: 1 });
    expect(loads).toBe(1);

    const failure = app.reads.sharedRead("down", ["ws_acme", "/b"], options, async () => {
      throw new app.errors.TrilletError("timeout");
    });
    await expect(failure).rejects.toBeInstanceOf(app.errors.TrilletError);
    await expect(failure).rejects.toMatchObject({ kind: "timeout" });

    await own.restart();
    expect(await pollHealth(app, "ok", 10_000)).toEqual({ store: "redis", status: "ok" });
    expect(await onNewInstance(() => app.reads.sharedRead("down", ["ws_acme", "/c"], options, load))).toEqual({ n: 2 });
    expect(await onNewInstance(() => app.reads.sharedRead("down", ["ws_acme", "/c"], options, load))).toEqual({ n: 2 });
    expect(loads).toBe(2);
    const raw = await rawClient(own.url);
    try {
      expect(await keysMatching(raw, `${prefix}read:down:*:value`)).toHaveLength(1);
    } finally {
      raw.destroy();
    }
  });
});
