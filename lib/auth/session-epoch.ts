import "server-only";
import type { JWT } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { sharedKey, withRedis } from "@/lib/state/redis";
import { luaScript, runScript } from "@/lib/state/scripts";
import { keyName } from "@/lib/state/sealed";
import { identityFromToken, type Identity } from "./identity";
import {
  bumpEpochLua,
  epochKeyPart,
  epochSubjects,
  epochTtlMs,
  raiseEpochLua,
  sessionSubject,
} from "./session-epoch-keys";
import { sessionPolicy } from "./session-policy";
import type { EpochCheck } from "./session-token";

/**
 * Session epochs: a number per subject (a person's subject id, or an email) that only grows. A session
 * carries the epoch its subjects had when it signed in; once a subject's epoch is above that, the session
 * is revoked. "Sign out everywhere" and `npm run revoke` raise it; signing out here raises the session's own.
 *
 * With REDIS_URL every instance reads one epoch per subject from Redis, remembered for 5 s (a poll every few
 * seconds would otherwise cost a round trip each). Without, the epoch lives in this process. If Redis cannot
 * be read, a value read within the last `outageGraceMs` stands; past that, or for a subject this instance
 * never read, the epoch is unknown and the session cannot be checked (fail closed: callers answer 503 or say
 * so, never "valid"). A bump made during an outage is kept here and written to Redis once it answers.
 */

/** How long a value read from Redis is used before it is read again: how late other instances see a revocation. */
export const epochCacheMs = 5_000;
/**
 * How long a value read from Redis still stands while Redis cannot be read. Long enough to ride out a
 * managed Redis's failover or restart (seconds to a minute) without turning it into an outage; short
 * enough that a revocation made elsewhere meanwhile, which cannot reach this instance, is honoured within
 * a minute, when this instance stops accepting the session at all.
 */
export const outageGraceMs = 60_000;
/** How often bumps made while Redis was away are written again, until it takes them. */
const pendingRetryMs = 5_000;
const maxRemembered = 10_000;

type Known = { epoch: number; until: number; readAt: number };
type Local = { epoch: number; expiresAt: number };
type EpochState = {
  /** Last values read from Redis, per subject. */
  known: Map<string, Known>;
  /** Without Redis: the epochs themselves. With Redis: bumps made while it was away, not yet written to it. */
  local: Map<string, Local>;
  retrying?: boolean;
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
  known.set(subject, { epoch, until: now + epochCacheMs, readAt: now });
}

/** Writes the bumps `epochs` holds that were made while Redis was away; true when none is left. */
async function writePendingBumps(epochs: EpochState, now: number): Promise<boolean> {
  for (const [subject, entry] of [...epochs.local]) {
    if (entry.expiresAt > now) {
      const raised = await withRedis((redis) =>
        runScript(redis, raiseScript, [redisKey(subject)], [ttlMs(), entry.epoch]),
      );
      if (typeof raised !== "number") return false;
      epochs.known.set(subject, { epoch: raised, until: now + epochCacheMs, readAt: now });
    }
    epochs.local.delete(subject);
  }
  return true;
}

/** Retries the pending writes every few seconds, so other instances learn the bump without waiting for a read here. */
function retryPendingBumps(): void {
  const current = state();
  if (current.retrying) return;
  current.retrying = true;
  const attempt = () => {
    void writePendingBumps(current, Date.now()).then((done) => {
      if (done) current.retrying = false;
      else setTimeout(attempt, pendingRetryMs).unref();
    });
  };
  setTimeout(attempt, pendingRetryMs).unref();
}

/** Reads the subjects whose remembered value is older than 5 s (all of them when `fresh`); false when Redis did not answer. */
async function refreshFromRedis(subjects: string[], fresh: boolean, now: number): Promise<boolean> {
  const epochs = state();
  if (epochs.local.size > 0 && !(await writePendingBumps(epochs, now))) return false;
  const due = subjects.filter((subject) => fresh || !((epochs.known.get(subject)?.until ?? 0) > now));
  if (due.length === 0) return true;
  const values = await withRedis((redis) => redis.mGet(due.map(redisKey)));
  if (!values) return false;
  for (const [index, subject] of due.entries()) rememberRead(subject, Number(values[index]) || 0, now);
  return true;
}

/**
 * What is known of the epoch a session of these subjects must carry: the highest epoch known, and whether
 * every subject's is known (`complete`). `fresh` skips the 5 s memory: sign-in uses it, so a session started
 * just after a revocation on another instance is not revoked by it later.
 */
export async function currentEpoch(
  subjects: string[],
  { fresh = false } = {},
): Promise<{ epoch: number; complete: boolean }> {
  const now = Date.now();
  let epoch = 0;
  let complete = true;
  if (usesRedis()) {
    const answered = await refreshFromRedis(subjects, fresh, now);
    for (const subject of subjects) {
      const known = state().known.get(subject);
      if (known) epoch = Math.max(epoch, known.epoch);
      if (!known || (fresh ? !answered : known.readAt < now - outageGraceMs)) complete = false;
    }
  }
  for (const subject of subjects) epoch = Math.max(epoch, localEpoch(subject, now));
  return { epoch, complete };
}

/**
 * The epoch a session of this person records at sign-in. With Redis away it is now: epochs are times, so no
 * bump made before this moment can end the session (a clock ahead of Redis's errs on signing out).
 */
export async function signInEpoch(identity: Pick<Identity, "id" | "email">): Promise<number> {
  const { epoch, complete } = await currentEpoch(epochSubjects(identity), { fresh: true });
  return complete ? epoch : Math.max(epoch, Date.now());
}

/**
 * Whether a session that recorded `tokenEpoch` at sign-in is still valid: `revoked` once a bump passed it,
 * `unknown` when that cannot be known right now (Redis away and no value read within `outageGraceMs`).
 */
export async function checkSessionEpoch(
  identity: Pick<Identity, "id" | "email">,
  tokenEpoch: number,
  sessionId?: string,
): Promise<EpochCheck> {
  const { epoch, complete } = await currentEpoch(epochSubjects(identity));
  if (epoch > tokenEpoch) return "revoked";
  // The session's own epoch can only end it (signed out here): one that cannot be read right now (a session signed
  // in while Redis is away) leaves the session as checkable as its person's epoch makes it.
  if (sessionId && (await currentEpoch([sessionSubject(sessionId)])).epoch > tokenEpoch) return "revoked";
  return complete ? "valid" : "unknown";
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
    retryPendingBumps();
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

/** Revokes one session (signing out here): a copy of its cookie renewed meanwhile is refused from now on. */
export async function endSession(sessionId: string): Promise<Revocation> {
  return revokeSessions(sessionSubject(sessionId));
}

/**
 * For Auth.js `jwt` callbacks, after the checks that need no shared state (lib/auth/config.ts): a session
 * being signed in records its epoch, any other is signed out (null) once revoked. One that cannot be
 * checked right now is kept: clearing its cookie would sign people out for an outage, and every page and
 * route handler refuses it itself until it can be checked (lib/auth/session.ts).
 */
export async function withSessionEpoch(token: JWT | null, signingIn: boolean): Promise<JWT | null> {
  if (!token) return null;
  const identity = identityFromToken(token);
  if (signingIn) return { ...token, epoch: await signInEpoch(identity) };
  return (await checkSessionEpoch(identity, token.epoch ?? 0, token.sid)) === "revoked" ? null : token;
}
