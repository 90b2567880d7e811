import type { Identity } from "./identity";

// No "server-only": shared by the app's epoch store (lib/auth/session-epoch.ts) and scripts/revoke.ts, so the
// operator's tool and the app cannot disagree on what a key is called or how an epoch moves.

/** The key part under REDIS_KEY_PREFIX; the full key is `<prefix>session-epoch:<keyName(subject)>`. */
export const epochKeyPart = "session-epoch";

/**
 * The subjects a session answers to: its subject id (`<issuer>#<sub>`, what "Sign out everywhere" bumps) and
 * its email, if any (what `npm run revoke -- <email>` bumps, reaching every provider's sessions for it).
 */
export function epochSubjects(identity: Pick<Identity, "id" | "email">): string[] {
  return identity.email ? [identity.id, emailSubject(identity.email)] : [identity.id];
}

const emailSubject = (email: string) => `email:${email.trim().toLowerCase()}`;

/**
 * One session's own subject: signing out here bumps it. Sign-out alone only deletes the cookie, and a page
 * request sent before it whose answer lands after it brings a renewed cookie back (the proxy renews on use).
 */
export const sessionSubject = (sessionId: string) => `session:${sessionId}`;

/** What an operator typed (an email, or a subject id as audit lines show it) as an epoch subject; undefined if neither. */
export function epochSubjectOf(input: string): string | undefined {
  const value = input.trim();
  const hash = value.indexOf("#");
  if (hash > 0 && hash < value.length - 1) return value;
  if (hash < 0 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return emailSubject(value);
  return undefined;
}

/**
 * How long an epoch is kept: a session signed in before the bump has reached AUTH_SESSION_MAX_AGE_HOURS by
 * then, so forgetting the epoch revives nothing. One hour more covers clocks that disagree.
 */
export function epochTtlMs(sessionMaxAgeMs: number): number {
  return Math.ceil(sessionMaxAgeMs + 3_600_000);
}

// Both keep the key at least ARGV[1] ms, never less than it already had: a bump by a tool that assumes longer
// sessions is not cut short by the app's next one.
const keepLua = `
local ttl = math.max(tonumber(ARGV[1]), redis.call('PTTL', KEYS[1]))
redis.call('SET', KEYS[1], string.format('%d', epoch), 'PX', ttl)
return epoch
`;

/**
 * Moves an epoch past every session signed in so far: to max(Redis's clock in ms, current + 1). Epochs are
 * times, not counters: once a key expires and reads 0, the next bump is still above every epoch a live
 * session can carry.
 */
export const bumpEpochLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local epoch = math.max(now, current + 1)
${keepLua}`;

/** Raises an epoch to at least ARGV[2]: a bump an instance made while Redis was away, written once it answers. */
export const raiseEpochLua = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local epoch = math.max(current, tonumber(ARGV[2]))
${keepLua}`;
