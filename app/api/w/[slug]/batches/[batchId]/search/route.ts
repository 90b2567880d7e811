import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { parseSearchParams } from "@/lib/batch/query";
import { searchRequestSchema } from "@/lib/search/query";
import { searchBatch } from "@/lib/search/search-batch";

// GET /api/w/{slug}/batches/{batchId}/search?q=&status=&page=&limit=: the batch's calls matching a number or words, from its index, with how much is searched.
export const GET = withBatch("calls.search", async ({ request, workspace, batchId, user, auditDetails }) => {
  const query = parseSearchParams(searchRequestSchema, new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
  const result = await searchBatch(workspace, batchId, query.value, user);
  // The kind of search and the count, never the search text (it may be a phone number or a name).
  Object.assign(auditDetails, {
    kind: result.kind,
    rows: result.pagination.total,
    searched: result.progress.searched,
    complete: result.progress.complete,
  });
  return NextResponse.json(result, { headers: { "Cache-Control": "private, no-store" } });
});
