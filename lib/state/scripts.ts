import "server-only";
import { createHash } from "node:crypto";
import type { SharedRedis } from "./redis";

export type LuaScript = { source: string; sha: string };

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** EVALSHA, loading the script with EVAL the first time a server has not seen it (or after its restart). */
export async function runScript(
  redis: SharedRedis,
  script: LuaScript,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  const options = { keys, arguments: args.map(String) };
  try {
    return await redis.evalSha(script.sha, options);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.eval(script.source, options);
  }
}
