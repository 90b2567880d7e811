import "server-only";
import { recordForJob, type CallRecord, type JobDetail } from "@/lib/call-records/parse";
import type { IndexedCall } from "./entry";
import { digitsOf } from "./normalise";

/** A call can have a record once it ended: completed, or failed after ringing (voicemail). */
export const canHaveRecord = (status: string) => status === "completed" || status === "failed";

/** The job as the call dialog reads it (lib/call-records/parse.ts recordForJob), from the batch's list row. */
export function jobOf(call: IndexedCall, callId?: string): JobDetail {
  return {
    jobId: call.jobId,
    status: call.status,
    phone_number: call.phone_number,
    startTime: call.startTime,
    endTime: call.endTime,
    duration: call.duration,
    error: call.error,
    // Only the callId is read from the result; the other fields of a job's result are optional.
    result: callId ? ({ callId } as JobDetail["result"]) : undefined,
  };
}

export type RecordLinks = {
  /** Job id → its record. */
  linked: Map<string, CallRecord>;
  /**
   * Jobs that more than one record could belong to by number and time (two calls to one number
   * minutes apart): only the job's `result.callId` can tell, which the batch's list does not carry.
   */
  ambiguous: string[];
};

/**
 * Which of `records` belongs to which call of the batch, the way the call dialog decides it
 * (recordForJob, assumption 4 in lib/call-records/parse.ts): by the job's `callId` when it is known
 * (`callIds`, from the job's own result), else by number and time window when exactly one record
 * fits. A job id in a record's metadata never links it on its own: it only rules out other jobs.
 * Only calls that can have a record are linked; a record links to at most one call.
 */
export function linkRecords(
  batchId: string,
  calls: readonly IndexedCall[],
  records: readonly CallRecord[],
  callIds: ReadonlyMap<string, string> = new Map(),
): RecordLinks {
  const byCallId = new Map<string, CallRecord[]>();
  const byDigits = new Map<string, CallRecord[]>();
  for (const record of records) {
    if (record.callId) byCallId.set(record.callId, [...(byCallId.get(record.callId) ?? []), record]);
    const digits = digitsOf(record.toPhoneNumber ?? "");
    if (digits) byDigits.set(digits, [...(byDigits.get(digits) ?? []), record]);
  }
  const linked = new Map<string, CallRecord>();
  const ambiguous: string[] = [];
  const taken = new Set<string>();
  for (const call of calls) {
    if (!canHaveRecord(call.status)) continue;
    const callId = callIds.get(call.jobId);
    const job = jobOf(call, callId);
    const candidates = callId ? (byCallId.get(callId) ?? []) : (byDigits.get(digitsOf(call.phone_number)) ?? []);
    if (candidates.length === 0) continue;
    const record = recordForJob(job, batchId, candidates);
    if (record && !taken.has(record.id)) {
      linked.set(call.jobId, record);
      taken.add(record.id);
    } else if (!record && !callId && candidates.length > 1) {
      // recordForJob refuses when several fit the window; say which, so the job's callId can be asked for.
      const window = jobOf(call);
      const fits = candidates.filter((candidate) => recordForJob(window, batchId, [candidate]) !== undefined);
      if (fits.length > 1) ambiguous.push(call.jobId);
    }
  }
  return { linked, ambiguous };
}
