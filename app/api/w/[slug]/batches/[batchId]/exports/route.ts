import { NextResponse } from "next/server";
import { auditDenial, auditedPerson } from "@/lib/api/audit";
import { apiError } from "@/lib/api/errors";
import { isSameOrigin, readJsonBody } from "@/lib/api/json-body";
import { withBatch } from "@/lib/api/with-batch";
import { exportJobRequestSchema } from "@/lib/batch/query";
import { capRetryAfterSeconds, listExportJobs, startExportJob } from "@/lib/export/jobs/service";

const noStore = { "Cache-Control": "private, no-store" };

// GET /api/w/{slug}/batches/{batchId}/exports: the batch's recent export jobs, newest first, whoever started them.
export const GET = withBatch("export.read", async ({ workspace, batchId }) =>
  NextResponse.json({ jobs: await listExportJobs(workspace, batchId) }, { headers: noStore }),
);

// POST /api/w/{slug}/batches/{batchId}/exports {format, status, bom, records}: starts a background export (202), or joins the one running.
export const POST = withBatch("export.start", async ({ request, identity, user, workspace, batchId, auditDetails }) => {
  if (!isSameOrigin(request)) return apiError("forbidden", "Exports can only be started from this site.");
  const body = await readJsonBody(request, exportJobRequestSchema);
  if (!body.ok) return apiError(body.code, body.message);
  const { format, status, bom, records } = body.value;
  if (records && format !== "csv") return apiError("bad_request", "records is for format csv only.");
  const spec = {
    format,
    status: format === "rerun" ? "failed" : status,
    bom,
    ...(records ? { records } : {}),
  } as const;
  const started = await startExportJob(workspace, batchId, spec, {
    user,
    name: identity.name || identity.email || "A member",
  });
  if ("refused" in started) {
    auditDenial({
      reason: "too_many_exports",
      status: 429,
      person: auditedPerson(identity),
      slug: workspace.slug,
      batch: batchId,
    });
    return apiError("rate_limited", started.refused, { "Retry-After": String(capRetryAfterSeconds) });
  }
  Object.assign(auditDetails, { job: started.job.id, format, filter: spec.status, records, joined: started.joined });
  return NextResponse.json(started, { status: started.joined ? 200 : 202, headers: noStore });
});
