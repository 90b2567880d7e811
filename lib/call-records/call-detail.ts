import "server-only";
import { formatPhone } from "@/lib/batch/phone-display";
import type { WorkspaceConfig } from "@/lib/config";
import type { CallDetail } from "@/lib/shared/call-detail";
import { indexedCallFields } from "@/lib/search/call-row";
import { isTrilletError } from "@/lib/trillet";
import { errorText } from "@/lib/runtime/scrub-secrets";
import { findRecord, readJob } from "./fetch";
import { outcomeForJob, readTranscript, type CallRecord, type JobDetail } from "./parse";

const unavailableMessage =
  "Trillet's call history did not answer, so the transcript, summary and recording cannot be shown right now. Try again.";

function jobPart(job: JobDetail): CallDetail["job"] {
  const { jobId, status, phone_number, startTime, endTime, duration, error } = job;
  return { jobId, status, phone_number, phoneDisplay: formatPhone(phone_number), startTime, endTime, duration, error };
}

/** What happened on one call: the job (one request) and its call record (one more, none for unfinished calls). */
export async function callDetail(
  workspace: WorkspaceConfig,
  batchId: string,
  jobId: string,
  user: string,
): Promise<{ detail: CallDetail; record?: CallRecord }> {
  const job = await readJob(workspace, batchId, jobId, { user });
  // The job carries its CSV row only once completed; the batch's search index has every call's.
  const fieldsRead: Promise<CallDetail["fields"]> = job.result?.metadata
    ? Promise.resolve({ state: "found", metadata: job.result.metadata })
    : indexedCallFields(workspace, batchId, jobId).catch((error: unknown) => {
        console.error(JSON.stringify({ type: "call-fields", message: errorText(error) }));
        return { state: "missing" } as const;
      });
  let record: CallRecord | undefined;
  let state: CallDetail["record"];
  try {
    record = await findRecord(workspace, batchId, job, { user });
    state = record ? "found" : job.status === "waiting" || job.status === "active" ? "not_finished" : "none";
  } catch (error) {
    // The record is extra: its failure leaves the job's own facts on screen (a 404 of the history is a failure too).
    if (!isTrilletError(error)) throw error;
    state = "unavailable";
  }
  const jobTranscript = readTranscript(job.result?.transcript);
  const transcript = record?.transcript.length
    ? { turns: record.transcript, source: "record" as const }
    : jobTranscript.length
      ? { turns: jobTranscript, source: "job" as const }
      : undefined;
  return {
    record,
    detail: {
      job: jobPart(job),
      fields: await fieldsRead,
      currency: workspace.currency,
      record: state,
      ...(state === "unavailable" ? { recordMessage: unavailableMessage } : {}),
      outcome: outcomeForJob(job, record),
      summary: record?.summary,
      analysed: record?.analysed ?? [],
      cost: record?.cost,
      durationSeconds: record?.durationSeconds ?? job.duration,
      transcript,
      recording: record?.hasRecording ?? false,
    },
  };
}
