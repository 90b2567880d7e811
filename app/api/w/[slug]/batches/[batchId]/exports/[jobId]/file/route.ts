import { csvDownload } from "@/lib/api/csv-download";
import { apiError, notFoundMessage } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { readJobId, type ExportJobParams } from "@/lib/export/jobs/job-id";
import { exportJobFile } from "@/lib/export/jobs/service";

// GET /api/w/{slug}/batches/{batchId}/exports/{jobId}/file: the finished CSV (or, after a failure or cancel, the partial one).
export const GET = withBatch<ExportJobParams>(
  "export.download",
  async ({ request, workspace, batchId, params, auditDetails }) => {
    const id = readJobId(params);
    if (!id.ok) return apiError("bad_request", id.message);
    auditDetails.job = id.jobId;
    const file = await exportJobFile(workspace, batchId, id.jobId, request.nextUrl.origin);
    if (!file) return apiError("not_found", notFoundMessage);
    if (file === "not_ready") return apiError("conflict", "This export has not finished yet.");
    if (file === "no_rows")
      return apiError("conflict", "This export ended before it wrote any rows: there is no file.");
    Object.assign(auditDetails, { rows: file.rows, partial: file.partial });
    return csvDownload(file.stream, file.filename, { "X-Export-Partial": file.partial ? "true" : "false" });
  },
);
