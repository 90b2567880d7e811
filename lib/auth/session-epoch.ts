import "server-only";
import type { JWT } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { sharedKey, withRedis } from "@/lib/state/redis";
import { luaScript, runScript } from "@/lib/state/scripts";
import { keyName } from "@/lib/state/sealed";
import { identityFromToken, type Identity } from "./identity";
import { bumpEpochLua, epochKeyPart, epochSubjects, epochTtlMs, raiseEpochLua } from "./session-epoch-keys";
import { sessionPolicy } from "./session-policy";

/**
 * Session epochs: a number per subject (a person's subject id, or an email) that only grows. A session
 * carries the epoch its subjects had when it signed in; once a subject's epoch is above that, the session
 * is revoked. "Sign out everywhere" and `npm run revoke` raise it.
 *
 * With REDIS_URL every instance reads one epoch per subject from Redis, remembered for 5 s (a poll every few
 * seconds would otherwise cost a round trip each). Without, the epoch lives in this process. If Redis cannot
 * be read, the last value read stands, so an outage neither signs everyone out nor forgets a revocation this
 * instance already knew; a bump made during an outage is kept here and written to Redis once it answers.
 */

/** How long a value read from Redis is used before it is read again: how late other instances see a revocation. */
export const epochCacheMs = 5_000;
const maxRemembered = 10_000;

type Known = { epoch: number; until: number };
type Local = { epoch: number; expiresAt: number };
type EpochState = {
  /** Last values read from Redis, per subject. */
  known: Map<string, Known>;
  /** Without Redis: the epochs themselves. With Redis: bumps made while it was away, not yet written to it. */
  local: Map<string, Local>;
};

// On globalThis: pages, server actions and route handlers are separate bundles, and a bump made by one must be
// seen at once by the others in this process.
const slot = globalThis as typeof globalThis & { __batchConsoleSessionEpochs?: EpochState };
const state = (): EpochState => (slot.__batchConsoleSessionEpochs ??= { known: new Map(), local: new Map() });

const bumpScript = luaScript(bumpEpochLua);
const raiseScript = luaScript(raiseEpochLua);

const usesRedis = () => getConfig().sharedState.store === "redis";
const redisKey = (subject: string) => sharedKey(epochKeyPart, keyName(subject));
const ttlMs = () => epochTtlMs(sessionPolicy().maxAgeMs);

function localEpoch(subject: string, now: number): number {
  const entry = state().local.get(subject);
  if (!entry) return 0;
  if (entry.expiresAt > now) return entry.epoch;
  state().local.delete(subject);
  return 0;
}

function prune(map: Map<string, { until?: number; expiresAt?: number }>, now: number, olderThan: number): void {
  if (map.size < maxRemembered) return;
  for (const [key, entry] of map) if ((entry.until ?? entry.expiresAt ?? 0) < now - olderThan) map.delete(key);
  if (map.size >= maxRemembered) map.delete(map.keys().next().value!);
}

function rememberRead(subject: string, epoch: number, now: number): void {
  const { known } = state();
  prune(known, now, ttlMs());
  known.set(subject, { epoch, until: now + epochCacheMs });
}

/** Reads the subjects whose remembered value is older than 5 s (all of them when `fresh`) from Redis. */
async function refreshFromRedis(subjects: string[], fresh: boolean, now: number): Promise<void> {
  const { known, local } = state();
  const due = subjects.filter((subject) => fresh || !((known.get(subject)?.until ?? 0) > now));
  if (due.length === 0) return;
  const values = await withRedis((redis) => redis.mGet(due.map(redisKey)));
  if (!values) return; // Redis unusable: the last values read stand.
  for (const [index, subject] of due.entries()) {
    let epoch = Number(values[index]) || 0;
    const pending = localEpoch(subject, now);
    if (pending > epoch) {
      // A bump made here while Redis was away: now every instance learns it.
      const raised = await withRedis((redis) => runScript(redis, raiseScript, [redisKey(subject)], [ttlMs(), pending]));
      if (typeof raised === "number") {
        epoch = raised;
        local.delete(subject);
      }
    }
    rememberRead(subject, epoch, now);
  }
}

/**
 * The epoch a session of these subjects must carry to be valid. `fresh` skips the 5 s memory: sign-in
 * uses it, so a session started just after a revocation on another instance is not revoked by it later.
 */
export async function currentEpoch(subjects: string[], { fresh = false } = {}): Promise<number> {
  const now = Date.now();
  let epoch = 0;
  if (usesRedis()) {
    await refreshFromRedis(subjects, fresh, now);
    for (const subject of subjects) epoch = Math.max(epoch, state().known.get(subject)?.epoch ?? 0);
  }
  for (const subject of subjects) epoch = Math.max(epoch, localEpoch(subject, now));
  return epoch;
}

/** The epoch a session of this person records at sign-in. */
export function signInEpoch(identity: Pick<Identity, "id" | "email">): Promise<number> {
  return currentEpoch(epochSubjects(identity), { fresh: true });
}

/** Whether a session that recorded `tokenEpoch` at sign-in has been revoked since. */
export async function isSessionRevoked(identity: Pick<Identity, "id" | "email">, tokenEpoch: number): Promise<boolean> {
  return (await currentEpoch(epochSubjects(identity))) > tokenEpoch;
}

export type Revocation = {
  epoch: number;
  /** "redis": every instance knows within 5 s. "memory": the only instance knows. "pending": Redis was away;
   * this instance knows, the others once Redis answers this instance again. */
  reach: "redis" | "memory" | "pending";
};

/** Revokes every session of `subject` signed in until now (on this instance at once, on the others within 5 s). */
export async function revokeSessions(subject: string): Promise<Revocation> {
  const now = Date.now();
  const ttl = ttlMs();
  if (usesRedis()) {
    const epoch = await withRedis((redis) => runScript(redis, bumpScript, [redisKey(subject)], [ttl]));
    if (typeof epoch === "number") {
      rememberRead(subject, epoch, now);
      return { epoch, reach: "redis" };
    }
  }
  const { local } = state();
  const before = Math.max(localEpoch(subject, now), state().known.get(subject)?.epoch ?? 0);
  const epoch = Math.max(now, before + 1);
  prune(local, now, 0);
  local.set(subject, { epoch, expiresAt: now + ttl });
  if (usesRedis()) {
    console.warn(
      JSON.stringify({
        type: "session-revocation",
        message: "Redis unavailable: sessions are revoked on this instance now, on the others once Redis answers.",
      }),
    );
    return { epoch, reach: "pending" };
  }
  return { epoch, reach: "memory" };
}

/**
 * For Auth.js `jwt` callbacks, after the checks that need no shared state (lib/auth/config.ts): a session
 * being signed in records its epoch, any other is signed out (null) once revoked.
 */
export async function withSessionEpoch(token: JWT | null, signingIn: boolean): Promise<JWT | null> {
  if (!token) return null;
  const identity = identityFromToken(token);
  if (signingIn) return { ...token, epoch: await signInEpoch(identity) };
  return (await isSessionRevoked(identity, token.epoch ?? 0)) ? null : token;
}
