import "next-auth";
import type { Identity } from "@/lib/auth/identity";

declare module "next-auth" {
  interface Session {
    user: Identity & { image?: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The subject id, `<issuer>#<sub>` (Identity.id). */
    uid?: string;
    provider?: string;
    issuer?: string;
    isEmailVerified?: boolean;
    groups?: string[];
    /** Google's hosted domain and Entra ID's tenant, when the provider sent them. */
    hd?: string | null;
    tid?: string | null;
    /** Seconds since the epoch when this session signed in: it ends AUTH_SESSION_MAX_AGE_HOURS later. */
    signedInAt?: number;
    /** The session epoch of this person at sign-in: a higher one in shared state means revoked. */
    epoch?: number;
    /** This session's own id, made at sign-in: signing out revokes it, so a renewal still in flight cannot bring it back. */
    sid?: string;
  }
}
