import { denyListSchema, sessionMaxAgeHoursSchema, type DenyList } from "@/lib/config/schema";
import type { Identity } from "./identity";

// No "server-only" and no getConfig(): proxy.ts reads sessions through lib/auth/config.ts, which uses this.
// The same schema pieces validate these variables at start (lib/config/schema.ts), so a bad value never
// gets this far in a running server.

export type SessionPolicy = {
  /** AUTH_SESSION_MAX_AGE_HOURS: how long a session lasts from sign-in, however often it is used. */
  maxAgeMs: number;
  /** AUTH_DENY: people refused at every check, whatever their session says. */
  deny: { emails: ReadonlySet<string>; subjects: ReadonlySet<string> };
};

type Env = Record<string, string | undefined>;

const blank = (value: string | undefined) => (value === "" ? undefined : value);

export function sessionPolicyFrom(env: Env): SessionPolicy {
  const hours = sessionMaxAgeHoursSchema.safeParse(blank(env.AUTH_SESSION_MAX_AGE_HOURS));
  const deny = denyListSchema.safeParse(blank(env.AUTH_DENY));
  const list: DenyList = deny.success ? deny.data : { emails: [], subjects: [] };
  return {
    maxAgeMs: (hours.success ? hours.data : 12) * 3_600_000,
    deny: { emails: new Set(list.emails), subjects: new Set(list.subjects) },
  };
}

let remembered: { source: string; policy: SessionPolicy } | undefined;

/** The policy of this process's environment, parsed once (and again only if the variables change, as in tests). */
export function sessionPolicy(env: Env = process.env): SessionPolicy {
  const source = `${env.AUTH_SESSION_MAX_AGE_HOURS ?? ""}\n${env.AUTH_DENY ?? ""}`;
  if (remembered?.source !== source) remembered = { source, policy: sessionPolicyFrom(env) };
  return remembered.policy;
}

/** When this session was signed in (ms), from the token's `signedInAt` (seconds); undefined for a token without one. */
export function signedInAtMs(token: Record<string, unknown>): number | undefined {
  return typeof token.signedInAt === "number" && Number.isFinite(token.signedInAt)
    ? token.signedInAt * 1000
    : undefined;
}

/**
 * Whether a session is over by age: past AUTH_SESSION_MAX_AGE_HOURS since sign-in. A token without a
 * sign-in time (issued before sessions had an end) is over too: its age cannot be known.
 */
export function sessionExpired(signedInAt: number | undefined, policy: SessionPolicy, now = Date.now()): boolean {
  return signedInAt === undefined || now >= signedInAt + policy.maxAgeMs;
}

/** AUTH_DENY names this person, by subject id or by email (verified or not: denying more is the safe side). */
export function isDenied(identity: Pick<Identity, "id" | "email">, policy: SessionPolicy): boolean {
  return policy.deny.subjects.has(identity.id) || (identity.email !== "" && policy.deny.emails.has(identity.email));
}
