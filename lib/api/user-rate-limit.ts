import "server-only";
import { getConfig } from "@/lib/config";
import { sharedKey, withRedis } from "@/lib/state/redis";
import { luaScript, runScript } from "@/lib/state/scripts";
import { keyName } from "@/lib/state/sealed";

const windowMs = 60_000;

/** A sliding one-minute window per person in this process: the store without Redis, and the fallback. */
export class MemoryUserLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  private sweep(now: number): void {
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [user, times] of this.hits) if (times.every((time) => time <= now - windowMs)) this.hits.delete(user);
  }

  /** Seconds to wait, or 0 when this request may go (and is counted). */
  take(user: string, perMinute: number, now = Date.now()): number {
    this.sweep(now);
    const times = (this.hits.get(user) ?? []).filter((time) => time > now - windowMs);
    this.hits.set(user, times);
    if (times.length >= perMinute) return Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000));
    times.push(now);
    return 0;
  }
}

const takeScript = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000))
end
redis.call('ZADD', KEYS[1], now, now .. '-' .. (count + 1))
redis.call('PEXPIRE', KEYS[1], window)
return 0
`);

// On globalThis: pages and route handlers are separate bundles, and one process counts once.
const slot = globalThis as typeof globalThis & { __batchConsoleUserLimiter?: MemoryUserLimiter };
const memory = () => (slot.__batchConsoleUserLimiter ??= new MemoryUserLimiter());

/**
 * Sliding one-minute window per signed-in person (`user` is their stable id), shared by every
 * instance through Redis when configured; returns the seconds to wait, or 0 when allowed.
 */
export async function takeUserRequest(user: string, perMinute: number): Promise<number> {
  if (getConfig().sharedState.store === "redis") {
    const key = sharedKey("user-rate", keyName(user));
    const wait = await withRedis((redis) => runScript(redis, takeScript, [key], [perMinute, windowMs]));
    if (typeof wait === "number") return wait;
  }
  return memory().take(user, perMinute);
}
