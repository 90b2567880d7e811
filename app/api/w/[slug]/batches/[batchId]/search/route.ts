import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { parseSearchParams } from "@/lib/batch/query";
import { isDatabaseUnavailable } from "@/lib/db/client";
import { openOfBatch } from "@/lib/follow-ups/store";
import { searchRequestSchema } from "@/lib/search/query";
import { searchBatch } from "@/lib/search/search-batch";

/** The job ids of the batch's open follow-ups (from the database), or a 503 answer when it is away. */
async function openJobIds(workspace: Parameters<typeof openOfBatch>[0], batchId: string) {
  try {
    return new Set((await openOfBatch(workspace, batchId)).map((mark) => mark.jobId));
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return apiError("unavailable", "The team's records cannot be reached right now. Try again in a few seconds.", {
      "Retry-After": "10",
    });
  }
}

// GET /api/w/{slug}/batches/{batchId}/search?q=&followUp=open&status=&page=&limit=: the batch's calls matching a
// number or words, and/or with an open follow-up, from its index, with how much is searched.
export const GET = withBatch("calls.search", async ({ request, workspace, batchId, user, auditDetails }) => {
  const query = parseSearchParams(searchRequestSchema, new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
  const only = query.value.followUp ? await openJobIds(workspace, batchId) : undefined;
  if (only instanceof Response) return only;
  const result = await searchBatch(workspace, batchId, { ...query.value, only }, user);
  // The kind of search and the count, never the search text (it may be a phone number or a name).
  Object.assign(auditDetails, {
    kind: query.value.q === undefined ? "follow-up" : result.kind,
    ...(only ? { followUp: true } : {}),
    rows: result.pagination.total,
    searched: result.progress.searched,
    complete: result.progress.complete,
  });
  return NextResponse.json(result, { headers: { "Cache-Control": "private, no-store" } });
});
