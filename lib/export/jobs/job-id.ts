import "server-only";
import { exportJobIdSchema } from "@/lib/batch/query";

/** The job id segment of an export route, validated, or the 400 message. */
export function readJobId(
  segments: Record<string, string>,
): { ok: true; jobId: string } | { ok: false; message: string } {
  const parsed = exportJobIdSchema.safeParse(segments.jobId);
  return parsed.success
    ? { ok: true, jobId: parsed.data }
    : { ok: false, message: `jobId ${parsed.error.issues[0]!.message}.` };
}
