import "server-only";
import { getConfig } from "@/lib/config";
import { errorBrand } from "@/lib/runtime/error-brand";
import { sharedKey, withRedis, type SharedRedis } from "./redis";
import { luaScript, runScript, type LuaScript } from "./scripts";

/**
 * Records that must be the same on every instance and outlive a request (export jobs and their
 * files). Unlike caches and budgets, these have no per-instance fallback: while Redis does not
 * answer, an operation throws StoreUnavailable and the caller says "try again" instead of
 * answering from one instance's memory. Without REDIS_URL (the demo) they live in this process.
 */
const brand = errorBrand("StoreUnavailable");

export class StoreUnavailable extends Error {
  constructor() {
    super("The shared store (Redis) is not answering.");
    this.name = "StoreUnavailable";
    brand.mark(this);
  }
}

export const isStoreUnavailable = (error: unknown): error is StoreUnavailable => brand.is(error);

export type DurableStore = {
  get(key: string): Promise<string | undefined>;
  /** Returns false when `onlyIfAbsent` and the key exists. */
  set(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<boolean>;
  delete(key: string): Promise<void>;
  touch(keys: string[], ttlMs: number): Promise<void>;
  /** Adds to a list ordered by score, trimmed to its `keep` highest. */
  addToIndex(key: string, member: string, score: number, keep: number, ttlMs: number): Promise<void>;
  /** Members by score, highest first. */
  readIndex(key: string, count: number): Promise<string[]>;
  /** Sets fields of a hash, which expires `ttlMs` after this write. */
  setFields(key: string, fields: Map<string, string>, ttlMs: number): Promise<void>;
  /** The values of `fields` in a hash, in order; undefined for a missing one. */
  getFields(key: string, fields: string[]): Promise<(string | undefined)[]>;
  runScript(script: LuaScript, keys: string[], args: (string | number)[], inMemory: () => unknown): Promise<unknown>;
};

const indexScript = luaScript(`
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1 - tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
`);

async function must<T>(operation: (redis: SharedRedis) => Promise<T>): Promise<T> {
  const answer = await withRedis(async (redis) => ({ value: await operation(redis) }));
  if (!answer) throw new StoreUnavailable();
  return answer.value;
}

const redisStore: DurableStore = {
  get: (key) => must((redis) => redis.get(sharedKey(key))).then((value) => value ?? undefined),
  set: (key, value, ttlMs, onlyIfAbsent = false) =>
    must((redis) => redis.set(sharedKey(key), value, onlyIfAbsent ? { PX: ttlMs, NX: true } : { PX: ttlMs })).then(
      (answer) => answer === "OK",
    ),
  delete: (key) => must((redis) => redis.del(sharedKey(key))).then(() => undefined),
  touch: async (keys, ttlMs) => {
    if (keys.length === 0) return;
    await must((redis) => {
      const batch = redis.multi();
      for (const key of keys) batch.pExpire(sharedKey(key), ttlMs);
      return batch.exec();
    });
  },
  addToIndex: (key, member, score, keep, ttlMs) =>
    must((redis) => runScript(redis, indexScript, [sharedKey(key)], [member, score, keep, ttlMs])).then(
      () => undefined,
    ),
  readIndex: (key, count) => must((redis) => redis.zRange(sharedKey(key), 0, count - 1, { REV: true })),
  setFields: async (key, fields, ttlMs) => {
    if (fields.size === 0) return;
    await must((redis) => redis.multi().hSet(sharedKey(key), fields).pExpire(sharedKey(key), ttlMs).exec());
  },
  getFields: async (key, fields) => {
    if (fields.length === 0) return [];
    const values = await must((redis) => redis.hmGet(sharedKey(key), fields));
    return values.map((value) => value ?? undefined);
  },
  runScript: (script, keys, args) =>
    must((redis) =>
      runScript(
        redis,
        script,
        keys.map((key) => sharedKey(key)),
        args,
      ),
    ),
};

type Entry =
  | { value: string; expiresAt: number }
  | { index: Map<string, number>; expiresAt: number }
  | { fields: Map<string, string>; expiresAt: number };

// On globalThis: pages and route handlers are separate bundles, and one process must hold one store.
const slot = globalThis as typeof globalThis & { __batchConsoleDurable?: Map<string, Entry> };

function memoryEntries(): Map<string, Entry> {
  return (slot.__batchConsoleDurable ??= new Map());
}

function live(key: string): Entry | undefined {
  const entries = memoryEntries();
  const entry = entries.get(key);
  if (entry && entry.expiresAt <= Date.now()) {
    entries.delete(key);
    return undefined;
  }
  return entry;
}

const memoryStore: DurableStore = {
  get: async (key) => {
    const entry = live(key);
    return entry && "value" in entry ? entry.value : undefined;
  },
  set: async (key, value, ttlMs, onlyIfAbsent = false) => {
    if (onlyIfAbsent && live(key)) return false;
    memoryEntries().set(key, { value, expiresAt: Date.now() + ttlMs });
    return true;
  },
  delete: async (key) => {
    memoryEntries().delete(key);
  },
  touch: async (keys, ttlMs) => {
    for (const key of keys) {
      const entry = live(key);
      if (entry) entry.expiresAt = Date.now() + ttlMs;
    }
  },
  addToIndex: async (key, member, score, keep, ttlMs) => {
    const existing = live(key);
    const index = existing && "index" in existing ? existing.index : new Map<string, number>();
    index.set(member, score);
    const kept = [...index].sort((a, b) => b[1] - a[1]).slice(0, keep);
    memoryEntries().set(key, { index: new Map(kept), expiresAt: Date.now() + ttlMs });
  },
  readIndex: async (key, count) => {
    const entry = live(key);
    if (!entry || !("index" in entry)) return [];
    return [...entry.index]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([member]) => member);
  },
  setFields: async (key, fields, ttlMs) => {
    if (fields.size === 0) return;
    const existing = live(key);
    const all = existing && "fields" in existing ? existing.fields : new Map<string, string>();
    for (const [field, value] of fields) all.set(field, value);
    memoryEntries().set(key, { fields: all, expiresAt: Date.now() + ttlMs });
  },
  getFields: async (key, fields) => {
    const entry = live(key);
    return fields.map((field) => (entry && "fields" in entry ? entry.fields.get(field) : undefined));
  },
  runScript: async (_script, _keys, _args, inMemory) => inMemory(),
};

/** Redis when REDIS_URL is set, else this process's memory (the demo: one instance, gone on restart). */
export function durableStore(): DurableStore {
  return getConfig().sharedState.store === "redis" ? redisStore : memoryStore;
}
