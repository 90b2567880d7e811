import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { sessionPolicyFrom } from "@/lib/auth/session-policy";
import { readSessionCookie, type EpochCheck } from "@/lib/auth/session-token";

const secret = "unit-test-session-secret-0123456789";
const plainName = "authjs.session-token";
const secureName = "__Secure-authjs.session-token";
const issuer = "https://idp.acme.test";
const hour = 3_600_000;
const seconds = (ms: number) => Math.floor(ms / 1000);

/** What the `jwt` callback writes at sign-in (lib/auth/config.ts), signed in a minute ago. */
const aliceClaims = {
  uid: `${issuer}#alice-sub`,
  provider: "oidc",
  issuer,
  email: "alice@acme.test",
  name: "Alice",
  isEmailVerified: true,
  groups: ["ops"],
  hd: null,
  tid: null,
  signedInAt: seconds(Date.now() - 60_000),
  epoch: 0,
};
const alice: Identity = {
  id: `${issuer}#alice-sub`,
  provider: "oidc",
  issuer,
  email: "alice@acme.test",
  name: "Alice",
  isEmailVerified: true,
  groups: ["ops"],
  hostedDomain: null,
  tenantId: null,
};

function sessionToken(
  claims: Record<string, unknown> = aliceClaims,
  options: { salt?: string; maxAge?: number; key?: string } = {},
) {
  return encode({
    token: claims,
    secret: options.key ?? secret,
    salt: options.salt ?? plainName,
    maxAge: options.maxAge ?? 3600,
  });
}

const without = (claims: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(claims).filter(([name]) => name !== key));

/** The signed-in person the cookie names, or null for any other outcome. */
async function identityFromSessionCookie(...args: Parameters<typeof readSessionCookie>): Promise<Identity | null> {
  const session = await readSessionCookie(...args);
  return session.state === "signed-in" ? session.identity : null;
}

const withCookie = (cookie: string, extra: Record<string, string> = {}) => new Headers({ cookie, ...extra });

describe("readSessionCookie", () => {
  beforeEach(() => vi.stubEnv("AUTH_URL", "http://localhost:3000"));
  afterEach(() => vi.unstubAllEnvs());

  it("reads the identity from an Auth.js session cookie", async () => {
    const token = await sessionToken();
    expect(await identityFromSessionCookie(withCookie(`theme=dark; ${plainName}=${token}`), secret)).toEqual(alice);
  });

  it("cleans odd claim types the way the session callback does", async () => {
    const token = await sessionToken({
      ...aliceClaims,
      email: "bob@acme.test",
      name: 7,
      isEmailVerified: "true",
      groups: ["a", 1, null],
      hd: 5,
    });
    expect(await identityFromSessionCookie(withCookie(`${plainName}=${token}`), secret)).toEqual({
      ...alice,
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
    const foreign = await sessionToken(aliceClaims, { key: "some-other-secret-0123456789abcdef" });
    const otherSalt = await sessionToken(aliceClaims, { salt: secureName });
    const token = await sessionToken();
    const flipped = `${token.slice(0, -5)}${token.at(-5) === "A" ? "B" : "A"}${token.slice(-4)}`;
    for (const value of [foreign, otherSalt, flipped, "not-a-jwe", ""]) {
      expect(await identityFromSessionCookie(withCookie(`${plainName}=${value}`), secret)).toBeNull();
    }
  });

  it("refuses a session without a subject id", async () => {
    const token = await sessionToken(without(aliceClaims, "uid"));
    expect(await identityFromSessionCookie(withCookie(`${plainName}=${token}`), secret)).toBeNull();
  });

  it("admits a session without an email: people are keyed on their subject id", async () => {
    const token = await sessionToken({ ...aliceClaims, uid: `${issuer}#dana`, email: "", isEmailVerified: false });
    expect(await identityFromSessionCookie(withCookie(`${plainName}=${token}`), secret)).toEqual({
      ...alice,
      id: `${issuer}#dana`,
      email: "",
      isEmailVerified: false,
    });
  });

  it("reads the __Secure- cookie, and only that one, when the site is https", async () => {
    vi.stubEnv("AUTH_URL", "https://console.example.com");
    const secureToken = await sessionToken(aliceClaims, { salt: secureName });
    const plainToken = await sessionToken();
    expect(await identityFromSessionCookie(withCookie(`${secureName}=${secureToken}`), secret)).toEqual(alice);
    expect(await identityFromSessionCookie(withCookie(`${plainName}=${plainToken}`), secret)).toBeNull();
  });

  it("follows x-forwarded-proto when AUTH_URL is not set", async () => {
    vi.stubEnv("AUTH_URL", undefined);
    vi.stubEnv("NEXTAUTH_URL", undefined);
    const secureToken = await sessionToken(aliceClaims, { salt: secureName });
    const plainToken = await sessionToken();
    const overHttp = withCookie(`${plainName}=${plainToken}`, { "x-forwarded-proto": "http" });
    expect(await identityFromSessionCookie(overHttp, secret)).toEqual(alice);
    expect(await identityFromSessionCookie(withCookie(`${secureName}=${secureToken}`), secret)).toEqual(alice);
  });

  it("never trusts a remembered cookie past the session's own expiry", async () => {
    const token = await sessionToken(aliceClaims, { maxAge: 30 });
    const headers = withCookie(`${plainName}=${token}`);
    const now = Date.now();
    expect(await identityFromSessionCookie(headers, secret, now)).toEqual(alice);
    expect(await identityFromSessionCookie(headers, secret, now + 20_000)).toEqual(alice);
    expect(await identityFromSessionCookie(headers, secret, now + 31_000)).toBeNull();
  });
});

describe("readSessionCookie: sessions end, and can be ended", () => {
  beforeEach(() => vi.stubEnv("AUTH_URL", "http://localhost:3000"));
  afterEach(() => vi.unstubAllEnvs());

  const read = (token: string, now = Date.now(), checks = {}) =>
    identityFromSessionCookie(withCookie(`${plainName}=${token}`), secret, now, checks);

  it("ends a session AUTH_SESSION_MAX_AGE_HOURS (default 12) after sign-in, however recently its cookie was renewed", async () => {
    const now = Date.now();
    // The cookie itself was renewed a minute ago and is good for 8 more hours: only the sign-in time is old.
    const old = await sessionToken(
      { ...aliceClaims, signedInAt: seconds(now - 12 * hour - 1000) },
      { maxAge: 8 * 3600 },
    );
    const recent = await sessionToken({ ...aliceClaims, signedInAt: seconds(now - 11 * hour) }, { maxAge: 8 * 3600 });
    expect(await read(old, now)).toBeNull();
    expect(await read(recent, now)).toEqual(alice);
    vi.stubEnv("AUTH_SESSION_MAX_AGE_HOURS", "24");
    expect(await read(old, now)).toEqual(alice);
    vi.stubEnv("AUTH_SESSION_MAX_AGE_HOURS", "1");
    expect(await read(recent, now)).toBeNull();
  });

  it("ends a remembered cookie on time: the minute-long cache does not stretch a session", async () => {
    const now = Date.now();
    const policy = sessionPolicyFrom({ AUTH_SESSION_MAX_AGE_HOURS: "1" });
    const token = await sessionToken({ ...aliceClaims, signedInAt: seconds(now - hour + 20_000) });
    expect(await read(token, now, { policy })).toEqual(alice);
    expect(await read(token, now + 10_000, { policy })).toEqual(alice);
    expect(await read(token, now + 21_000, { policy })).toBeNull();
  });

  it("signs out a session from before sessions had an end (no sign-in time)", async () => {
    expect(await read(await sessionToken(without(aliceClaims, "signedInAt")))).toBeNull();
    expect(await read(await sessionToken({ ...aliceClaims, signedInAt: "yesterday" }))).toBeNull();
  });

  it("refuses whoever AUTH_DENY names, by email or by subject id, at every read", async () => {
    const token = await sessionToken();
    expect(await read(token)).toEqual(alice);
    for (const deny of ["ALICE@acme.test", `bob@acme.test, ${issuer}#alice-sub`]) {
      expect(await read(token, Date.now(), { policy: sessionPolicyFrom({ AUTH_DENY: deny }) }), deny).toBeNull();
    }
    vi.stubEnv("AUTH_DENY", "alice@acme.test");
    expect(await read(token)).toBeNull();
    vi.stubEnv("AUTH_DENY", `${issuer}#alice-sub-2, carol@acme.test`);
    expect(await read(token)).toEqual(alice);
  });

  it("asks whether the session was revoked on every read, cached cookie or not, with the epoch it signed in with", async () => {
    const token = await sessionToken({ ...aliceClaims, epoch: 1_700_000_000_000 });
    const asked: [string, number][] = [];
    let check: EpochCheck = "valid";
    const checkEpoch = async (identity: Identity, epoch: number) => {
      asked.push([identity.id, epoch]);
      return check;
    };
    const now = Date.now();
    expect(await read(token, now, { checkEpoch })).toEqual(alice);
    expect(await read(token, now + 1_000, { checkEpoch })).toEqual(alice);
    check = "revoked";
    expect(await read(token, now + 2_000, { checkEpoch })).toBeNull();
    expect(asked).toEqual([
      [alice.id, 1_700_000_000_000],
      [alice.id, 1_700_000_000_000],
      [alice.id, 1_700_000_000_000],
    ]);
  });

  it("a session whose revocation cannot be checked right now is neither signed in nor signed out: unchecked, with who it is", async () => {
    const token = await sessionToken();
    const checkEpoch = async (): Promise<EpochCheck> => "unknown";
    expect(await readSessionCookie(withCookie(`${plainName}=${token}`), secret, Date.now(), { checkEpoch })).toEqual({
      state: "unchecked",
      identity: alice,
    });
    // What needs no shared state still ends it: a denied person is signed out, checkable or not.
    const policy = sessionPolicyFrom({ AUTH_DENY: "alice@acme.test" });
    expect(
      await readSessionCookie(withCookie(`${plainName}=${token}`), secret, Date.now(), { checkEpoch, policy }),
    ).toEqual({ state: "signed-out" });
  });
});
