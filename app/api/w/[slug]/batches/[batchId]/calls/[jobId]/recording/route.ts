import { z } from "zod";
import { apiError } from "@/lib/api/errors";
import { withBatch, type BatchParams } from "@/lib/api/with-batch";
import { jobIdSchema, parseSearchParams } from "@/lib/batch/query";
import { findRecord, readJob, readRecording } from "@/lib/call-records/fetch";
import { parseRange } from "@/lib/call-records/byte-range";

const playable = /^(audio\/[\w.+-]+|video\/mp4)$/i;

// GET /api/w/{slug}/batches/{batchId}/calls/{jobId}/recording: the call's audio, fetched by the server, with HTTP Range for seeking.
export const GET = withBatch<BatchParams & { jobId: string }>(
  "recording.read",
  async ({ request, params, workspace, batchId, user, auditDetails }) => {
    const jobId = jobIdSchema.safeParse(params.jobId);
    if (!jobId.success) return apiError("bad_request", `${jobId.error.issues[0]!.message}.`);
    const query = parseSearchParams(z.strictObject({}), new URL(request.url).searchParams);
    if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
    auditDetails.job = jobId.data;

    const job = await readJob(workspace, batchId, jobId.data, { user });
    const record = await findRecord(workspace, batchId, job, { user });
    const file = record ? readRecording(workspace, record, { user }) : undefined;
    if (!file) return apiError("not_found", "No recording was found for this call.");
    const { contentType, bytes } = await file;
    const type = contentType.split(";")[0]!.trim();
    if (!playable.test(type))
      return apiError("upstream_bad_response", "Trillet sent a recording this console cannot play.");

    const size = bytes.byteLength;
    const range = parseRange(request.headers.get("range"), size);
    auditDetails.range = range.kind;
    const headers: Record<string, string> = {
      "Content-Type": type,
      "Accept-Ranges": "bytes",
      // Not even the browser keeps it: on a shared computer it would replay after sign-out. Seeks are
      // served from this instance's memory (recording-cache.ts), not upstream.
      "Cache-Control": "no-store",
      "Content-Disposition": "inline",
      "X-Content-Type-Options": "nosniff",
    };
    if (range.kind === "unsatisfiable") {
      return apiError("range_not_satisfiable", "The requested byte range is not part of this recording.", {
        "Content-Range": `bytes */${size}`,
      });
    }
    const part = range.kind === "part" ? bytes.subarray(range.start, range.end + 1) : bytes;
    if (range.kind === "part") headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
    headers["Content-Length"] = String(part.byteLength);
    return new Response(new Uint8Array(part), { status: range.kind === "part" ? 206 : 200, headers });
  },
);
