/**
 * Who a signed-in person is, as far as access decisions go, and who said so. Every field comes from the
 * ID token the provider signed at sign-in; nothing here is taken from a request.
 */
export type Identity = {
  /**
   * The stable key for this person: `<issuer>#<sub>`. Present for everyone, with or without an email
   * (Entra ID often sends none). An issuer is a URL without a fragment, so the first '#' splits it.
   */
  id: string;
  /** The Auth.js provider that signed them in: "google", "microsoft-entra-id", "okta" or "oidc". */
  provider: string;
  /** The `iss` claim of the ID token, as the provider's discovery document names it. */
  issuer: string;
  /** Lowercased; "" when the provider sent none. */
  email: string;
  name: string | null;
  isEmailVerified: boolean;
  groups: string[];
  /** Google's `hd` claim: the Google Workspace domain that manages the account; null for consumer accounts. */
  hostedDomain: string | null;
  /** Entra ID's `tid` claim: the tenant the account belongs to. */
  tenantId: string | null;
};

const maxGroups = 200;

/** Google signs ID tokens with either spelling of its issuer. */
export function isGoogleIssuer(issuer: string): boolean {
  return issuer === "https://accounts.google.com" || issuer === "accounts.google.com";
}

export function subjectId(issuer: string, sub: string): string {
  return issuer && sub ? `${issuer}#${sub}` : "";
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const textOrNull = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

function groupList(raw: unknown): string[] {
  if (typeof raw === "string") return [raw];
  if (!Array.isArray(raw)) return [];
  return raw.filter((group): group is string => typeof group === "string").slice(0, maxGroups);
}

/**
 * Reads an ID token's claims (Auth.js hands OIDC providers' validated claims to the `jwt` callback as
 * `profile`); anything missing or odd becomes "no access" rather than an error.
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
  { provider, groupsClaim }: { provider: string; groupsClaim: string },
): Identity {
  const issuer = text(claims.iss);
  const google = isGoogleIssuer(issuer);
  return {
    id: subjectId(issuer, text(claims.sub)),
    provider,
    issuer,
    email: text(claims.email).trim().toLowerCase(),
    name: textOrNull(claims.name),
    // Only an explicit `true` counts: a provider that does not say is not vouching for the address.
    isEmailVerified: claims.email_verified === true || claims.email_verified === "true",
    groups: groupList(claims[groupsClaim]),
    // `hd` means something only when Google says it; another issuer's "hd" is just a claim.
    hostedDomain: google ? (textOrNull(claims.hd)?.toLowerCase() ?? null) : null,
    tenantId: textOrNull(claims.tid),
  };
}

/** What the session JWT holds for the identity (read back by identityFromToken). */
export function identityClaims(identity: Identity) {
  return {
    uid: identity.id,
    provider: identity.provider,
    issuer: identity.issuer,
    email: identity.email,
    name: identity.name,
    isEmailVerified: identity.isEmailVerified,
    groups: identity.groups,
    hd: identity.hostedDomain,
    tid: identity.tenantId,
  };
}

/** The identity an Auth.js session token carries (written by the `jwt` callback at sign-in). */
export function identityFromToken(token: Record<string, unknown>): Identity {
  return {
    id: text(token.uid),
    provider: text(token.provider),
    issuer: text(token.issuer),
    email: text(token.email),
    name: textOrNull(token.name),
    isEmailVerified: token.isEmailVerified === true,
    groups: Array.isArray(token.groups)
      ? token.groups.filter((group): group is string => typeof group === "string")
      : [],
    hostedDomain: textOrNull(token.hd),
    tenantId: textOrNull(token.tid),
  };
}

/** How a person is named on screen: their email, else their name, else their subject id. */
export function displayName(identity: Identity): string {
  return identity.email || identity.name || identity.id;
}
