import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { pollHint } from "@/lib/batch/poll-hint";
import { toCallRows } from "@/lib/batch/phone-display";
import { callsQuerySchema, parseSearchParams } from "@/lib/batch/query";
import { listBatchCalls } from "@/lib/trillet";

// GET /api/w/{slug}/batches/{batchId}/calls: one page of a batch's calls, in Trillet's shape plus each phone number as shown.
export const GET = withBatch("calls.read", async ({ request, workspace, batchId, user, auditDetails }) => {
  const query = parseSearchParams(callsQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
  Object.assign(auditDetails, { filter: query.value.status, page: query.value.page });

  const [calls, pollAfterMs] = await Promise.all([
    listBatchCalls(workspace, batchId, query.value, { user }),
    pollHint(workspace),
  ]);
  return NextResponse.json(toCallRows(calls), {
    headers: { "Cache-Control": "private, no-store", "X-Poll-After-Ms": String(pollAfterMs) },
  });
});
