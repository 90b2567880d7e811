import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionSecret } from "@/lib/config";
import type { Identity } from "./identity";
import { safeCallbackPath } from "./callback-url";
import { isSessionRevoked } from "./session-epoch";
import { identityFromSessionCookie } from "./session-token";

/**
 * The signed-in person, or null. Never trusts anything but the verified session cookie, and treats a
 * session past AUTH_SESSION_MAX_AGE_HOURS, denied by AUTH_DENY or revoked ("Sign out everywhere",
 * `npm run revoke`) as no session. Memoised per server render, so a layout and its page decrypt the session once.
 */
export const currentIdentity = cache(async function currentIdentity(): Promise<Identity | null> {
  return identityFromSessionCookie(await headers(), sessionSecret(), Date.now(), { isRevoked: isSessionRevoked });
});

export function signInPath(callbackPath: string): string {
  return `/signin?${new URLSearchParams({ callbackUrl: safeCallbackPath(callbackPath) })}`;
}

/** For pages: the signed-in person, or a redirect to sign in and back to `callbackPath`. */
export async function requireIdentity(callbackPath: string): Promise<Identity> {
  const identity = await currentIdentity();
  if (!identity) redirect(signInPath(callbackPath));
  return identity;
}
