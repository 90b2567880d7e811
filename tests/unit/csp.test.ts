import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, signInOrigins } from "@/lib/api/csp";

// Hardening issue, item B: forms submit only to this origin (and the sign-in providers'), and no
// <base> may move relative URLs.

const directives = (policy: string) =>
  new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

describe("contentSecurityPolicy", () => {
  it("has form-action 'self' and base-uri 'none'", () => {
    const policy = directives(contentSecurityPolicy("abc", false, []));
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
  });

  it("lets a sign-in form's redirect reach the configured providers, and nowhere else", () => {
    const policy = directives(contentSecurityPolicy("abc", false, ["https://example.okta.com"]));
    expect(policy.get("form-action")).toEqual(["'self'", "https://example.okta.com"]);
  });

  it("keeps the rest: nonce scripts, no framing, no plugins, eval only in development", () => {
    const policy = directives(contentSecurityPolicy("abc", false, []));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(directives(contentSecurityPolicy("abc", true, [])).get("script-src")).toContain("'unsafe-eval'");
  });
});

describe("signInOrigins", () => {
  it("is the origin of each configured provider's issuer, and Google's fixed one", () => {
    expect(
      signInOrigins({
        AUTH_GOOGLE_ID: "id",
        AUTH_MICROSOFT_ENTRA_ID_ISSUER: "https://login.microsoftonline.com/tenant-id/v2.0",
        AUTH_OKTA_ISSUER: "https://example.okta.com/oauth2/default",
        AUTH_OIDC_ISSUER: "http://127.0.0.1:4011",
      }),
    ).toEqual([
      "https://accounts.google.com",
      "https://login.microsoftonline.com",
      "https://example.okta.com",
      "http://127.0.0.1:4011",
    ]);
  });

  it("allows nothing for providers not configured, or an issuer that is not an http(s) URL", () => {
    expect(signInOrigins({})).toEqual([]);
    expect(
      signInOrigins({ AUTH_OIDC_ISSUER: "javascript:alert(1)", AUTH_OKTA_ISSUER: "not a url; script-src *" }),
    ).toEqual([]);
  });
});
