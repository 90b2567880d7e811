import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/config";
import { withSessionEpoch } from "@/lib/auth/session-epoch";
import { contentSecurityPolicy } from "@/lib/api/csp";
import { batchViewSearch, isCanonicalView, normaliseBatchView } from "@/lib/shared/batch-view";
import { toPageSearchParams } from "@/lib/shared/search-params";

// Signed out here, a session past its age, denied or revoked goes to sign-in with its full URL as the
// callback (a layout deeper down only knows its own segment), and Auth.js clears its cookie.
const { auth } = NextAuth({
  ...authConfig,
  callbacks: { ...authConfig.callbacks, jwt: (params) => withSessionEpoch(authConfig.callbacks.jwt(params), false) },
});

const publicPaths = [/^\/signin$/];

function withPolicy(request: NextRequest, respond: (headers: Headers) => NextResponse): NextResponse {
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  // Next.js reads the nonce from the request's policy and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = respond(requestHeaders);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

// "new" is the new-batch page (its ?rerun= is its own), not a batch.
const batchPagePath = /^\/w\/[^/]+\/batches\/(?!new$)[^/]+$/;

/** A batch link with sloppy parameters gets a real redirect to its canonical form before the page streams. */
function canonicalBatchUrl(request: NextRequest): URL | undefined {
  if (!batchPagePath.test(request.nextUrl.pathname)) return undefined;
  const raw = toPageSearchParams(request.nextUrl.searchParams);
  const view = normaliseBatchView(raw);
  if (isCanonicalView(raw, view)) return undefined;
  return new URL(`${request.nextUrl.pathname}${batchViewSearch(view)}`, request.nextUrl.origin);
}

function badEncoding(pathname: string): NextResponse {
  return pathname.startsWith("/api/")
    ? NextResponse.json(
        { error: { code: "bad_request", message: "The path is not valid URL encoding." } },
        { status: 400, headers: { "Cache-Control": "private, no-store" } },
      )
    : new NextResponse("Bad request: the address is not valid URL encoding.", {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
}

const pageProxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  const signedIn = Boolean(request.auth?.user);
  const canonical = signedIn ? canonicalBatchUrl(request) : undefined;
  if (canonical) return NextResponse.redirect(canonical);
  if (signedIn || publicPaths.some((path) => path.test(pathname))) {
    return withPolicy(request, (headers) => NextResponse.next({ request: { headers } }));
  }
  const signIn = new URL("/signin", request.nextUrl.origin);
  signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
});

// Only redirects: every page and route handler checks the session and membership again itself.
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  // Next.js answers a bare 500 for paths it cannot decode (like "%u002e"); say what is wrong instead.
  if (!isDecodable(pathname)) return badEncoding(pathname);
  // Route handlers answer 401 themselves; reading the session here as well doubled the cost of every poll.
  if (pathname.startsWith("/api/")) return NextResponse.next();
  // The wrapper is typed as a route handler; the callback above reads no second argument.
  return pageProxy(request, { params: Promise.resolve({}) });
}

export const config = {
  matcher: [
    // The Workflow SDK's own routes (queue deliveries between its steps) carry no session and must not be redirected.
    "/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|api/|\\.well-known/workflow/).*)",
    // API paths skip the proxy (running it cost ~1 ms of CPU per poll), except percent-encoded ones,
    // which it checks for encoding Next.js cannot decode.
    "/api/:rest(.*%.*)",
  ],
};
