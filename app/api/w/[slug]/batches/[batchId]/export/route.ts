import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { getConfig } from "@/lib/config";
import { exportFilename } from "@/lib/export/csv";
import { startExport } from "@/lib/export/stream";
import { exportQuerySchema, parseSearchParams } from "@/lib/batch/query";

// Streams can outlive the default function limit on Vercel; exports of large batches need the time.
export const maxDuration = 300;

// GET /api/w/{slug}/batches/{batchId}/export: every call of a filter (or the failed ones in Trillet's upload format) as streamed CSV.
export const GET = withBatch("export", async ({ request, workspace, batchId, auditDetails, deferAudit }) => {
  const query = parseSearchParams(exportQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
  const { status, format, bom } = query.value;
  Object.assign(auditDetails, { filter: format === "rerun" ? "failed" : status, format });

  const finishAudit = deferAudit();
  const { stream } = await startExport({
    workspace,
    batchId,
    status,
    format,
    bom,
    concurrency: getConfig().exportConcurrency,
    onDone: (outcome) => {
      if (!outcome.ok) {
        console.error(
          JSON.stringify({
            type: "error",
            action: "export",
            batch: batchId,
            rows: outcome.rows,
            reason: outcome.reason,
          }),
        );
      }
      finishAudit({ status: outcome.ok ? "ok" : "error", rows: outcome.rows });
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFilename(batchId, status, format)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
