import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionSecret } from "@/lib/config";
import type { Identity } from "./identity";
import { safeCallbackPath } from "./callback-url";
import { checkSessionEpoch } from "./session-epoch";
import { readSessionCookie, type SessionRead } from "./session-token";

/**
 * This request's session: `signed-in`, `signed-out`, or `unchecked` (a good cookie whose revocation cannot
 * be checked while the shared store is away: refused with a "cannot check" answer, never treated as valid,
 * never signed out). Never trusts anything but the verified session cookie; a session past
 * AUTH_SESSION_MAX_AGE_HOURS, denied by AUTH_DENY or revoked ("End all sessions", `npm run revoke`) is
 * signed out. Memoised per server render, so a layout and its page decrypt the session once.
 */
export const currentSession = cache(async function currentSession(): Promise<SessionRead> {
  return readSessionCookie(await headers(), sessionSecret(), Date.now(), { checkEpoch: checkSessionEpoch });
});

export function signInPath(callbackPath: string): string {
  return `/signin?${new URLSearchParams({ callbackUrl: safeCallbackPath(callbackPath) })}`;
}

/** The page that says the session cannot be checked right now, with a way back to `callbackPath`. */
export function sessionUncheckedPath(callbackPath: string): string {
  return `/session-unavailable?${new URLSearchParams({ callbackUrl: safeCallbackPath(callbackPath) })}`;
}

/**
 * For pages: the signed-in person; else a redirect to sign in and back to `callbackPath`, or, when the
 * session cannot be checked right now, to the page that says so (not to sign-in: that would loop).
 */
export async function requireIdentity(callbackPath: string): Promise<Identity> {
  const session = await currentSession();
  if (session.state === "unchecked") redirect(sessionUncheckedPath(callbackPath));
  if (session.state === "signed-out") redirect(signInPath(callbackPath));
  return session.identity;
}
