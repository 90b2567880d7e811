import "server-only";
import { getConfig } from "@/lib/config";
import { sharedKey, withRedis, type SharedRedis } from "@/lib/state/redis";
import { luaScript, runScript } from "@/lib/state/scripts";

/**
 * The few operations the search index needs from shared state: Redis when REDIS_URL is set, this
 * process's memory otherwise. While Redis does not answer, an instance indexes on its own in memory
 * (the index is a cache of Trillet's data: losing it costs requests, never correctness).
 */
export type SearchKv = {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  setField(key: string, field: string, value: string, ttlMs: number): Promise<void>;
  getFields(key: string, fields: string[]): Promise<(string | undefined)[]>;
  /** Takes a lock when it is free; renews it when `token` already holds it. */
  lock(key: string, token: string, ttlMs: number): Promise<boolean>;
  unlock(key: string, token: string): Promise<void>;
};

const lockScript = luaScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1
`);

const unlockScript = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

type Entry = { value?: string; fields?: Map<string, string>; expiresAt: number };

// On globalThis: pages and route handlers are separate bundles, and one process holds one index.
const slot = globalThis as typeof globalThis & { __batchConsoleSearchKv?: Map<string, Entry> };

function live(key: string): Entry | undefined {
  const entries = (slot.__batchConsoleSearchKv ??= new Map());
  const entry = entries.get(key);
  if (entry && entry.expiresAt <= Date.now()) entries.delete(key);
  return entry && entry.expiresAt > Date.now() ? entry : undefined;
}

function put(key: string, entry: Entry): void {
  (slot.__batchConsoleSearchKv ??= new Map()).set(key, entry);
}

export const memoryKv: SearchKv = {
  get: async (key) => live(key)?.value,
  set: async (key, value, ttlMs) => put(key, { value, expiresAt: Date.now() + ttlMs }),
  setField: async (key, field, value, ttlMs) => {
    const fields = live(key)?.fields ?? new Map<string, string>();
    fields.set(field, value);
    put(key, { fields, expiresAt: Date.now() + ttlMs });
  },
  getFields: async (key, fields) => {
    const all = live(key)?.fields;
    return fields.map((field) => all?.get(field));
  },
  lock: async (key, token, ttlMs) => {
    const holder = live(key)?.value;
    if (holder !== undefined && holder !== token) return false;
    put(key, { value: token, expiresAt: Date.now() + ttlMs });
    return true;
  },
  unlock: async (key, token) => {
    if (live(key)?.value === token) slot.__batchConsoleSearchKv?.delete(key);
  },
};

/** Runs `operation` on Redis; `fallback` when it does not answer. */
async function either<T>(
  operation: (redis: SharedRedis) => Promise<{ value: T }>,
  fallback: () => Promise<T>,
): Promise<T> {
  const answer = await withRedis(operation);
  return answer ? answer.value : fallback();
}

const redisKv: SearchKv = {
  get: (key) =>
    either(
      async (redis) => ({ value: (await redis.get(sharedKey(key))) ?? undefined }),
      () => memoryKv.get(key),
    ),
  set: (key, value, ttlMs) =>
    either(
      async (redis) => ({ value: void (await redis.set(sharedKey(key), value, { PX: ttlMs })) }),
      () => memoryKv.set(key, value, ttlMs),
    ),
  setField: (key, field, value, ttlMs) =>
    either(
      async (redis) => ({
        value: void (await redis.multi().hSet(sharedKey(key), field, value).pExpire(sharedKey(key), ttlMs).exec()),
      }),
      () => memoryKv.setField(key, field, value, ttlMs),
    ),
  getFields: (key, fields) =>
    fields.length === 0
      ? Promise.resolve([])
      : either(
          async (redis) => ({
            value: (await redis.hmGet(sharedKey(key), fields)).map((value) => value ?? undefined),
          }),
          () => memoryKv.getFields(key, fields),
        ),
  lock: (key, token, ttlMs) =>
    either(
      async (redis) => ({ value: (await runScript(redis, lockScript, [sharedKey(key)], [token, ttlMs])) === 1 }),
      () => memoryKv.lock(key, token, ttlMs),
    ),
  unlock: (key, token) =>
    either(
      async (redis) => ({ value: void (await runScript(redis, unlockScript, [sharedKey(key)], [token])) }),
      () => memoryKv.unlock(key, token),
    ),
};

export const searchKv = (): SearchKv => (getConfig().sharedState.store === "redis" ? redisKv : memoryKv);
