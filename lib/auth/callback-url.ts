const probeOrigin = "http://batch-console.invalid";

/**
 * The path, query and hash of a same-origin relative URL, else "/". Refuses absolute URLs,
 * protocol-relative `//host`, backslash tricks like `/\host`, `javascript:` and control characters.
 */
export function safeCallbackPath(raw: string | null | undefined): string {
  if (!raw || raw.length > 2048) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, probeOrigin);
  } catch {
    return "/";
  }
  // Dot segments resolve after the checks above: "/a/..//evil.test" becomes "//evil.test".
  if (url.origin !== probeOrigin || url.pathname.startsWith("//") || url.pathname.startsWith("/\\")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Auth.js redirect callback: stay on this origin whatever the provider or the URL says. */
export function sameOriginRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  if (url.startsWith("/")) return `${baseUrl}${safeCallbackPath(url)}`;
  try {
    const target = new URL(url);
    if (target.origin === new URL(baseUrl).origin)
      return `${baseUrl}${safeCallbackPath(`${target.pathname}${target.search}${target.hash}`)}`;
  } catch {
    // fall through to the home page
  }
  return baseUrl;
}
