import { z } from "zod";

/** Who a signed-in person is, as far as access decisions go. */
export const identitySchema = z.object({
  email: z.string(),
  name: z.string().nullable(),
  isEmailVerified: z.boolean(),
  groups: z.array(z.string()),
});

export type Identity = z.infer<typeof identitySchema>;

const maxGroups = 200;

/** Reads an ID token's claims; anything missing or odd becomes "no access" rather than an error. */
export function identityFromClaims(claims: Record<string, unknown>, groupsClaim: string): Identity {
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const rawGroups = claims[groupsClaim];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.filter((group): group is string => typeof group === "string").slice(0, maxGroups)
    : typeof rawGroups === "string"
      ? [rawGroups]
      : [];
  return {
    email,
    name: typeof claims.name === "string" ? claims.name : null,
    // Only an explicit `true` counts: a provider that does not say is not vouching for the address.
    isEmailVerified: claims.email_verified === true || claims.email_verified === "true",
    groups,
  };
}

/** The identity an Auth.js session token carries (written by the `jwt` callback at sign-in). */
export function identityFromToken(token: Record<string, unknown>): Identity {
  return {
    email: typeof token.email === "string" ? token.email : "",
    name: typeof token.name === "string" ? token.name : null,
    isEmailVerified: token.isEmailVerified === true,
    groups: Array.isArray(token.groups)
      ? token.groups.filter((group): group is string => typeof group === "string")
      : [],
  };
}
