/**
 * A signed-in session for benchmarks and the load test, obtained through the real sign-in:
 * Auth.js CSRF token → POST /api/auth/signin/oidc → the local IdP's login form → callback at the
 * app → `authjs.session-token`. Plain fetch with a small cookie jar (host + path scoped), no browser.
 */

type StoredCookie = { name: string; value: string; host: string; path: string };

/** Just enough of a browser cookie store for two loopback origins: host and path scoping, deletion. */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const sep = attribute.indexOf("=");
        const key = (sep === -1 ? attribute : attribute.slice(0, sep)).toLowerCase();
        const attrValue = sep === -1 ? "" : attribute.slice(sep + 1);
        if (key === "path" && attrValue.startsWith("/")) path = attrValue;
        if (key === "expires" && Date.parse(attrValue) <= Date.now()) expired = true;
        if (key === "max-age" && Number(attrValue) <= 0) expired = true;
      }
      const id = `${url.hostname};${path};${name}`;
      if (expired) this.cookies.delete(id);
      else this.cookies.set(id, { name, value, host: url.hostname, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter(({ host }) => host === url.hostname)
      .filter(
        ({ path }) =>
          path === "/" || url.pathname === path || url.pathname.startsWith(path.endsWith("/") ? path : `${path}/`),
      )
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
  }

  /** Every cookie set for a host, e.g. to hand the session to a browser. */
  forHost(hostname: string): { name: string; value: string; path: string }[] {
    return [...this.cookies.values()]
      .filter((cookie) => cookie.host === hostname)
      .map(({ name, value, path }) => ({ name, value, path }));
  }
}

class Client {
  readonly jar = new CookieJar();

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(target);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(target, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(15_000) });
    this.jar.store(target, response);
    return response;
  }

  postForm(url: string | URL, fields: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

export type Session = {
  /** The `Cookie` header value a browser would send to the app: the session token (possibly chunked) and Auth.js's other cookies. */
  cookie: string;
  /** The app's cookies, for a browser context. */
  cookies: { name: string; value: string; path: string }[];
  email: string;
};

export type SignInOptions = {
  appUrl: string;
  email?: string;
  password?: string;
  /** Checked with GET → 200 after signing in. */
  verifyPath?: string;
};

const maxHops = 12;

function loginFormAction(html: string, pageUrl: string): URL | undefined {
  const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
  return action ? new URL(action.replaceAll("&amp;", "&"), pageUrl) : undefined;
}

function autoSubmittedForm(html: string, pageUrl: string): { action: URL; fields: Record<string, string> } | undefined {
  if (!html.includes("document.forms[0].submit()")) return undefined;
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)].map(([, name = "", value = ""]) => [
      name,
      value,
    ]),
  );
  return { action: new URL(action.replaceAll("&amp;", "&"), pageUrl), fields };
}

/** Signs in through the app's OIDC provider and the local IdP; throws with the step that failed. */
export async function signIn(options: SignInOptions): Promise<Session> {
  const email = options.email ?? "alice@acme.test";
  const password = options.password ?? "alice-demo-pass";
  const app = new URL(options.appUrl);
  const client = new Client();

  const csrfResponse = await client.request(new URL("/api/auth/csrf", app));
  if (csrfResponse.status !== 200) throw new Error(`sign-in: GET /api/auth/csrf answered ${csrfResponse.status}`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("sign-in: no csrfToken from /api/auth/csrf");

  let response = await client.postForm(new URL("/api/auth/signin/oidc", app), {
    csrfToken,
    callbackUrl: `${app.origin}/`,
  });
  let location = response.headers.get("location");
  if (response.status < 300 || response.status >= 400 || !location) {
    throw new Error(`sign-in: POST /api/auth/signin/oidc answered ${response.status} without a redirect`);
  }
  let current = new URL(location, app);
  if (current.origin === app.origin)
    throw new Error(`sign-in: the app redirected to ${current.pathname}${current.search} instead of the IdP`);

  // At the IdP: follow redirects, fill in the login form once, submit self-posting forms, until it sends us back to the app.
  let loggedIn = false;
  response = await client.request(current);
  for (let hop = 0; hop < maxHops; hop++) {
    location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      current = new URL(location, current);
      if (current.origin === app.origin) break;
      response = await client.request(current);
      continue;
    }
    if (response.status !== 200) throw new Error(`sign-in: the IdP answered ${response.status} at ${current.pathname}`);
    const html = await response.text();
    const login = loginFormAction(html, current.href);
    if (login && !loggedIn) {
      loggedIn = true;
      current = login;
      response = await client.postForm(login, { email, password });
      if (response.status === 401) throw new Error(`sign-in: the IdP refused the credentials of ${email}`);
      continue;
    }
    const form = autoSubmittedForm(html, current.href);
    if (!form) throw new Error(`sign-in: unexpected page at the IdP (${current.pathname})`);
    current = form.action;
    response = await client.postForm(form.action, form.fields);
  }
  if (current.origin !== app.origin) throw new Error("sign-in: the IdP never redirected back to the app");

  // The callback at the app sets the session cookie and redirects to the callbackUrl.
  response = await client.request(current);
  if (response.status < 300 || response.status >= 400) {
    throw new Error(`sign-in: the callback answered ${response.status}`);
  }
  const redirectedTo = new URL(response.headers.get("location") ?? "/", app);
  if (redirectedTo.pathname.startsWith("/signin")) {
    throw new Error(
      `sign-in: the app refused the sign-in (${redirectedTo.searchParams.get("error") ?? "no error code"})`,
    );
  }

  const cookies = client.jar.forHost(app.hostname);
  if (!cookies.some((cookie) => cookie.name.startsWith("authjs.session-token"))) {
    throw new Error("sign-in: no authjs.session-token cookie after the callback");
  }
  // What a browser sends back from now on: the session token (maybe chunked) and Auth.js's CSRF and
  // callback-url cookies; without the latter two Auth.js would mint new ones on every request.
  const sessionCookies = cookies.filter((cookie) => cookie.path === "/" && cookie.name.startsWith("authjs."));
  const cookie = sessionCookies.map(({ name, value }) => `${name}=${value}`).join("; ");

  if (options.verifyPath) {
    const check = await fetch(new URL(options.verifyPath, app), {
      headers: { cookie },
      redirect: "manual",
      signal: AbortSignal.timeout(15_000),
    });
    await check.arrayBuffer();
    if (check.status !== 200)
      throw new Error(`sign-in: GET ${options.verifyPath} with the new session answered ${check.status}`);
  }
  return { cookie, cookies: sessionCookies, email };
}
