import { beforeAll, describe, expect, it, vi } from "vitest";
import { canOpen } from "@/lib/auth/access";
import { identityFromClaims, type Identity } from "@/lib/auth/identity";
import { workspaceConfigSchema, type WorkspaceConfig } from "@/lib/config/schema";

const identity = (overrides: Partial<Identity> = {}): Identity => ({
  email: "alice@acme.test",
  name: "Alice",
  isEmailVerified: true,
  groups: [],
  ...overrides,
});

const workspace = (members: Partial<WorkspaceConfig["members"]>): WorkspaceConfig => ({
  slug: "acme",
  id: "ws_acme",
  name: "Acme",
  members: { emails: [], domains: [], groups: [], ...members },
});

describe("identityFromClaims", () => {
  it("reads email, name, verification and groups", () => {
    expect(
      identityFromClaims(
        { email: "  Alice@Acme.TEST ", name: "Alice", email_verified: true, groups: ["ops", "support"] },
        "groups",
      ),
    ).toEqual({ email: "alice@acme.test", name: "Alice", isEmailVerified: true, groups: ["ops", "support"] });
  });

  it('treats only true or "true" as verified', () => {
    const verified = (value: unknown) =>
      identityFromClaims({ email: "a@b.test", email_verified: value }, "groups").isEmailVerified;
    expect(verified(true)).toBe(true);
    expect(verified("true")).toBe(true);
    for (const value of [false, "false", 1, "1", "yes", "TRUE", null, undefined, {}])
      expect(verified(value), String(value)).toBe(false);
    expect(identityFromClaims({ email: "a@b.test" }, "groups").isEmailVerified).toBe(false);
  });

  it("turns missing or odd claims into no access rather than an error", () => {
    expect(identityFromClaims({}, "groups")).toEqual({ email: "", name: null, isEmailVerified: false, groups: [] });
    expect(identityFromClaims({ email: 42, name: ["x"], groups: { admin: true } }, "groups")).toEqual({
      email: "",
      name: null,
      isEmailVerified: false,
      groups: [],
    });
  });

  it("reads groups from the configured claim only", () => {
    const claims = { email: "a@b.test", groups: ["from-groups"], roles: ["from-roles"] };
    expect(identityFromClaims(claims, "roles").groups).toEqual(["from-roles"]);
    expect(identityFromClaims(claims, "missing").groups).toEqual([]);
  });

  it("accepts a single group as a string, drops non-strings and caps the list", () => {
    expect(identityFromClaims({ groups: "ops" }, "groups").groups).toEqual(["ops"]);
    expect(identityFromClaims({ groups: ["ops", 7, null, { g: 1 }, "qa"] }, "groups").groups).toEqual(["ops", "qa"]);
    const many = Array.from({ length: 500 }, (_, i) => `g${i}`);
    const groups = identityFromClaims({ groups: many }, "groups").groups;
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
    const fromIdp = (email: string) => identityFromClaims({ email, email_verified: true }, "groups");
    expect(canOpen(fromIdp("ALICE@acme.TEST"), configured)).toBe(true);
    expect(canOpen(fromIdp("dave@partner.test"), configured)).toBe(true);
    expect(canOpen(identity({ email: "DAVE@PARTNER.TEST" }), configured)).toBe(true);
    expect(canOpen(identity({ email: "Alice@ACME.test" }), configured)).toBe(true);
  });

  it("denies a person with no email and no groups", () => {
    const everyone = workspace({ emails: ["alice@acme.test"], domains: ["acme.test"], groups: ["ops"] });
    expect(canOpen(identity({ email: "", groups: [] }), everyone)).toBe(false);
    expect(canOpen(identityFromClaims({}, "groups"), everyone)).toBe(false);
  });

  it("denies everyone when the member lists are empty", () => {
    expect(canOpen(identity({ groups: ["ops"] }), workspace({}))).toBe(false);
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
