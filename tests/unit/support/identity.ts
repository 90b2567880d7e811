import type { Identity } from "@/lib/auth/identity";

/** A signed-in person as lib/auth reads one from the session: alice of acme unless `overrides` say otherwise. */
export function testIdentity(overrides: Partial<Identity> = {}): Identity {
  const issuer = overrides.issuer ?? "http://127.0.0.1:1";
  return {
    id: `${issuer}#alice-sub`,
    provider: "oidc",
    issuer,
    email: "alice@acme.test",
    name: "Alice",
    isEmailVerified: true,
    groups: [],
    hostedDomain: null,
    tenantId: null,
    ...overrides,
  };
}
