import { NextResponse } from "next/server";
import { z } from "zod";
import { apiError } from "@/lib/api/errors";
import { withBatch, type BatchParams } from "@/lib/api/with-batch";
import { jobIdSchema, parseSearchParams } from "@/lib/batch/query";
import { callDetail } from "@/lib/call-records/call-detail";

// GET /api/w/{slug}/batches/{batchId}/calls/{jobId}: what happened on one call (job, outcome, summary, transcript); at most 2 upstream requests.
export const GET = withBatch<BatchParams & { jobId: string }>(
  "call.read",
  async ({ request, params, workspace, batchId, user, auditDetails }) => {
    const jobId = jobIdSchema.safeParse(params.jobId);
    if (!jobId.success) return apiError("bad_request", `${jobId.error.issues[0]!.message}.`);
    const query = parseSearchParams(z.strictObject({}), new URL(request.url).searchParams);
    if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
    const { detail } = await callDetail(workspace, batchId, jobId.data, user);
    Object.assign(auditDetails, { job: jobId.data, record: detail.record });
    return NextResponse.json(detail, { headers: { "Cache-Control": "private, no-store" } });
  },
);
