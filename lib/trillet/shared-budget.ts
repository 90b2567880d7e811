import "server-only";
import { getConfig } from "@/lib/config";
import { sharedKey, withRedis } from "@/lib/state/redis";
import { luaScript, runScript } from "@/lib/state/scripts";
import { keyName } from "@/lib/state/sealed";
import {
  clampPause,
  MemoryBudget,
  needs,
  takeWhenFree,
  windowMs,
  type BudgetLimits,
  type Priority,
  type Spender,
  type UpstreamBudget,
  type Wait,
} from "./budget";

// The same algorithm as MemoryBudget, in one atomic script on Redis's clock, so every instance
// spends from one window and one bucket. KEYS: sent (sorted set), bucket (hash), pause (string),
// then the spender windows (sorted sets) an interactive read counts against, if any.
const takeScript = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local perMinute, burst, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local needSlots, needTokens = tonumber(ARGV[4]), tonumber(ARGV[5])
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if now < paused then return {paused - now, 0} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local bucket = redis.call('HMGET', KEYS[2], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * perMinute / 60000)
local wait = 0
if perMinute - count < needSlots then
  local index = count - (perMinute - needSlots) - 1
  local entry = redis.call('ZRANGE', KEYS[1], index, index, 'WITHSCORES')
  wait = tonumber(entry[2]) + window - now
end
if tokens < needTokens then
  wait = math.max(wait, math.ceil((needTokens - tokens) * 60000 / perMinute))
end
local perSpender = tonumber(ARGV[6])
local shareWait = 0
for i = 4, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local spent = redis.call('ZCARD', KEYS[i])
  if spent >= perSpender then
    local entry = redis.call('ZRANGE', KEYS[i], spent - perSpender, spent - perSpender, 'WITHSCORES')
    shareWait = math.max(shareWait, tonumber(entry[2]) + window - now)
  end
end
if wait > 0 or shareWait > 0 then
  local ownShare = 0
  if shareWait > wait then ownShare = 1 end
  return {math.max(wait, shareWait), ownShare}
end
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
redis.call('ZADD', KEYS[1], now, now .. '-' .. seq)
for i = 4, #KEYS do
  redis.call('ZADD', KEYS[i], now, now .. '-' .. seq)
  redis.call('PEXPIRE', KEYS[i], window)
end
redis.call('HSET', KEYS[2], 'tokens', tostring(tokens - 1), 'at', now)
redis.call('PEXPIRE', KEYS[1], window)
redis.call('PEXPIRE', KEYS[2], window)
return {0, 0}
`);

const pauseScript = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms = tonumber(ARGV[1])
if now + ms > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], now + ms, 'PX', ms + 1000)
end
return 0
`);

const headroomScript = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now < tonumber(redis.call('GET', KEYS[2]) or '0') then return 0 end
return tonumber(ARGV[1]) - redis.call('ZCOUNT', KEYS[1], '(' .. (now - tonumber(ARGV[2])), '+inf')
`);

/** A share of the budget for one instance on its own, while Redis is unreachable. */
export const fallbackShare = 0.25;

export function fallbackLimits(limits: BudgetLimits): BudgetLimits {
  return {
    perMinute: Math.max(1, Math.floor(limits.perMinute * fallbackShare)),
    burst: Math.max(1, Math.floor(limits.burst * fallbackShare)),
    perSpender: Math.max(1, Math.floor(limits.perSpender * fallbackShare)),
  };
}

/** One API key's budget, shared by every instance through Redis; its own quarter while Redis is away. */
export class SharedBudget implements UpstreamBudget {
  private readonly base: string;
  private readonly keys: { sent: string; bucket: string; pause: string };
  readonly fallback: MemoryBudget;

  constructor(
    apiKeyName: string,
    readonly limits: BudgetLimits,
  ) {
    // One hash tag per key: the script's keys land on one slot of a Redis Cluster.
    const base = sharedKey("budget", `{${apiKeyName}}`);
    this.base = base;
    this.keys = { sent: `${base}:sent`, bucket: `${base}:bucket`, pause: `${base}:pause` };
    this.fallback = new MemoryBudget(fallbackLimits(limits));
  }

  private async tryTake(priority: Priority, spender: Spender | undefined): Promise<Wait> {
    const need = needs(this.limits, priority);
    const { perMinute, burst, perSpender } = this.limits;
    const spenderKeys =
      priority === "interactive" && spender
        ? [`${this.base}:spent:user:${keyName(spender.user)}`, `${this.base}:spent:workspace:${spender.workspace}`]
        : [];
    const wait = await withRedis((redis) =>
      runScript(
        redis,
        takeScript,
        [this.keys.sent, this.keys.bucket, this.keys.pause, ...spenderKeys],
        [perMinute, burst, windowMs, need.slots, need.tokens, perSpender],
      ),
    );
    if (!Array.isArray(wait)) return this.fallback.tryTake(priority, spender);
    return { ms: Number(wait[0]), ownShare: Number(wait[1]) === 1 };
  }

  take(priority: Priority, deadline: number, signal?: AbortSignal, spender?: Spender): Promise<void> {
    return takeWhenFree(() => this.tryTake(priority, spender), deadline, signal);
  }

  async pause(seconds: number): Promise<void> {
    const ms = Math.ceil(clampPause(seconds) * 1000);
    await this.fallback.pause(seconds);
    await withRedis((redis) => runScript(redis, pauseScript, [this.keys.pause], [ms]));
  }

  async headroom(): Promise<number> {
    const left = await withRedis((redis) =>
      runScript(redis, headroomScript, [this.keys.sent, this.keys.pause], [this.limits.perMinute, windowMs]),
    );
    return typeof left === "number" ? Math.max(0, left) / this.limits.perMinute : this.fallback.headroomNow();
  }
}

// On globalThis: page renders and route handlers are separate bundles with separate module scopes,
// and one process must spend from one budget.
const slot = globalThis as typeof globalThis & { __batchConsoleBudgets?: Map<string, UpstreamBudget> };

/** Budgets live per API key, so workspaces sharing one key share one budget. */
export function budgetFor(apiKey: string): UpstreamBudget {
  const { trillet, sharedState } = getConfig();
  const limits = {
    perMinute: trillet.rateLimitPerMinute,
    burst: trillet.burst,
    perSpender: Math.max(1, Math.floor(trillet.rateLimitPerMinute * trillet.fairShare)),
  };
  const budgets = (slot.__batchConsoleBudgets ??= new Map());
  const name = keyName(apiKey);
  let budget = budgets.get(name);
  const same = budget && (Object.keys(limits) as (keyof BudgetLimits)[]).every((k) => budget!.limits[k] === limits[k]);
  if (!budget || !same) {
    budget = sharedState.store === "redis" ? new SharedBudget(name, limits) : new MemoryBudget(limits);
    budgets.set(name, budget);
  }
  return budget;
}
