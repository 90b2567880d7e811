import "server-only";
import { exportJobIdSchema } from "@/lib/batch/query";

/** The route parameters of one export job. */
export type ExportJobParams = { slug: string; batchId: string; jobId: string };

/** The job id segment of an export route, validated, or the 400 message. */
export function readJobId(params: ExportJobParams): { ok: true; jobId: string } | { ok: false; message: string } {
  const parsed = exportJobIdSchema.safeParse(params.jobId);
  return parsed.success
    ? { ok: true, jobId: parsed.data }
    : { ok: false, message: `jobId ${parsed.error.issues[0]!.message}.` };
}
