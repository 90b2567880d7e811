import { NextResponse } from "next/server";
import { apiError, notFoundMessage } from "@/lib/api/errors";
import { isSameOrigin } from "@/lib/api/json-body";
import { withBatch } from "@/lib/api/with-batch";
import { readJobId, type ExportJobParams } from "@/lib/export/jobs/job-id";
import { cancelExportJob, getExportJob } from "@/lib/export/jobs/service";

const noStore = { "Cache-Control": "private, no-store" };

// GET /api/w/{slug}/batches/{batchId}/exports/{jobId}: the job's state, progress and estimate.
export const GET = withBatch<ExportJobParams>("export.read", async ({ workspace, batchId, params, auditDetails }) => {
  const id = readJobId(params);
  if (!id.ok) return apiError("bad_request", id.message);
  auditDetails.job = id.jobId;
  const job = await getExportJob(workspace, batchId, id.jobId);
  if (!job) return apiError("not_found", notFoundMessage);
  return NextResponse.json({ job }, { headers: noStore });
});

// DELETE /api/w/{slug}/batches/{batchId}/exports/{jobId}: cancels at once; rows written so far stay downloadable.
export const DELETE = withBatch<ExportJobParams>(
  "export.cancel",
  async ({ request, workspace, batchId, params, auditDetails }) => {
    if (!isSameOrigin(request)) return apiError("forbidden", "Exports can only be cancelled from this site.");
    const id = readJobId(params);
    if (!id.ok) return apiError("bad_request", id.message);
    auditDetails.job = id.jobId;
    const cancelled = await cancelExportJob(workspace, batchId, id.jobId);
    if (!cancelled) return apiError("not_found", notFoundMessage);
    if (cancelled === "finished") return apiError("conflict", "This export has already finished.");
    return NextResponse.json(cancelled, { headers: noStore });
  },
);
