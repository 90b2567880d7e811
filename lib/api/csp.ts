type Env = Record<string, string | undefined>;

// Sign-in providers whose authorization endpoint is on their issuer's origin (Auth.js reads it from
// the issuer's discovery document). Google's provider has no issuer variable: its endpoint is fixed.
const issuerVariables = ["AUTH_MICROSOFT_ENTRA_ID_ISSUER", "AUTH_OKTA_ISSUER", "AUTH_OIDC_ISSUER"] as const;
const googleOrigin = "https://accounts.google.com";

/** The origins of the configured sign-in providers: where the sign-in form's answer redirects to. */
export function signInOrigins(env: Env = process.env): string[] {
  const origins = new Set<string>();
  if (env.AUTH_GOOGLE_ID) origins.add(googleOrigin);
  for (const name of issuerVariables) {
    const value = env[name];
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.protocol === "https:" || url.protocol === "http:") origins.add(url.origin);
    } catch {
      // a bad issuer stops the server at start (lib/config); nothing to allow here
    }
  }
  return [...origins];
}

let configuredOrigins: string[] | undefined;

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets Next's own chunks load);
 * nothing may frame the app. Styles allow inline attributes, which React and Radix set for
 * widths and positions; they cannot run code. No <base> element may move relative URLs.
 *
 * Forms submit only to this origin, so an injected form cannot post elsewhere, with one exception:
 * the sign-in providers' origins. A sign-in button pressed before the page's script has run (or
 * without script) is a plain form POST answered by a redirect to the provider, and Chromium checks
 * form-action on every redirect that follows a form submission: with 'self' alone that sign-in
 * silently does nothing (tests/e2e/hardening.spec.ts). Once the page has hydrated, sign-in is a
 * fetch followed by a plain navigation, which form-action does not govern.
 */
export function contentSecurityPolicy(
  nonce: string,
  isDev: boolean,
  formTargets: readonly string[] = (configuredOrigins ??= signInOrigins()),
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}
