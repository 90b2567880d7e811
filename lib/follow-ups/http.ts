import "server-only";
import { NextResponse } from "next/server";
import { apiError, trilletErrorCodes } from "@/lib/api/errors";
import { isTrilletError } from "@/lib/trillet";
import { etagOf, type ConflictBody, type FollowUp } from "@/lib/shared/follow-ups";

/** Bodies of the follow-up routes: a note of 4,000 characters (up to 3 bytes each in UTF-8), or 100 job ids. */
export const followUpBodyBytes = 32_768;

const noStore = { "Cache-Control": "private, no-store" };

/** One follow-up with its version as the ETag, for the next PATCH's If-Match. */
export function followUpAnswer(body: { followUp: FollowUp } & Record<string, unknown>, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { ...noStore, ETag: etagOf(body.followUp.version) } });
}

/** 412: someone changed it since it was read. The body says who and what it is now; nothing was written. */
export function conflictAnswer(current: FollowUp): NextResponse {
  const body: ConflictBody = {
    error: {
      code: "precondition_failed",
      message: `${current.updatedByName} changed this follow-up since you opened it. Nothing was saved: check the new values and decide.`,
    },
    current,
  };
  return NextResponse.json(body, { status: 412, headers: { ...noStore, ETag: etagOf(current.version) } });
}

/** 428: a change without If-Match could overwrite someone else's. */
export function preconditionRequired(): NextResponse {
  return NextResponse.json(
    {
      error: {
        code: "precondition_required",
        message: 'Send If-Match with the ETag of the follow-up you are changing (for example "v1").',
      },
    },
    { status: 428, headers: noStore },
  );
}

/** A Trillet failure while reading the batch's calls, as the batch routes answer it. */
export function upstreamFailure(error: unknown): Response | undefined {
  if (!isTrilletError(error)) return undefined;
  const headers = error.detail.retryAfterSeconds
    ? { "Retry-After": String(error.detail.retryAfterSeconds) }
    : undefined;
  const message = error.kind === "not_found" ? "No batch with this id in a workspace you can open." : error.message;
  return apiError(trilletErrorCodes[error.kind], message, headers);
}
