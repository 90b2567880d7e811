import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { parseSearchParams } from "@/lib/batch/query";
import { searchCalls } from "@/lib/call-records/search";
import { searchQuerySchema } from "@/lib/call-records/search-term";

// GET /api/w/{slug}/batches/{batchId}/search?q=: the batch's calls whose record matches a phone number (any format) or text; 1 upstream request.
export const GET = withBatch("calls.search", async ({ request, workspace, batchId, user, auditDetails }) => {
  const query = parseSearchParams(searchQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
  const result = await searchCalls(workspace, batchId, query.value.q, user);
  // The kind of search and the count, never the search text (it may be a phone number or a name).
  Object.assign(auditDetails, { kind: result.kind, rows: result.calls.length });
  return NextResponse.json(result, { headers: { "Cache-Control": "private, no-store" } });
});
