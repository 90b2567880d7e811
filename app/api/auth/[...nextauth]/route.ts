import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { cancelledSignInPath } from "@/lib/auth/sign-in-errors";

// GET /api/auth/*: Auth.js, except a sign-in cancelled at the identity provider, sent to a sign-in page that says so.
export function GET(request: NextRequest) {
  const cookie =
    request.cookies.get("__Secure-authjs.callback-url")?.value ?? request.cookies.get("authjs.callback-url")?.value;
  const cancelled = cancelledSignInPath(request.nextUrl, cookie);
  if (cancelled)
    return new Response(null, { status: 303, headers: { location: cancelled, "cache-control": "no-store" } });
  return handlers.GET(request);
}

export const { POST } = handlers;
