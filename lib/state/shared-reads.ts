import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { getConfig } from "@/lib/config";
import { Coalescer } from "@/lib/trillet/coalesce";
import { isOwnShareRefusal, isTrilletError, TrilletError, type TrilletErrorKind } from "@/lib/trillet/errors";
import { sharedKey, withRedis } from "./redis";
import { luaScript, runScript } from "./scripts";
import { seal, sealBytes, unseal, unsealBytes } from "./sealed";

const waitStepMs = 25;
/** How long waiters can still read a failed load's error: long enough for every waiter's next look. */
const errorTtlMs = 5_000;

const releaseScript = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

type SealedError = { kind: TrilletErrorKind; detail: TrilletError["detail"] };

/** A shared value as JSON, wrapped so that `undefined` and `null` survive the trip. */
const encode = (value: unknown): Buffer => Buffer.from(JSON.stringify({ value }), "utf8");

function decode<T>(bytes: Buffer): { value: T } | undefined {
  try {
    return JSON.parse(bytes.toString("utf8")) as { value: T };
  } catch {
    return undefined;
  }
}

export type SharedReadOptions = {
  /** How long a success is reused by every instance; 0 shares only loads in flight on this instance. */
  ttlMs: number;
  /** How long one instance may hold a load before another may take it over (the load's own deadline). */
  lockMs: number;
};

// On globalThis: page renders and route handlers are separate bundles, and one process holds one set of loads.
const slot = globalThis as typeof globalThis & { __batchConsoleReads?: Map<string, Coalescer> };

function localCoalescer(kind: string): Coalescer {
  const all = (slot.__batchConsoleReads ??= new Map());
  let coalescer = all.get(kind);
  if (!coalescer) all.set(kind, (coalescer = new Coalescer({ isOwnFailure: isOwnShareRefusal })));
  return coalescer;
}

const digest = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 22);

/**
 * Identical reads share one load: on this instance while it is in flight, and across instances
 * through Redis (a lock and a sealed result); a success is reused for `ttlMs` by everyone. Without
 * Redis, or while it is unreachable, each instance coalesces on its own. Failures are shared with
 * the callers that waited for that load only: the next caller tries again. A refusal of the loader's own fair
 * share is not shared at all: each waiter then loads under its own share.
 *
 * `scope` must name everything the answer depends on (workspace id, API key name, path):
 * callers with different scopes never see each other's answers.
 */
export function sharedRead<T>(
  kind: string,
  scope: string[],
  options: SharedReadOptions,
  load: () => Promise<T>,
): Promise<T> {
  const id = digest(scope.join("\u0000"));
  const local = localCoalescer(kind);
  if (getConfig().sharedState.store !== "redis" || options.ttlMs <= 0) return local.run(id, options.ttlMs, load);
  const base = sharedKey("read", kind, id);
  // While Redis is away, this instance caches on its own as it does without Redis.
  const onItsOwn = () => localCoalescer(`${kind}:on-its-own`).run(id, options.ttlMs, load);
  return local.run(id, 0, () => readThroughRedis(base, options, load, onItsOwn));
}

async function readThroughRedis<T>(
  base: string,
  options: SharedReadOptions,
  load: () => Promise<T>,
  onItsOwn: () => Promise<T>,
): Promise<T> {
  const valueKey = `${base}:value`;
  const lockKey = `${base}:lock`;
  const errorKey = (token: string) => `${base}:error:${token}`;
  const deadline = Date.now() + options.lockMs;
  let awaited: string | undefined;
  for (;;) {
    const keys = [valueKey, lockKey, ...(awaited ? [errorKey(awaited)] : [])];
    const state = await withRedis((redis) => redis.mGet(keys));
    if (!state) return onItsOwn();
    const [value, lock, error] = state;
    if (value) {
      const bytes = unsealBytes(valueKey, value);
      const opened = bytes && decode<T>(bytes);
      if (opened) return opened.value;
    }
    if (error && awaited) {
      const failure = unseal<SealedError>(errorKey(awaited), error);
      if (failure) throw new TrilletError(failure.kind, failure.detail);
    }
    if (!lock) {
      const token = randomUUID();
      const taken = await withRedis((redis) => redis.set(lockKey, token, { NX: true, PX: options.lockMs }));
      if (taken === undefined) return onItsOwn();
      if (taken === "OK") return loadAndShare({ valueKey, lockKey, errorKey: errorKey(token), token }, options, load);
      continue;
    }
    awaited = lock;
    if (Date.now() >= deadline) return load();
    await new Promise((resolve) => setTimeout(resolve, waitStepMs));
  }
}

async function loadAndShare<T>(
  keys: { valueKey: string; lockKey: string; errorKey: string; token: string },
  options: SharedReadOptions,
  load: () => Promise<T>,
): Promise<T> {
  const release = () => withRedis((redis) => runScript(redis, releaseScript, [keys.lockKey], [keys.token]));
  try {
    const value = await load();
    const sealed = sealBytes(keys.valueKey, encode(value));
    await withRedis((redis) => redis.set(keys.valueKey, sealed, { PX: options.ttlMs }));
    await release();
    return value;
  } catch (error) {
    if (isTrilletError(error) && !isOwnShareRefusal(error)) {
      const failure: SealedError = { kind: error.kind, detail: error.detail };
      await withRedis((redis) => redis.set(keys.errorKey, seal(keys.errorKey, failure), { PX: errorTtlMs }));
    }
    await release();
    throw error;
  }
}
