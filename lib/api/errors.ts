import { NextResponse } from "next/server";
import type { TrilletErrorKind } from "@/lib/trillet/errors";

export const apiErrorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  unprocessable: 422,
  rate_limited: 429,
  upstream_unauthorized: 502,
  upstream_bad_response: 502,
  upstream_error: 502,
  upstream_timeout: 504,
  internal: 500,
  unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof apiErrorStatus;

export const trilletErrorCodes: Record<TrilletErrorKind, ApiErrorCode> = {
  not_found: "not_found",
  unauthorized: "upstream_unauthorized",
  rate_limited: "rate_limited",
  timeout: "upstream_timeout",
  bad_response: "upstream_bad_response",
  upstream_error: "upstream_error",
};

/** The one error shape of the API: `{"error":{"code","message"}}`, never cached. */
export function apiError(code: ApiErrorCode, message: string, headers?: HeadersInit): NextResponse {
  const response = NextResponse.json({ error: { code, message } }, { status: apiErrorStatus[code], headers });
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}

/** A session whose revocation cannot be checked right now (the shared store is away): refused, not trusted. */
export function sessionUncheckedError(): NextResponse {
  return apiError(
    "unavailable",
    "Your session cannot be checked right now because shared storage is not answering. Try again in a few seconds.",
    { "Retry-After": "10" },
  );
}

export const notFoundMessage = "No batch with this id in a workspace you can open.";
