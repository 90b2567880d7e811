import "server-only";
import { createHash } from "node:crypto";
import { decode, getToken } from "next-auth/jwt";
import { identityFromToken, type Identity } from "./identity";
import { isDenied, sessionExpired, sessionPolicy, signedInAtMs, type SessionPolicy } from "./session-policy";

const sessionCookie = "authjs.session-token";
/** How long one decrypted cookie is trusted without decrypting it again; never past its own expiry. */
const reuseMs = 60_000;
const maxRemembered = 2_000;

type Remembered = {
  identity: Identity;
  signedInAt: number | undefined;
  epoch: number;
  sessionId: string | undefined;
  until: number;
};
const remembered = new Map<string, Remembered>();

/** Auth.js's choice of cookie name: `__Secure-` when the site is served over https (AUTH_URL or the proxy's header). */
function usesSecureCookie(headers: Headers): boolean {
  const siteUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  if (siteUrl) return siteUrl.startsWith("https:");
  return (headers.get("x-forwarded-proto") ?? "https").replace(/:$/, "") === "https";
}

function remember(key: string, entry: Remembered): void {
  if (remembered.size >= maxRemembered) {
    const now = Date.now();
    for (const [oldKey, old] of remembered) if (old.until <= now) remembered.delete(oldKey);
    if (remembered.size >= maxRemembered) remembered.delete(remembered.keys().next().value!);
  }
  remembered.set(key, entry);
}

/** A session's epoch against the shared store: still `valid`, `revoked` since, or `unknown` right now. */
export type EpochCheck = "valid" | "revoked" | "unknown";

/**
 * What a request's session cookie amounts to. `unchecked`: a good cookie whose revocation cannot be
 * checked right now (the shared store is away); it is neither signed in nor signed out, and callers say so.
 */
export type SessionRead =
  | { state: "signed-in"; identity: Identity; sessionId?: string }
  | { state: "signed-out" }
  | { state: "unchecked"; identity: Identity; sessionId?: string };

export type SessionChecks = {
  /** AUTH_SESSION_MAX_AGE_HOURS and AUTH_DENY; default: this process's environment. */
  policy?: SessionPolicy;
  /**
   * Whether a session that recorded `epoch` at sign-in has been revoked since ("End all sessions",
   * `npm run revoke`). Asked on every read, after the cookie cache: a remembered cookie is not a valid one.
   */
  checkEpoch?: (identity: Identity, epoch: number, sessionId?: string) => Promise<EpochCheck>;
};

const signedOut: SessionRead = { state: "signed-out" };

/**
 * Who the session cookie says is signed in, read the way Auth.js reads it (same cookie name,
 * chunks, key derivation and expiry check) but without re-issuing the cookie. A decrypted
 * cookie is remembered for a minute by its hash: polling every few seconds would otherwise
 * spend most of the server's CPU on key derivation and decryption. What can change while a
 * cookie stays the same (its age limit, the deny list, revocation) is checked on every read.
 */
export async function readSessionCookie(
  headers: Headers,
  secret: string,
  now = Date.now(),
  { policy = sessionPolicy(), checkEpoch }: SessionChecks = {},
): Promise<SessionRead> {
  const secure = usesSecureCookie(headers);
  const cookieName = `${secure ? "__Secure-" : ""}${sessionCookie}`;
  // Only the cookie is passed on: getToken would also accept an `Authorization: Bearer` token.
  const token = await getToken({
    req: { headers: { cookie: headers.get("cookie") ?? "" } },
    secureCookie: secure,
    cookieName,
    secret,
    raw: true,
  });
  if (!token) return signedOut;

  const key = createHash("sha256").update(secret).update("\0").update(token).digest("base64url");
  let session = remembered.get(key);
  if (!session || session.until <= now) {
    const payload = await decode({ token, secret, salt: cookieName }).catch(() => null);
    const expiresAt = typeof payload?.exp === "number" ? payload.exp * 1000 : 0;
    if (!payload || expiresAt <= now) return signedOut;
    const identity = identityFromToken(payload);
    // Keyed on the subject id, not the email: people without an email claim are people too.
    if (!identity.id) return signedOut;
    const epoch = typeof payload.epoch === "number" ? payload.epoch : 0;
    const sessionId = typeof payload.sid === "string" ? payload.sid : undefined;
    const until = Math.min(now + reuseMs, expiresAt);
    session = { identity, signedInAt: signedInAtMs(payload), epoch, sessionId, until };
    remember(key, session);
  }

  if (sessionExpired(session.signedInAt, policy, now)) return signedOut;
  if (isDenied(session.identity, policy)) return signedOut;
  const epoch = checkEpoch ? await checkEpoch(session.identity, session.epoch, session.sessionId) : "valid";
  if (epoch === "revoked") return signedOut;
  const state = epoch === "valid" ? "signed-in" : "unchecked";
  return session.sessionId
    ? { state, identity: session.identity, sessionId: session.sessionId }
    : { state, identity: session.identity };
}
