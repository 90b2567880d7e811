import { NextResponse } from "next/server";
import { z } from "zod";
import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { failureReasons } from "@/lib/batch/failure-reasons";
import { toFailureReasonRows } from "@/lib/batch/phone-display";
import { parseSearchParams } from "@/lib/batch/query";

// GET /api/w/{slug}/batches/{batchId}/failures: distinct failure reasons with counts and the calls behind each.
export const GET = withBatch("failures.read", async ({ request, workspace, batchId }) => {
  const query = parseSearchParams(z.strictObject({}), new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
  const reasons = await failureReasons(workspace, batchId);
  return NextResponse.json(toFailureReasonRows(reasons), { headers: { "Cache-Control": "private, no-store" } });
});
