import { csvDownload } from "@/lib/api/csv-download";
import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { getConfig } from "@/lib/config";
import { exportFilename } from "@/lib/export/csv";
import { takeExportSlot } from "@/lib/export/slots";
import { RerunTooLarge, startExport } from "@/lib/export/stream";
import { auditDenial, auditedPerson } from "@/lib/api/audit";
import { exportQuerySchema, parseSearchParams } from "@/lib/batch/query";
import { loadCallRecordColumns } from "@/lib/export/call-record-columns";

// Streams can outlive the default function limit on Vercel; exports of large batches need the time.
export const maxDuration = 300;

// GET /api/w/{slug}/batches/{batchId}/export: every call of a filter (or the failed ones in Trillet's upload format) as streamed CSV.
export const GET = withBatch(
  "export",
  async ({ request, identity, workspace, batchId, user, auditDetails, deferAudit }) => {
    const query = parseSearchParams(exportQuerySchema, new URL(request.url).searchParams);
    if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
    const { status, format, bom, records, ids } = query.value;
    if (records && format !== "csv") return apiError("bad_request", "records=1 is for format=csv only.");
    if (ids && format !== "csv") return apiError("bad_request", "ids is for format=csv only.");
    Object.assign(auditDetails, {
      filter: format === "rerun" ? "failed" : status,
      format,
      records,
      ...(ids ? { selected: ids.length } : {}),
    });

    const slot = await takeExportSlot(user);
    if (slot === "user" || slot === "overall") {
      auditDenial({
        reason: "too_many_exports",
        status: 429,
        person: auditedPerson(identity),
        slug: workspace.slug,
        batch: batchId,
      });
      const { perUser } = getConfig().exportLimits;
      const message =
        slot === "user"
          ? `You already have ${perUser} exports running. Try again when one has finished.`
          : "Too many exports are running right now. Try again in a minute.";
      return apiError("rate_limited", message, { "Retry-After": "30" });
    }
    const finishAudit = deferAudit();
    let started;
    try {
      started = await startExport({
        workspace,
        batchId,
        // Selected calls that were waiting or active may have moved on since: they are looked for among all calls.
        status: ids && (status === "waiting" || status === "active") ? "all" : status,
        format,
        bom,
        onlyJobIds: ids,
        concurrency: getConfig().exportConcurrency,
        signal: request.signal,
        extraColumns: records
          ? (signal) => loadCallRecordColumns(workspace, batchId, { origin: request.nextUrl.origin, signal })
          : undefined,
        onDone: (outcome) => {
          void slot.release();
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
    } catch (error) {
      await slot.release();
      if (error instanceof RerunTooLarge) return apiError("bad_request", error.message);
      throw error;
    }
    return csvDownload(started.stream, exportFilename(batchId, status, format));
  },
);
