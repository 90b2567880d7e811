import "server-only";
import { randomUUID } from "node:crypto";
import { getConfig } from "@/lib/config";
import { sharedKey, withRedis } from "@/lib/state/redis";
import { luaScript, runScript } from "@/lib/state/scripts";
import { keyName } from "@/lib/state/sealed";

/** A running export's lease: it frees itself after this even if its instance dies mid-way. */
const leaseMs = 330_000;

export type ExportSlot = { release: () => Promise<void> };

// Leases are sorted-set members scored by their expiry: a crashed export's slot frees itself.
const acquireScript = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 2 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]))
return 0
`);

type Refusal = "user" | "overall";

const slot = globalThis as typeof globalThis & { __batchConsoleExports?: Map<string, number> };

function takeInMemory(user: string, perUser: number, overall: number): ExportSlot | Refusal {
  const running = (slot.__batchConsoleExports ??= new Map());
  const total = [...running.values()].reduce((sum, count) => sum + count, 0);
  if ((running.get(user) ?? 0) >= perUser) return "user";
  if (total >= overall) return "overall";
  running.set(user, (running.get(user) ?? 0) + 1);
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      const left = (running.get(user) ?? 1) - 1;
      if (left > 0) running.set(user, left);
      else running.delete(user);
    },
  };
}

/**
 * A slot for one running export: at most EXPORT_MAX_PER_USER per person and EXPORT_MAX_RUNNING in
 * all, counted across instances through Redis (this instance's memory without it).
 */
export async function takeExportSlot(user: string): Promise<ExportSlot | Refusal> {
  const { exportLimits, sharedState } = getConfig();
  if (sharedState.store === "redis") {
    const id = randomUUID();
    const userKey = sharedKey("exports", "{running}", "user", keyName(user));
    const allKey = sharedKey("exports", "{running}", "all");
    const answer = await withRedis((redis) =>
      runScript(redis, acquireScript, [userKey, allKey], [id, exportLimits.perUser, exportLimits.running, leaseMs]),
    );
    if (answer === 1) return "user";
    if (answer === 2) return "overall";
    if (answer === 0) {
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await withRedis((redis) => redis.multi().zRem(userKey, id).zRem(allKey, id).exec());
        },
      };
    }
  }
  return takeInMemory(user, exportLimits.perUser, exportLimits.running);
}
