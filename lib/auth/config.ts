import type { NextAuthConfig } from "next-auth";
import { sameOriginRedirect } from "./callback-url";
import { identityFromClaims, identityFromToken } from "./identity";

/**
 * The part of the Auth.js setup that needs no secrets beyond AUTH_SECRET and no providers:
 * enough for proxy.ts to read the session cookie.
 */
export const authConfig = {
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [],
  callbacks: {
    redirect: sameOriginRedirect,
    jwt({ token, profile }) {
      if (profile) {
        const groupsClaim = process.env.AUTH_OIDC_GROUPS_CLAIM || "groups";
        const identity = identityFromClaims(profile, groupsClaim);
        token.email = identity.email;
        token.name = identity.name;
        token.isEmailVerified = identity.isEmailVerified;
        token.groups = identity.groups;
      }
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, ...identityFromToken(token) };
      return session;
    },
  },
} satisfies NextAuthConfig;
