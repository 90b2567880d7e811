import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./index";
import { identitySchema, type Identity } from "./identity";
import { safeCallbackPath } from "./callback-url";

/**
 * The signed-in person, or null. Never trusts anything but the verified session cookie.
 * Memoised per server render, so a layout and its page decrypt the session once.
 */
export const currentIdentity = cache(async function currentIdentity(): Promise<Identity | null> {
  const session = await auth();
  if (!session?.user) return null;
  const parsed = identitySchema.safeParse({
    email: session.user.email ?? "",
    name: session.user.name ?? null,
    isEmailVerified: session.user.isEmailVerified,
    groups: session.user.groups,
  });
  return parsed.success && parsed.data.email ? parsed.data : null;
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
