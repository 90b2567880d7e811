import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { sameOriginRedirect } from "./callback-url";
import { identityClaims, identityFromClaims, identityFromToken, type Identity } from "./identity";
import { isDenied, sessionExpired, sessionPolicy, signedInAtMs } from "./session-policy";

/** The person an ID token names, with the provider that checked it; `profile` is the token's validated claims. */
export function signInIdentity(profile: Record<string, unknown>, provider: string): Identity {
  const groupsClaim = process.env.AUTH_OIDC_GROUPS_CLAIM || "groups";
  return identityFromClaims(profile, { provider, groupsClaim });
}

/** Auth.js calls the `jwt` callback with the provider's profile only when a sign-in completes. */
export function isSignIn({ trigger, profile, account }: { trigger?: string; profile?: unknown; account?: unknown }) {
  return (trigger === "signIn" || trigger === "signUp") && Boolean(profile) && Boolean(account);
}

/**
 * The part of the Auth.js setup that needs no secrets beyond AUTH_SECRET, no providers and no shared state:
 * the base of proxy.ts's session reading. It ends sessions past AUTH_SESSION_MAX_AGE_HOURS and those
 * AUTH_DENY names; revocation (an epoch in shared state, lib/auth/session-epoch.ts) is added on top by
 * proxy.ts and lib/auth/index.ts, and checked where pages and route handlers read the identity.
 */
export const authConfig = {
  // `maxAge` is the idle limit: the cookie is renewed on use. The absolute limit counts from `signedInAt`.
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [],
  callbacks: {
    redirect: sameOriginRedirect,
    // Refused here, the person sees "not allowed to sign in" on the sign-in page instead of a session that
    // every later check would throw away.
    signIn({ account, profile }) {
      if (!account || !profile) return false;
      const identity = signInIdentity(profile, account.provider);
      return identity.id !== "" && !isDenied(identity, sessionPolicy());
    },
    jwt(params): JWT | null {
      if (isSignIn(params)) {
        const identity = signInIdentity(params.profile!, params.account!.provider);
        // Only what access decisions need, and when this session began: it ends AUTH_SESSION_MAX_AGE_HOURS later
        // however often it is renewed.
        const signedInAt = Math.floor(Date.now() / 1000);
        return { ...identityClaims(identity), signedInAt, epoch: 0, sid: crypto.randomUUID() };
      }
      const { token } = params;
      const policy = sessionPolicy();
      const identity = identityFromToken(token);
      // null: Auth.js clears the cookie and the request is signed out.
      if (!identity.id || sessionExpired(signedInAtMs(token), policy) || isDenied(identity, policy)) return null;
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, ...identityFromToken(token) };
      return session;
    },
  },
} satisfies NextAuthConfig;
