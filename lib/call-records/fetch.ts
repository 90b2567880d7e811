import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { callRecordsPerRequest } from "@/lib/shared/export-jobs";
import { sharedRead } from "@/lib/state/shared-reads";
import { readScope, TrilletError } from "@/lib/trillet";
import {
  getTrillet,
  getTrilletAnswer,
  getTrilletBytes,
  parseAnswer,
  type UpstreamBytes,
  type UpstreamOptions,
} from "@/lib/trillet/http";
import {
  anyJson,
  jobDetailSchema,
  readCallRecordPage,
  recordForJob,
  type CallRecord,
  type CallRecordPage,
  type JobDetail,
} from "./parse";
import { cachedRecording } from "./recording-cache";

// Upstream reads of the call-records family. Opening a call costs at most two requests (the job,
// then one call-history page that holds its record), each shared by every instance and reused
// for `detailTtlMs`; the recording adds one per instance, kept in that instance's memory (recording-cache.ts).

/** A finished call's job and record do not change; a live one's status might, so not for long. */
const detailTtlMs = 30_000;
const readLockMs = 12_000;
export const historyPageSize = callRecordsPerRequest;
const maxRecordingBytes = 25 * 1024 * 1024;
const recordIdPattern = /^[A-Za-z0-9_-]{1,128}$/;

const enc = encodeURIComponent;
const jobPath = (batchId: string, jobId: string) => `/v1/api/batch-calls/${enc(batchId)}/calls/${enc(jobId)}`;
export const historyPath = (params: Record<string, string>) => `/v2/api/call-history?${new URLSearchParams(params)}`;

const finished = (status: string) => status !== "waiting" && status !== "active";

/** One job of a batch. Unknown job or batch, or another workspace's: `not_found`, as an unknown batch. */
export function readJob(workspace: WorkspaceConfig, batchId: string, jobId: string, options: UpstreamOptions) {
  const path = jobPath(batchId, jobId);
  return sharedRead("call-job", readScope(workspace, path), { ttlMs: detailTtlMs, lockMs: readLockMs }, () =>
    getTrillet(workspace, path, jobDetailSchema, options),
  );
}

/** One call-history page; a reply with no list in it is `bad_response`. */
export async function readHistoryPage(
  workspace: WorkspaceConfig,
  params: Record<string, string>,
  options: UpstreamOptions,
  ttlMs = detailTtlMs,
): Promise<CallRecordPage> {
  const path = historyPath(params);
  const limit = Number(params.limit ?? 10);
  const load = async () => {
    const page = readCallRecordPage(parseAnswer(await getTrilletAnswer(workspace, path, options), anyJson), limit);
    if (!page) throw new TrilletError("bad_response", { cause: "no list in the call-history reply" });
    return page;
  };
  if (options.priority === "background") return load();
  return sharedRead("call-history", readScope(workspace, path), { ttlMs, lockMs: readLockMs }, load);
}

/** The call-history query that can hold a job's record (assumption 4 in parse.ts), or none when nothing can link them. */
function recordQuery(job: JobDetail, batchId: string): Record<string, string> | undefined {
  const callId = job.result?.callId;
  if (callId) return { batchId, callIds: JSON.stringify([callId]), limit: "10" };
  if (!job.phone_number || job.startTime === undefined) return undefined;
  return { batchId, search: job.phone_number, limit: "20" };
}

/** The job's call record, or undefined when none matches. Costs one request, none when nothing can link them. */
export async function findRecord(
  workspace: WorkspaceConfig,
  batchId: string,
  job: JobDetail,
  options: UpstreamOptions,
): Promise<CallRecord | undefined> {
  if (!finished(job.status)) return undefined;
  const query = recordQuery(job, batchId);
  if (!query) return undefined;
  const page = await readHistoryPage(workspace, query, options);
  return recordForJob(job, batchId, page.records);
}

/** The recording of a record, through the recording cache; `undefined` when the record has none. */
export function readRecording(
  workspace: WorkspaceConfig,
  record: CallRecord,
  options: UpstreamOptions,
): Promise<UpstreamBytes> | undefined {
  if (!record.hasRecording || !recordIdPattern.test(record.id)) return undefined;
  const path = `/v2/api/recordings/${record.id}`;
  return cachedRecording(readScope(workspace, path), () =>
    getTrilletBytes(workspace, path, maxRecordingBytes, options),
  );
}
