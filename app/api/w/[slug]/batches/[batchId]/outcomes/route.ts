import { NextResponse } from "next/server";
import { z } from "zod";
import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { parseSearchParams } from "@/lib/batch/query";
import { batchOutcomes } from "@/lib/call-records/outcomes";

// GET /api/w/{slug}/batches/{batchId}/outcomes: each distinct call outcome with its count and calls, from the call records.
export const GET = withBatch("outcomes.read", async ({ request, workspace, batchId }) => {
  const query = parseSearchParams(z.strictObject({}), new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
  const outcomes = await batchOutcomes(workspace, batchId);
  return NextResponse.json(outcomes, { headers: { "Cache-Control": "private, no-store" } });
});
