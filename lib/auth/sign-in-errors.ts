const messages: Record<string, string> = {
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
