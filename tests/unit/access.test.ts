import { beforeAll, describe, expect, it, vi } from "vitest";
import { canOpen, canOperate } from "@/lib/auth/access";
import { identityFromClaims, type Identity } from "@/lib/auth/identity";
import { workspaceConfigSchema, type WorkspaceConfig } from "@/lib/config/schema";

const issuer = "https://idp.acme.test";
const googleIssuer = "https://accounts.google.com";

const identity = (overrides: Partial<Identity> = {}): Identity => ({
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
});

const oidc = { provider: "oidc", groupsClaim: "groups" };

const workspace = (
  members: Partial<WorkspaceConfig["members"]>,
  operators: Partial<WorkspaceConfig["operators"]> = {},
): WorkspaceConfig => workspaceConfigSchema.parse({ slug: "acme", id: "ws_acme", name: "Acme", members, operators });

describe("canOperate", () => {
  it("admits a member whom the operators rule lists, and nobody else", () => {
    const acme = workspace({ domains: ["acme.test"] }, { emails: ["alice@acme.test"] });
    expect(canOperate(identity(), acme)).toBe(true);
    expect(canOperate(identity({ email: "carol@acme.test" }), acme)).toBe(false);
    expect(canOperate(identity({ isEmailVerified: false }), acme)).toBe(false);
  });

  it("never admits an operator who is not a member", () => {
    const acme = workspace({ domains: ["acme.example"] }, { emails: ["alice@acme.test"] });
    expect(canOpen(identity(), acme)).toBe(false);
    expect(canOperate(identity(), acme)).toBe(false);
  });

  it("has no operators unless the configuration names them", () => {
    expect(canOperate(identity(), workspace({ domains: ["acme.test"] }))).toBe(false);
  });
});

describe("workspace settings", () => {
  it("defaults the country, calling hours and currency, and refuses a window wider than 08:00–21:00", () => {
    const parsed = workspace({});
    expect(parsed).toMatchObject({
      defaultCountry: "US",
      callingHours: { start: "08:00", end: "21:00" },
      currency: "USD",
    });
    const base = { slug: "acme", id: "ws_acme", name: "Acme", members: {} };
    expect(workspaceConfigSchema.safeParse({ ...base, callingHours: { start: "09:00", end: "20:00" } }).success).toBe(
      true,
    );
    expect(workspaceConfigSchema.safeParse({ ...base, callingHours: { start: "07:30", end: "20:00" } }).success).toBe(
      false,
    );
    expect(workspaceConfigSchema.safeParse({ ...base, callingHours: { start: "20:00", end: "09:00" } }).success).toBe(
      false,
    );
    expect(workspaceConfigSchema.safeParse({ ...base, defaultCountry: "gb" }).data?.defaultCountry).toBe("GB");
  });
});

describe("identityFromClaims", () => {
  it("reads email, name, verification and groups", () => {
    expect(
      identityFromClaims(
        { email: "  Alice@Acme.TEST ", name: "Alice", email_verified: true, groups: ["ops", "support"] },
        oidc,
      ),
    ).toMatchObject({ email: "alice@acme.test", name: "Alice", isEmailVerified: true, groups: ["ops", "support"] });
  });

  it('treats only true or "true" as verified', () => {
    const verified = (value: unknown) =>
      identityFromClaims({ email: "a@b.test", email_verified: value }, oidc).isEmailVerified;
    expect(verified(true)).toBe(true);
    expect(verified("true")).toBe(true);
    for (const value of [false, "false", 1, "1", "yes", "TRUE", null, undefined, {}])
      expect(verified(value), String(value)).toBe(false);
    expect(identityFromClaims({ email: "a@b.test" }, oidc).isEmailVerified).toBe(false);
  });

  it("turns missing or odd claims into no access rather than an error", () => {
    const nobody = {
      id: "",
      provider: "oidc",
      issuer: "",
      email: "",
      name: null,
      isEmailVerified: false,
      groups: [],
      hostedDomain: null,
      tenantId: null,
    };
    expect(identityFromClaims({}, oidc)).toEqual(nobody);
    expect(
      identityFromClaims({ iss: 7, sub: {}, email: 42, name: ["x"], groups: { admin: true }, hd: 1, tid: [] }, oidc),
    ).toEqual(nobody);
  });

  it("keys the person on issuer and subject, and records who asserted it", () => {
    const entra = identityFromClaims(
      {
        iss: "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
        sub: "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
        tid: "9188040d-6c67-4c5b-b112-36a304b66dad",
        name: "Dana",
        groups: ["4f1c2e9a-sales"],
      },
      { provider: "microsoft-entra-id", groupsClaim: "groups" },
    );
    expect(entra).toEqual({
      id: "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0#AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
      provider: "microsoft-entra-id",
      issuer: "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
      // No email claim (common with Entra ID): still a person, with an id.
      email: "",
      name: "Dana",
      isEmailVerified: false,
      groups: ["4f1c2e9a-sales"],
      hostedDomain: null,
      tenantId: "9188040d-6c67-4c5b-b112-36a304b66dad",
    });
    // The same sub from another issuer is another person.
    expect(identityFromClaims({ iss: "https://other.test", sub: entra.id.split("#")[1] }, oidc).id).not.toBe(entra.id);
    // No id without both halves.
    expect(identityFromClaims({ iss: issuer }, oidc).id).toBe("");
    expect(identityFromClaims({ sub: "x" }, oidc).id).toBe("");
  });

  it("takes hd only from Google", () => {
    const claims = { sub: "1", email: "a@acme.test", email_verified: true, hd: "ACME.test" };
    const google = { provider: "google", groupsClaim: "groups" };
    expect(identityFromClaims({ ...claims, iss: googleIssuer }, google).hostedDomain).toBe("acme.test");
    expect(identityFromClaims({ ...claims, iss: "accounts.google.com" }, google).hostedDomain).toBe("acme.test");
    expect(identityFromClaims({ ...claims, iss: issuer }, oidc).hostedDomain).toBeNull();
  });

  it("reads groups from the configured claim only", () => {
    const claims = { email: "a@b.test", groups: ["from-groups"], roles: ["from-roles"] };
    expect(identityFromClaims(claims, { ...oidc, groupsClaim: "roles" }).groups).toEqual(["from-roles"]);
    expect(identityFromClaims(claims, { ...oidc, groupsClaim: "missing" }).groups).toEqual([]);
  });

  it("accepts a single group as a string, drops non-strings and caps the list", () => {
    expect(identityFromClaims({ groups: "ops" }, oidc).groups).toEqual(["ops"]);
    expect(identityFromClaims({ groups: ["ops", 7, null, { g: 1 }, "qa"] }, oidc).groups).toEqual(["ops", "qa"]);
    const many = Array.from({ length: 500 }, (_, i) => `g${i}`);
    const groups = identityFromClaims({ groups: many }, oidc).groups;
    expect(groups).toHaveLength(200);
    expect(groups[0]).toBe("g0");
  });
});

describe("canOpen", () => {
  it("lets in a verified listed email", () => {
    expect(canOpen(identity(), workspace({ emails: ["alice@acme.test"] }))).toBe(true);
    expect(canOpen(identity({ email: "bob@acme.test" }), workspace({ emails: ["alice@acme.test"] }))).toBe(false);
  });

  it("lets in a verified email of a listed domain, and only that exact domain", () => {
    const acme = workspace({ domains: ["acme.test"] });
    expect(canOpen(identity(), acme)).toBe(true);
    expect(canOpen(identity({ email: "carol@acme.test" }), acme)).toBe(true);
    for (const email of [
      "alice@acme.test.evil.com",
      "x@sub.acme.test",
      "alice@evilacme.test",
      "alice@acme.testx",
      "acme.test@evil.com",
      "acme.test",
      "@acme.test.evil",
    ]) {
      expect(canOpen(identity({ email }), acme), email).toBe(false);
    }
  });

  it("never matches an unverified email, by address or by domain", () => {
    const unverified = identity({ isEmailVerified: false });
    expect(canOpen(unverified, workspace({ emails: ["alice@acme.test"] }))).toBe(false);
    expect(canOpen(unverified, workspace({ domains: ["acme.test"] }))).toBe(false);
  });

  it("still lets an unverified person in through a listed group", () => {
    const unverified = identity({ isEmailVerified: false, groups: ["batch-ops"] });
    expect(canOpen(unverified, workspace({ groups: ["batch-ops"] }))).toBe(true);
    expect(canOpen(unverified, workspace({ groups: ["other"] }))).toBe(false);
  });

  it("matches groups exactly", () => {
    expect(canOpen(identity({ email: "", groups: ["ops"] }), workspace({ groups: ["ops"] }))).toBe(true);
    expect(canOpen(identity({ groups: ["ops-admins"] }), workspace({ groups: ["ops"] }))).toBe(false);
    expect(canOpen(identity({ groups: [] }), workspace({ groups: ["ops"] }))).toBe(false);
  });

  it("is case-insensitive for emails and domains configured through WORKSPACES", () => {
    const configured = workspaceConfigSchema.parse({
      slug: "acme",
      id: "ws_acme",
      name: "Acme",
      members: { emails: ["Dave@Partner.TEST"], domains: ["ACME.Test"] },
    });
    const fromIdp = (email: string) => identityFromClaims({ email, email_verified: true }, oidc);
    expect(canOpen(fromIdp("ALICE@acme.TEST"), configured)).toBe(true);
    expect(canOpen(fromIdp("dave@partner.test"), configured)).toBe(true);
    expect(canOpen(identity({ email: "DAVE@PARTNER.TEST" }), configured)).toBe(true);
    expect(canOpen(identity({ email: "Alice@ACME.test" }), configured)).toBe(true);
  });

  it("denies a person with no email and no groups", () => {
    const everyone = workspace({ emails: ["alice@acme.test"], domains: ["acme.test"], groups: ["ops"] });
    expect(canOpen(identity({ email: "", groups: [] }), everyone)).toBe(false);
    expect(canOpen(identityFromClaims({}, oidc), everyone)).toBe(false);
  });

  it("denies everyone when the member lists are empty", () => {
    expect(canOpen(identity({ groups: ["ops"] }), workspace({}))).toBe(false);
  });

  it("lets in a person without an email through a group", () => {
    const noEmail = identity({ email: "", isEmailVerified: false, groups: ["globex-partners"] });
    expect(canOpen(noEmail, workspace({ groups: ["globex-partners"] }))).toBe(true);
    expect(canOpen(noEmail, workspace({ domains: ["acme.test"], emails: ["alice@acme.test"] }))).toBe(false);
  });
});

describe("canOpen: Google accounts and domains", () => {
  const acme = workspace({ domains: ["acme.test"] });
  const google = (overrides: Partial<Identity>) =>
    identity({ provider: "google", issuer: googleIssuer, id: `${googleIssuer}#1098`, ...overrides });

  it("matches a Google Workspace account by its hd claim", () => {
    expect(canOpen(google({ hostedDomain: "acme.test" }), acme)).toBe(true);
    // hd is the organisation that manages the account, whatever the address's domain.
    expect(canOpen(google({ email: "alice@acme-alias.test", hostedDomain: "acme.test" }), acme)).toBe(true);
  });

  it("refuses a consumer Google account with a verified company address (no hd)", () => {
    expect(canOpen(google({ email: "alice@acme.test", isEmailVerified: true, hostedDomain: null }), acme)).toBe(false);
  });

  it("refuses a Google account managed by another domain", () => {
    expect(canOpen(google({ email: "alice@acme.test", hostedDomain: "evil.test" }), acme)).toBe(false);
  });

  it("still matches other providers by the domain of a verified email", () => {
    expect(canOpen(identity({ hostedDomain: null }), acme)).toBe(true);
  });
});

describe("canOpen: groups scoped to a provider or an issuer", () => {
  const okta = (groups: string[]) =>
    identity({ provider: "okta", issuer: "https://acme.okta.com", id: "https://acme.okta.com#00u1", groups });
  const other = (groups: string[]) => identity({ groups });

  it("a plain string matches the group from any provider, as before", () => {
    const rules = workspace({ groups: ["sales"] });
    expect(canOpen(okta(["sales"]), rules)).toBe(true);
    expect(canOpen(other(["sales"]), rules)).toBe(true);
  });

  it("a scoped rule matches only the group that provider asserts", () => {
    const rules = workspace({ groups: [{ group: "sales", provider: "okta" }] });
    expect(canOpen(okta(["sales"]), rules)).toBe(true);
    expect(canOpen(other(["sales"]), rules)).toBe(false);
    expect(canOpen(okta(["support"]), rules)).toBe(false);
  });

  it("an issuer-scoped rule matches only that issuer (one Entra ID tenant, one Okta org)", () => {
    const rules = workspace({ groups: [{ group: "sales", issuer: "https://acme.okta.com" }] });
    expect(canOpen(okta(["sales"]), rules)).toBe(true);
    expect(canOpen(identity({ provider: "okta", issuer: "https://evil.okta.com", groups: ["sales"] }), rules)).toBe(
      false,
    );
  });

  it("group names containing ':' are names, never a scope", () => {
    const rules = workspace({ groups: ["okta:sales"] });
    expect(canOpen(other(["okta:sales"]), rules)).toBe(true);
    expect(canOpen(okta(["sales"]), rules)).toBe(false);
  });

  it("WORKSPACES accepts both forms and refuses unknown providers and fields", () => {
    const parse = (groups: unknown) =>
      workspaceConfigSchema.safeParse({ slug: "acme", id: "ws", name: "Acme", members: { groups } });
    const parsed = parse(["admins", { group: "sales", provider: "okta" }, { group: "x", issuer: "https://a.test" }]);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.members.groups).toEqual([
      "admins",
      { group: "sales", provider: "okta" },
      { group: "x", issuer: "https://a.test" },
    ]);
    for (const bad of [
      [{ group: "sales", provider: "github" }],
      [{ group: "sales", tenant: "x" }],
      [{ provider: "okta" }],
      [{ group: "", provider: "okta" }],
      [{ group: "sales", issuer: "not a url" }],
      [""],
    ]) {
      expect(parse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("workspacesFor and openableWorkspace (from the environment)", () => {
  let access: typeof import("@/lib/auth/access");

  beforeAll(async () => {
    vi.resetModules();
    Object.assign(process.env, {
      TRILLET_API_KEY: "demo-trillet-key",
      WORKSPACES: JSON.stringify([
        { slug: "acme", id: "ws_acme", name: "Acme", members: { domains: ["acme.test"], groups: ["ops"] } },
        { slug: "globex", id: "ws_globex", name: "Globex", members: { emails: ["bob@globex.test"], groups: ["ops"] } },
        { slug: "initech", id: "ws_initech", name: "Initech", members: { emails: ["alice@acme.test"] } },
      ]),
      AUTH_SECRET: "unit-test-secret-unit-test-secret",
      AUTH_OIDC_ISSUER: "http://127.0.0.1:1",
      AUTH_OIDC_ID: "batch-console",
      AUTH_OIDC_SECRET: "client-secret",
      AUTH_OIDC_NAME: "Test SSO",
    });
    access = await import("@/lib/auth/access");
  });

  it("lists the workspaces a person may open, in configuration order", () => {
    expect(access.workspacesFor(identity()).map((w) => w.slug)).toEqual(["acme", "initech"]);
    expect(access.workspacesFor(identity({ email: "bob@globex.test" })).map((w) => w.slug)).toEqual(["globex"]);
    expect(access.workspacesFor(identity({ email: "x@nowhere.test", groups: ["ops"] })).map((w) => w.slug)).toEqual([
      "acme",
      "globex",
    ]);
    expect(access.workspacesFor(identity({ email: "mallory@evil.test" }))).toEqual([]);
  });

  it("returns the same undefined for a forbidden and an unknown slug", () => {
    expect(access.openableWorkspace(identity(), "acme")?.id).toBe("ws_acme");
    expect(access.openableWorkspace(identity(), "globex")).toBeUndefined();
    expect(access.openableWorkspace(identity(), "no-such-workspace")).toBeUndefined();
    expect(access.openableWorkspace(identity(), "__proto__")).toBeUndefined();
    expect(access.openableWorkspace(identity(), "ACME")).toBeUndefined();
  });
});
