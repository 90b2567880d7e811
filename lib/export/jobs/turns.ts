import "server-only";
import { apiKeyFor, getConfig, type WorkspaceConfig } from "@/lib/config";
import { durableStore } from "@/lib/state/durable-store";
import { luaScript } from "@/lib/state/scripts";
import { keyName } from "@/lib/state/sealed";

/**
 * Turns to run, per Trillet API key: at most EXPORT_JOBS_PER_KEY jobs read pages at once, the rest
 * wait in line by the time they were started. A running job holds a lease it renews with every
 * chunk; a waiting one shows itself every few seconds. A job whose run died loses its place after
 * these, so a crash never blocks the line for good.
 */
export const runLeaseMs = 10 * 60_000;
export const waitingLeaseMs = 60_000;

export type Turn = { go: true } | { go: false; position: number };

// KEYS: running (member → lease expiry), waiting (member → start time), waiting-seen (member → last seen).
// ARGV: job id, start time, jobs per key, run lease, waiting lease.
const claimScript = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function answer(value)
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[4]) * 2) end
  return value
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[5]))
for _, member in ipairs(stale) do
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZREM', KEYS[3], member)
end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
  return answer(0)
end
redis.call('ZADD', KEYS[2], 'NX', tonumber(ARGV[2]), ARGV[1])
redis.call('ZADD', KEYS[3], now, ARGV[1])
local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
local free = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
if rank < free then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
  return answer(0)
end
return answer(rank - math.max(free, 0) + 1)
`);

const releaseScript = luaScript(`
for i = 1, 3 do redis.call('ZREM', KEYS[i], ARGV[1]) end
return 1
`);

type MemoryLine = { running: Map<string, number>; waiting: Map<string, { startedAt: number; seenAt: number }> };
const slot = globalThis as typeof globalThis & { __batchConsoleExportTurns?: Map<string, MemoryLine> };

function memoryLine(name: string): MemoryLine {
  const lines = (slot.__batchConsoleExportTurns ??= new Map());
  let line = lines.get(name);
  if (!line) lines.set(name, (line = { running: new Map(), waiting: new Map() }));
  return line;
}

function claimInMemory(name: string, jobId: string, startedAt: number, perKey: number): number {
  const line = memoryLine(name);
  const now = Date.now();
  for (const [member, expiry] of line.running) if (expiry <= now) line.running.delete(member);
  for (const [member, waiting] of line.waiting) if (waiting.seenAt <= now - waitingLeaseMs) line.waiting.delete(member);
  if (line.running.has(jobId)) {
    line.running.set(jobId, now + runLeaseMs);
    return 0;
  }
  const waiting = line.waiting.get(jobId);
  line.waiting.set(jobId, { startedAt: waiting?.startedAt ?? startedAt, seenAt: now });
  const order = [...line.waiting].sort((a, b) => a[1].startedAt - b[1].startedAt || a[0].localeCompare(b[0]));
  const rank = order.findIndex(([member]) => member === jobId);
  const free = perKey - line.running.size;
  if (rank < free) {
    line.waiting.delete(jobId);
    line.running.set(jobId, now + runLeaseMs);
    return 0;
  }
  return rank - Math.max(free, 0) + 1;
}

function lineKeys(workspace: WorkspaceConfig): { name: string; keys: string[] } {
  // The budget is the API key's, whichever workspaces share it: so is the line.
  const name = keyName(apiKeyFor(workspace));
  return { name, keys: ["running", "waiting", "waiting-seen"].map((part) => `export-turns:{${name}}:${part}`) };
}

/** Takes (or renews) this job's turn to run, or tells its place in line. */
export async function claimTurn(workspace: WorkspaceConfig, jobId: string, startedAt: number): Promise<Turn> {
  const perKey = getConfig().exportJobsPerKey;
  const { name, keys } = lineKeys(workspace);
  const answer = Number(
    await durableStore().runScript(claimScript, keys, [jobId, startedAt, perKey, runLeaseMs, waitingLeaseMs], () =>
      claimInMemory(name, jobId, startedAt, perKey),
    ),
  );
  return answer === 0 ? { go: true } : { go: false, position: answer };
}

/** Gives the turn (or the place in line) back: on finish, failure and cancel. */
export async function releaseTurn(workspace: WorkspaceConfig, jobId: string): Promise<void> {
  const { name, keys } = lineKeys(workspace);
  await durableStore().runScript(releaseScript, keys, [jobId], () => {
    const line = memoryLine(name);
    line.running.delete(jobId);
    line.waiting.delete(jobId);
  });
}
