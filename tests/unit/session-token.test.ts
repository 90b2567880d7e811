import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { identityFromSessionCookie } from "@/lib/auth/session-token";

const secret = "unit-test-session-secret-0123456789";
const plainName = "authjs.session-token";
const secureName = "__Secure-authjs.session-token";
const alice = { email: "alice@acme.test", name: "Alice", isEmailVerified: true, groups: ["ops"] };

function sessionToken(
  claims: Record<string, unknown> = alice,
  options: { salt?: string; maxAge?: number; key?: string } = {},
) {
  return encode({
    token: claims,
    secret: options.key ?? secret,
    salt: options.salt ?? plainName,
    maxAge: options.maxAge ?? 3600,
  });
}

const withCookie = (cookie: string, extra: Record<string, string> = {}) => new Headers({ cookie, ...extra });

describe("identityFromSessionCookie", () => {
  beforeEach(() => vi.stubEnv("AUTH_URL", "http://localhost:3000"));
  afterEach(() => vi.unstubAllEnvs());

  it("reads the identity from an Auth.js session cookie", async () => {
    const token = await sessionToken();
    expect(await identityFromSessionCookie(withCookie(`theme=dark; ${plainName}=${token}`), secret)).toEqual(alice);
  });

  it("cleans odd claim types the way the session callback does", async () => {
    const token = await sessionToken({
      email: "bob@acme.test",
      name: 7,
      isEmailVerified: "true",
      groups: ["a", 1, null],
    });
    expect(await identityFromSessionCookie(withCookie(`${plainName}=${token}`), secret)).toEqual({
      email: "bob@acme.test",
      name: null,
      isEmailVerified: false,
      groups: ["a"],
    });
  });

  it("joins a cookie Auth.js split into chunks", async () => {
    const token = await sessionToken();
    const middle = Math.floor(token.length / 2);
    const cookie = `${plainName}.1=${token.slice(middle)}; ${plainName}.0=${token.slice(0, middle)}`;
    expect(await identityFromSessionCookie(withCookie(cookie), secret)).toEqual(alice);
  });

  it("is nobody without a cookie, and ignores a bearer token", async () => {
    const token = await sessionToken();
    expect(await identityFromSessionCookie(new Headers(), secret)).toBeNull();
    expect(await identityFromSessionCookie(new Headers({ authorization: `Bearer ${token}` }), secret)).toBeNull();
  });

  it("refuses a cookie sealed with another secret, for another cookie name, or tampered with", async () => {
    const foreign = await sessionToken(alice, { key: "some-other-secret-0123456789abcdef" });
    const otherSalt = await sessionToken(alice, { salt: secureName });
    const token = await sessionToken();
    const flipped = `${token.slice(0, -5)}${token.at(-5) === "A" ? "B" : "A"}${token.slice(-4)}`;
    for (const value of [foreign, otherSalt, flipped, "not-a-jwe", ""]) {
      expect(await identityFromSessionCookie(withCookie(`${plainName}=${value}`), secret)).toBeNull();
    }
  });

  it("refuses a session without an email", async () => {
    const token = await sessionToken({ name: "No Mail", isEmailVerified: true, groups: [] });
    expect(await identityFromSessionCookie(withCookie(`${plainName}=${token}`), secret)).toBeNull();
  });

  it("reads the __Secure- cookie, and only that one, when the site is https", async () => {
    vi.stubEnv("AUTH_URL", "https://console.example.com");
    const secureToken = await sessionToken(alice, { salt: secureName });
    const plainToken = await sessionToken();
    expect(await identityFromSessionCookie(withCookie(`${secureName}=${secureToken}`), secret)).toEqual(alice);
    expect(await identityFromSessionCookie(withCookie(`${plainName}=${plainToken}`), secret)).toBeNull();
  });

  it("follows x-forwarded-proto when AUTH_URL is not set", async () => {
    vi.stubEnv("AUTH_URL", undefined);
    vi.stubEnv("NEXTAUTH_URL", undefined);
    const secureToken = await sessionToken(alice, { salt: secureName });
    const plainToken = await sessionToken();
    const overHttp = withCookie(`${plainName}=${plainToken}`, { "x-forwarded-proto": "http" });
    expect(await identityFromSessionCookie(overHttp, secret)).toEqual(alice);
    expect(await identityFromSessionCookie(withCookie(`${secureName}=${secureToken}`), secret)).toEqual(alice);
  });

  it("never trusts a remembered cookie past the session's own expiry", async () => {
    const token = await sessionToken(alice, { maxAge: 30 });
    const headers = withCookie(`${plainName}=${token}`);
    const now = Date.now();
    expect(await identityFromSessionCookie(headers, secret, now)).toEqual(alice);
    expect(await identityFromSessionCookie(headers, secret, now + 20_000)).toEqual(alice);
    expect(await identityFromSessionCookie(headers, secret, now + 31_000)).toBeNull();
  });
});
