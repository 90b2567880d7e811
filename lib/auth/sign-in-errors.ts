import { safeCallbackPath } from "./callback-url";

/** Our own code for a sign-in the person cancelled (or the identity provider refused) at the provider. */
export const cancelledCode = "Cancelled";

/** `/signin?account=another`: the sign-in buttons ask the identity provider for the account again. */
export const anotherAccountParam = "account";

const messages: Record<string, string> = {
  [cancelledCode]:
    "Sign-in was cancelled at your identity provider, so you are not signed in. Sign in again when you are ready.",
  AccessDenied: "Your account was not allowed to sign in. Ask your administrator for access.",
  Configuration: "Sign-in is not set up correctly on this server. Tell your administrator.",
  Verification: "That sign-in link has expired or was already used. Sign in again.",
  OAuthSignin: "We could not start sign-in with your identity provider. Try again.",
  OAuthCallback: "Your identity provider's answer could not be checked. Try again.",
  OAuthCallbackError: "Your identity provider's answer could not be checked. Try again.",
  CallbackRouteError: "Your identity provider's answer could not be checked. Try again.",
  SessionRequired: "Sign in to continue.",
};

/** Auth.js passes short error codes back; people get a sentence. */
export function signInErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return messages[code] ?? "Sign-in did not complete. Try again.";
}

/**
 * The identity provider came back with OAuth's `error=access_denied` (the person pressed Cancel, or
 * the provider refused them): Auth.js would call that "the answer could not be checked". Returns
 * the sign-in page that says it was cancelled, keeping where the person was going (the path of
 * Auth.js's callback-URL cookie, on this site whatever host it names), or undefined for any other request.
 */
export function cancelledSignInPath(url: URL, callbackCookie: string | undefined): string | undefined {
  if (!url.pathname.startsWith("/api/auth/callback/")) return undefined;
  if (url.searchParams.get("error") !== "access_denied" || url.searchParams.has("code")) return undefined;
  let callbackUrl = "/";
  if (callbackCookie) {
    try {
      const target = new URL(callbackCookie, url.origin);
      callbackUrl = safeCallbackPath(`${target.pathname}${target.search}`);
    } catch {
      // an unreadable cookie: home
    }
  }
  return `/signin?${new URLSearchParams({ error: cancelledCode, callbackUrl })}`;
}
