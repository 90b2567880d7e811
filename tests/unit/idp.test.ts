import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts, type DemoAccount } from "@/dev/idp/accounts";
import { idpDefaults, startIdp, type RunningIdp } from "@/dev/idp/server";

const clientId = idpDefaults.clientId;
const clientSecret = idpDefaults.clientSecret;
const redirectUri = idpDefaults.redirectUris[0];
const fullScope = "openid email profile groups";

type Discovery = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
  scopes_supported: string[];
  claims_supported: string[];
  code_challenge_methods_supported: string[];
  response_types_supported: string[];
};

type TokenResponse = { id_token: string; access_token: string; token_type: string };

/** Just enough of a browser cookie store: name + path scoping, deletion, no domains (one host). */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key = "", attrValue = ""] = attribute.split("=");
        if (key.toLowerCase() === "path") path = attrValue;
        if (key.toLowerCase() === "expires" && Date.parse(attrValue) <= Date.now()) expired = true;
        if (key.toLowerCase() === "max-age" && Number(attrValue) <= 0) expired = true;
      }
      const id = `${name};${path}`;
      if (expired) this.cookies.delete(id);
      else this.cookies.set(id, { name, value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter(({ path }) => url.pathname === path || url.pathname.startsWith(path.endsWith("/") ? path : `${path}/`))
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
  }
}

class Browser {
  readonly jar = new CookieJar();

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(target);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    this.jar.store(response);
    return response;
  }

  submitForm(url: string | URL, fields: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /**
   * Follows redirects until one leaves the IdP (the app's callback) or a page is shown. Like a browser, it
   * also submits oidc-provider's self-posting forms (used when a different account signs in over a session).
   */
  async follow(response: Response, issuer: string): Promise<Response | URL> {
    let current = response;
    for (let hop = 0; hop < 10; hop += 1) {
      const location = current.headers.get("location");
      if (current.status === 200 && !location) {
        const html = await current.clone().text();
        const autoPost = autoSubmittedForm(html);
        if (!autoPost) return current;
        current = await this.submitForm(autoPost.action, autoPost.fields);
        continue;
      }
      if (current.status < 300 || current.status >= 400 || !location) return current;
      const next = new URL(location, current.url);
      if (next.origin !== new URL(issuer).origin) return next;
      current = await this.request(next);
    }
    throw new Error("too many redirects");
  }
}

function autoSubmittedForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  if (!html.includes("document.forms[0].submit()")) return undefined;
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)].map(([, name = "", value = ""]) => [
      name,
      value,
    ]),
  );
  return { action, fields };
}

type AuthorizationRequest = {
  url: URL;
  state: string;
  nonce: string;
  verifier: string;
};

function authorizationRequest(discovery: Discovery, params: Record<string, string> = {}): AuthorizationRequest {
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: fullScope,
    state,
    nonce,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...params,
  }).toString();
  return { url, state, nonce, verifier };
}

function loginFormAction(html: string, pageUrl: string): URL {
  const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form in page:\n${html}`);
  return new URL(action.replaceAll("&amp;", "&"), pageUrl);
}

function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1];
  if (!payload) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("local OIDC identity provider", () => {
  let idp: RunningIdp;
  let discovery: Discovery;

  beforeAll(async () => {
    idp = await startIdp({ port: 0 });
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    discovery = (await response.json()) as Discovery;
  });

  afterAll(async () => {
    await idp?.close();
  });

  /** Authorization request → login page, asserting that the IdP asked for a login. */
  async function openLoginPage(browser: Browser, request: AuthorizationRequest) {
    const result = await browser.follow(await browser.request(request.url), idp.issuer);
    if (result instanceof URL) throw new Error(`expected a login page, was redirected to ${result.href}`);
    expect(result.status).toBe(200);
    const html = await result.text();
    return { html, action: loginFormAction(html, result.url) };
  }

  /** Full front-channel flow up to the app callback. */
  async function signIn(browser: Browser, account: DemoAccount, params: Record<string, string> = {}) {
    const request = authorizationRequest(discovery, params);
    const { action } = await openLoginPage(browser, request);
    const result = await browser.follow(
      await browser.submitForm(action, { email: account.login, password: account.password }),
      idp.issuer,
    );
    if (!(result instanceof URL))
      throw new Error(`expected a redirect to the app, got ${result.status} ${result.url}\n${await result.text()}`);
    return { request, callback: result };
  }

  async function exchangeCode(code: string, verifier: string, auth: "basic" | "post" = "basic") {
    const body = new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (auth === "basic") {
      const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
    } else {
      body.set("client_id", clientId);
      body.set("client_secret", clientSecret);
    }
    return fetch(discovery.token_endpoint, { method: "POST", headers, body });
  }

  async function idTokenFor(account: DemoAccount, params: Record<string, string> = {}) {
    const { request, callback } = await signIn(new Browser(), account, params);
    const response = await exchangeCode(callback.searchParams.get("code") ?? "", request.verifier);
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as TokenResponse;
    return { request, tokens, claims: decodeJwtPayload(tokens.id_token) };
  }

  const alice = demoAccounts.find((account) => account.email === "alice@acme.test")!;
  const eve = demoAccounts.find((account) => account.email === "eve@acme.test")!;

  it("publishes a discovery document for the code flow with PKCE and the groups claim", () => {
    expect(discovery.issuer).toBe(idp.issuer);
    expect(idp.issuer).toBe(`http://127.0.0.1:${idp.port}`);
    expect(discovery.response_types_supported).toEqual(["code"]);
    expect(discovery.code_challenge_methods_supported).toContain("S256");
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile", "groups"]));
    expect(discovery.claims_supported).toEqual(
      expect.arrayContaining(["sub", "email", "email_verified", "name", "groups"]),
    );
    expect(discovery.end_session_endpoint).toBe(`${idp.issuer}/session/end`);
  });

  it("shows an accessible login form and refuses wrong credentials with 401 without saying which part", async () => {
    const browser = new Browser();
    const { html, action } = await openLoginPage(browser, authorizationRequest(discovery));
    expect(html).toContain('<label for="email">Email or username</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<button type="submit"[^>]*>Sign in<\/button>/);
    expect(html).not.toContain("<script");

    for (const [email, password] of [
      [alice.login, "not-her-password"],
      ["dana", alice.password],
      ["nobody@acme.test", alice.password],
    ] as const) {
      const response = await browser.submitForm(action, { email, password });
      expect(response.status).toBe(401);
      const page = await response.text();
      expect(page).toContain("Wrong email, username or password");
      expect(page).toContain('<form method="post"');
      expect(page).not.toMatch(/unknown|not found|incorrect password/i);
    }
  });

  it("completes the authorization-code flow and puts the profile claims in the ID token", async () => {
    const browser = new Browser();
    const { request, callback } = await signIn(browser, alice);

    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get("state")).toBe(request.state);
    expect(callback.searchParams.get("iss")).toBe(idp.issuer);
    const code = callback.searchParams.get("code");
    expect(code).toBeTruthy();

    const response = await exchangeCode(code!, request.verifier, "basic");
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as TokenResponse;
    expect(tokens.token_type).toBe("Bearer");

    const [header = "", payload = "", signature = ""] = tokens.id_token.split(".");
    const { kid, alg } = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { kid: string; alg: string };
    expect(alg).toBe("RS256");
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const jwk = jwks.keys.find((key) => key.kid === kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: jwk!, format: "jwk" });
    expect(verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"))).toBe(
      true,
    );

    const claims = decodeJwtPayload(tokens.id_token);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: clientId,
      nonce: request.nonce,
      sub: alice.id,
      email: "alice@acme.test",
      email_verified: true,
      name: "Alice Anders",
      groups: ["acme-sales"],
    });
    expect(claims.sub).not.toBe(alice.email);

    // The code is single use.
    expect((await exchangeCode(code!, request.verifier)).status).toBe(400);
  });

  it("marks an unverified email as such", async () => {
    const { claims } = await idTokenFor(eve);
    expect(claims).toMatchObject({ sub: eve.id, email: "eve@acme.test", email_verified: false, groups: [] });
  });

  it("gives every demo account a stable, distinct sub and its groups", async () => {
    const subs = new Set<unknown>();
    for (const account of demoAccounts) {
      const { claims } = await idTokenFor(account);
      expect(claims).toMatchObject({ sub: account.id, name: account.name });
      expect(claims.groups).toEqual(account.groups);
      if (account.email === "") {
        // Like an Entra ID account without a mail attribute: no email claim at all, not an empty one.
        expect(claims).not.toHaveProperty("email");
        expect(claims).not.toHaveProperty("email_verified");
      } else {
        expect(claims.email).toBe(account.email);
        expect(claims.email_verified).toBe(account.emailVerified);
      }
      subs.add(claims.sub);
    }
    expect(subs.size).toBe(demoAccounts.length);
  });

  it("includes groups for Auth.js's default scope (openid profile email) and accepts client_secret_post", async () => {
    const browser = new Browser();
    const { request, callback } = await signIn(browser, alice, { scope: "openid profile email" });
    const response = await exchangeCode(callback.searchParams.get("code") ?? "", request.verifier, "post");
    expect(response.status).toBe(200);
    const claims = decodeJwtPayload(((await response.json()) as TokenResponse).id_token);
    expect(claims).toMatchObject({
      email: alice.email,
      email_verified: true,
      name: alice.name,
      groups: ["acme-sales"],
    });
  });

  it("refuses a redirect_uri that is not registered, without redirecting", async () => {
    for (const uri of ["http://localhost:3000/evil", "http://evil.test/api/auth/callback/oidc"]) {
      const response = await new Browser().request(authorizationRequest(discovery, { redirect_uri: uri }).url);
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("redirect_uri");
    }
  });

  it("requires PKCE and checks the verifier", async () => {
    const request = authorizationRequest(discovery);
    request.url.searchParams.delete("code_challenge");
    request.url.searchParams.delete("code_challenge_method");
    const result = await new Browser().follow(await new Browser().request(request.url), idp.issuer);
    expect(result).toBeInstanceOf(URL);
    expect((result as URL).searchParams.get("error")).toBe("invalid_request");

    const { callback } = await signIn(new Browser(), alice);
    const wrong = await exchangeCode(callback.searchParams.get("code") ?? "", randomBytes(32).toString("base64url"));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("reuses the IdP session, but prompt=login forces a new login, also as another account", async () => {
    const browser = new Browser();
    await signIn(browser, alice);

    const silent = await browser.follow(await browser.request(authorizationRequest(discovery).url), idp.issuer);
    expect(silent).toBeInstanceOf(URL);
    const silentCode = (silent as URL).searchParams.get("code");
    expect(silentCode).toBeTruthy();

    const again = await signIn(browser, alice, { prompt: "login" });
    expect(again.callback.searchParams.get("state")).toBe(again.request.state);

    const { request, callback } = await signIn(browser, eve, { prompt: "login" });
    const response = await exchangeCode(callback.searchParams.get("code") ?? "", request.verifier);
    expect(decodeJwtPayload(((await response.json()) as TokenResponse).id_token).sub).toBe(eve.id);
  });

  it("escapes what it echoes into the login page", async () => {
    const request = authorizationRequest(discovery, { login_hint: '"><script>alert(1)</script>' });
    const { html } = await openLoginPage(new Browser(), request);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("ends the IdP session through RP-initiated logout", async () => {
    const browser = new Browser();
    const { request, callback } = await signIn(browser, alice);
    const tokens = (await (
      await exchangeCode(callback.searchParams.get("code") ?? "", request.verifier)
    ).json()) as TokenResponse;

    const logoutUrl = new URL(discovery.end_session_endpoint);
    logoutUrl.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: idpDefaults.postLogoutRedirectUris[0],
      state: "bye",
    }).toString();
    const confirm = await browser.request(logoutUrl);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain("Yes, sign me out");
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    const action = /id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(xsrf && action).toBeTruthy();

    const done = await browser.submitForm(action!, { xsrf: xsrf!, logout: "yes" });
    expect(done.status).toBe(303);
    const back = new URL(done.headers.get("location") ?? "");
    expect(`${back.origin}${back.pathname}`).toBe(idpDefaults.postLogoutRedirectUris[0]);
    expect(back.searchParams.get("state")).toBe("bye");

    // Signed out: the next authorization asks for credentials again.
    await openLoginPage(browser, authorizationRequest(discovery));
  });
});
