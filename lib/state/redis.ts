import "server-only";
import { createClient } from "redis";
import { getConfig, redisUrl } from "@/lib/config";
import { errorText } from "@/lib/runtime/scrub-secrets";

/** A command slower than this counts as Redis trouble: the caller falls back to this instance's memory. */
export const commandTimeoutMs = 500;
const connectTimeoutMs = 1_000;
const logEveryMs = 60_000;

type Connection = {
  client: RedisClient;
  ready: Promise<void>;
  problem?: string;
  problemSince?: number;
  lastLoggedAt: number;
};

// On globalThis: Next.js bundles pages and route handlers separately, and each bundle has its own
// module scope; one process must hold one connection.
const slot = globalThis as typeof globalThis & { __batchConsoleRedis?: Connection };

function log(connection: Connection, message: string): void {
  console.warn(JSON.stringify({ type: "shared-state", store: "redis", message }));
  connection.lastLoggedAt = Date.now();
}

function createSharedClient(url: string) {
  return createClient({
    url,
    // Fail at once while disconnected instead of queueing: the caller has a fallback, a queue only adds latency.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
    },
  });
}

type RedisClient = ReturnType<typeof createSharedClient>;
export type SharedRedis = ReturnType<RedisClient["withCommandOptions"]>;

function connect(url: string): Connection {
  const client = createSharedClient(url);
  const connection: Connection = { client, ready: Promise.resolve(), lastLoggedAt: 0 };
  client.on("error", (error: unknown) => noteProblem(connection, error));
  client.on("ready", () => {
    if (connection.problem) log(connection, "Redis is back: shared state is shared again.");
    connection.problem = undefined;
    connection.problemSince = undefined;
  });
  connection.ready = client.connect().then(
    () => undefined,
    (error: unknown) => noteProblem(connection, error),
  );
  return connection;
}

function noteProblem(connection: Connection, error: unknown): void {
  connection.problem = errorText(error);
  connection.problemSince ??= Date.now();
  if (Date.now() - connection.lastLoggedAt >= logEveryMs) {
    log(
      connection,
      `Redis did not answer (${connection.problem}): requests use this instance's memory and a quarter of the upstream budget until it answers again.`,
    );
  }
}

function connection(): Connection | undefined {
  const url = redisUrl();
  if (!url) return undefined;
  slot.__batchConsoleRedis ??= connect(url);
  return slot.__batchConsoleRedis;
}

/** The shared client with short command timeouts, or undefined when it cannot be used right now. */
export function sharedRedis() {
  const current = connection();
  if (!current || !current.client.isReady) return undefined;
  return current.client.withCommandOptions({ timeout: commandTimeoutMs });
}

/** Rejects when `promise` has not settled within `ms`: node-redis stops timing a command once it is sent. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs one Redis operation; on any failure (down, slow, script error) notes the problem and returns
 * undefined so the caller uses its in-memory fallback. Never throws.
 */
export async function withRedis<T>(operation: (redis: SharedRedis) => Promise<T>): Promise<T | undefined> {
  const current = connection();
  if (!current) return undefined;
  // A cold instance waits (briefly) for its first connection rather than starting on its fallback.
  if (!current.client.isReady && !current.problem) await within(current.ready, connectTimeoutMs).catch(() => undefined);
  const redis = sharedRedis();
  if (!redis) {
    if (!current.problem) noteProblem(current, new Error("not connected"));
    return undefined;
  }
  try {
    const result = await within(operation(redis), commandTimeoutMs);
    current.problem = undefined;
    current.problemSince = undefined;
    return result;
  } catch (error) {
    noteProblem(current, error);
    return undefined;
  }
}

export type SharedStateHealth =
  | { store: "memory" }
  | { store: "redis"; status: "ok" }
  | { store: "redis"; status: "degraded"; reason: string; sinceMs: number };

/** What /api/health says about shared state, after one live PING when Redis is configured. */
export async function sharedStateHealth(): Promise<SharedStateHealth> {
  const current = connection();
  if (!current) return { store: "memory" };
  await Promise.race([current.ready, new Promise((resolve) => setTimeout(resolve, connectTimeoutMs))]);
  const pong = await withRedis((redis) => redis.ping());
  if (pong === "PONG") return { store: "redis", status: "ok" };
  return {
    store: "redis",
    status: "degraded",
    reason: current.problem ?? "Redis did not answer",
    sinceMs: Date.now() - (current.problemSince ?? Date.now()),
  };
}

/**
 * Redis's `maxmemory-policy`, from `INFO memory` (hosted Redis often refuses CONFIG GET); undefined
 * without Redis, or when it cannot be read right now.
 */
export async function redisEvictionPolicy(): Promise<string | undefined> {
  const info = await withRedis((redis) => redis.info("memory"));
  return info?.match(/^maxmemory_policy:(\S+)/m)?.[1];
}

/** Redis key under the configured prefix. Parts are ids and hashes, never secrets or personal data. */
export function sharedKey(...parts: string[]): string {
  return `${getConfig().sharedState.keyPrefix}${parts.join(":")}`;
}
