import "server-only";
import { getRun, start } from "workflow/api";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import {
  callRecordRequests,
  exportJobLabel,
  isActiveJob,
  linePosition,
  type ExportJobView,
} from "@/lib/shared/export-jobs";
import { keyName } from "@/lib/state/sealed";
import { getBatch } from "@/lib/trillet";
import { backgroundPerMinute } from "@/lib/trillet/background-share";
import { recordColumns, type RecordCells } from "../call-record-columns";
import { CallCsvWriter, exportFilename } from "../csv";
import { admitJob, releaseJobCap, type CapRefusal } from "./caps";
import { jobRows, jobStore, newJobId, type ExportJobRecord, type ExportJobSpec, type JobStore } from "./records";
import { releaseTurn } from "./turns";
import { exportJobWorkflow } from "./workflow";
import { errorText } from "@/lib/runtime/scrub-secrets";

/** Call-history pages a job with record columns reads: known when read, else about one per 100 finished calls. */
function recordPagesTotal(record: ExportJobRecord): number | undefined {
  if (!record.spec.records) return 0;
  if (record.records?.done) return record.records.pagesDone;
  if (record.finishedCalls === undefined) return undefined;
  return Math.max(record.records?.pagesDone ?? 0, callRecordRequests(record.finishedCalls));
}

function estimateSeconds(record: ExportJobRecord, now: number): number | undefined {
  const recordPages = recordPagesTotal(record);
  if (record.pagesTotal === undefined || recordPages === undefined) return undefined;
  const pagesDone = record.pagesDone + (record.records?.pagesDone ?? 0);
  const remaining = Math.max(0, record.pagesTotal + recordPages - pagesDone);
  if (pagesDone > 0 && record.startedAt !== undefined && now > record.startedAt) {
    const pagesPerMs = pagesDone / (now - record.startedAt);
    return Math.ceil(remaining / pagesPerMs / 1000);
  }
  // Before any pace is known: the background share of the budget, split between the jobs allowed to run.
  const { trillet, exportJobsPerKey } = getConfig();
  const pagesPerMinute = backgroundPerMinute(trillet.rateLimitPerMinute) / exportJobsPerKey;
  return Math.ceil((remaining / pagesPerMinute) * 60);
}

const sum = (counts: number[] | undefined) => (counts ?? []).reduce((total, count) => total + count, 0);

function callRecordsView(record: ExportJobRecord): NonNullable<ExportJobView["callRecords"]> {
  const pagesTotal = recordPagesTotal(record);
  return {
    read: sum(record.records?.read),
    linked: sum(record.records?.linked),
    pages: { done: record.records?.pagesDone ?? 0, ...(pagesTotal !== undefined ? { total: pagesTotal } : {}) },
    done: record.records?.done ?? false,
  };
}

export function jobView(record: ExportJobRecord, cancelled: boolean, now = Date.now()): ExportJobView {
  const state = cancelled && (record.state === "queued" || record.state === "running") ? "cancelled" : record.state;
  const active = state === "queued" || state === "running";
  const rows = jobRows(record);
  return {
    id: record.jobId,
    state,
    format: record.spec.format,
    status: record.spec.format === "rerun" ? "failed" : record.spec.status,
    bom: record.spec.bom,
    createdAt: new Date(record.createdAt).toISOString(),
    createdBy: record.createdBy,
    ...(record.finishedAt !== undefined ? { finishedAt: new Date(record.finishedAt).toISOString() } : {}),
    ...(state === "queued" && record.queuePosition !== undefined ? { queuePosition: record.queuePosition } : {}),
    rows: { done: rows, ...(record.rowsTotal !== undefined ? { total: record.rowsTotal } : {}) },
    pages: { done: record.pagesDone, ...(record.pagesTotal !== undefined ? { total: record.pagesTotal } : {}) },
    ...(record.spec.records ? { callRecords: callRecordsView(record) } : {}),
    ...(active ? { estimateSeconds: estimateSeconds(record, now) } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    downloadable: state === "done" || (!active && record.chunkRows.length > 0),
  };
}

async function viewOf(jobs: JobStore, record: ExportJobRecord): Promise<ExportJobView> {
  return jobView(record, await jobs.isCancelled(record.jobId));
}

async function readForBatch(jobs: JobStore, batchId: string, jobId: string) {
  const record = await jobs.read(jobId);
  return record?.batchId === batchId ? record : undefined;
}

export type StartedJob = { job: ExportJobView; joined: boolean };
/** Not started: a cap on jobs running or waiting is full; the message names what fills it. */
export type RefusedJob = { refused: string };

/** The job already running or waiting for this batch and spec, if any: asking for it again joins it. */
async function joinableJob(jobs: JobStore, batchId: string, spec: ExportJobSpec): Promise<ExportJobView | undefined> {
  const holder = await jobs.specHolder(batchId, spec);
  const record = holder === undefined ? undefined : await readForBatch(jobs, batchId, holder);
  const view = record && (await viewOf(jobs, record));
  return view && isActiveJob(view) ? view : undefined;
}

/** A refused job's Retry-After: exports take minutes, so asking again sooner is pointless. */
export const capRetryAfterSeconds = 60;

/** Jobs named in a refusal; the rest are counted. */
const namedInRefusal = 3;

/** "You already have 3 exports running or waiting: All calls (CSV) of batch_1 (running), …". */
export function capMessage(refusal: CapRefusal): string {
  const named = refusal.active.slice(0, namedInRefusal).map((record) => {
    const view = jobView(record, false);
    const where =
      view.state === "queued" ? (view.queuePosition ? linePosition(view.queuePosition) : "waiting") : "running";
    return `${exportJobLabel(view)} of ${record.batchId} (${where})`;
  });
  const more = refusal.active.length - named.length;
  // Empty only while the jobs that fill the cap are a moment from having their records written.
  const list = named.length > 0 ? `: ${named.join("; ")}${more > 0 ? `; and ${more} more` : ""}` : "";
  const exports = `${refusal.limit} export${refusal.limit === 1 ? "" : "s"} running or waiting`;
  return refusal.over === "person"
    ? `You already have ${exports}${list}. Start another when one has finished, or cancel one.`
    : `This workspace already has ${exports}${list}. Start another when one has finished.`;
}

/**
 * Starts an export job, or joins the one already running for the same batch, filter, format and
 * BOM choice (two people pressing Export get one job and one spend of the budget). A new job must
 * fit under the person's and the workspace's caps, and its batch must exist (one upstream read).
 */
export async function startExportJob(
  workspace: WorkspaceConfig,
  batchId: string,
  spec: ExportJobSpec,
  person: { user: string; name: string },
): Promise<StartedJob | RefusedJob> {
  const jobs = jobStore(workspace);
  const joinable = await joinableJob(jobs, batchId, spec);
  if (joinable) return { job: joinable, joined: true };

  const record: ExportJobRecord = {
    slug: workspace.slug,
    batchId,
    jobId: newJobId(),
    spec,
    createdAt: Date.now(),
    createdBy: person.name,
    owner: keyName(person.user),
    state: "queued",
    pagesDone: 0,
    chunkRows: [],
    metadataKeys: [],
  };
  const { jobId } = record;
  const admitted = await admitJob(workspace, record.owner!, jobId);
  if (admitted !== true) {
    // Someone may have started this very export meanwhile: joining it costs no place.
    const joined = await joinableJob(jobs, batchId, spec);
    return joined ? { job: joined, joined: true } : { refused: capMessage(admitted) };
  }
  try {
    // An unknown batch (or one this key cannot see) is the route's 404, with no job written.
    await getBatch(workspace, batchId, { user: person.user });
    // Written before the claim, so a second request in between sees a job that is active, not a key with no job.
    await jobs.write(record);
  } catch (error) {
    await releaseJobCap(record);
    throw error;
  }
  const holder = await jobs.claimSpec(batchId, spec, jobId, async (other) => {
    const existing = await readForBatch(jobs, batchId, other);
    return existing !== undefined && isActiveJob(await viewOf(jobs, existing));
  });
  if (holder !== jobId) {
    const running = await readForBatch(jobs, batchId, holder);
    if (running) {
      await jobs.remove(jobId);
      await releaseJobCap(record);
      return { job: await viewOf(jobs, running), joined: true };
    }
  }
  await jobs.addToBatchList(record);
  try {
    const run = await start(exportJobWorkflow, [{ slug: workspace.slug, batchId, jobId }]);
    await jobs.saveRunId(jobId, run.runId);
  } catch (error) {
    const failed: ExportJobRecord = {
      ...record,
      state: "failed",
      finishedAt: Date.now(),
      error: "The job could not be started.",
    };
    await jobs.write(failed);
    await jobs.releaseSpec(failed);
    await releaseJobCap(failed);
    console.error(
      JSON.stringify({
        type: "error",
        action: "export.start",
        job: jobId,
        message: errorText(error),
      }),
    );
    return { job: jobView(failed, false), joined: false };
  }
  return { job: jobView(record, false), joined: false };
}

export async function listExportJobs(workspace: WorkspaceConfig, batchId: string): Promise<ExportJobView[]> {
  const jobs = jobStore(workspace);
  return Promise.all((await jobs.list(batchId)).map((record) => viewOf(jobs, record)));
}

export async function getExportJob(
  workspace: WorkspaceConfig,
  batchId: string,
  jobId: string,
): Promise<ExportJobView | undefined> {
  const jobs = jobStore(workspace);
  const record = await readForBatch(jobs, batchId, jobId);
  return record && viewOf(jobs, record);
}

/**
 * Cancels at once: the job reads as cancelled from now on, its turn goes to the next in line, and
 * its run is stopped (a step already reading stops at its next page). Rows written stay downloadable.
 */
export async function cancelExportJob(
  workspace: WorkspaceConfig,
  batchId: string,
  jobId: string,
): Promise<{ job: ExportJobView } | "finished" | undefined> {
  const jobs = jobStore(workspace);
  const record = await readForBatch(jobs, batchId, jobId);
  if (!record) return undefined;
  const current = await viewOf(jobs, record);
  if (current.state === "cancelled") return { job: current };
  if (!isActiveJob(current)) return "finished";
  await jobs.cancel(jobId);
  await releaseTurn(workspace, jobId);
  await jobs.releaseSpec(record);
  await releaseJobCap(record);
  const runId = await jobs.runIdOf(jobId);
  if (runId) {
    await getRun(runId)
      .cancel()
      .catch((error: unknown) =>
        // The job already reads as cancelled and its steps check that: a run that could not be told stops on its own.
        console.warn(
          JSON.stringify({
            type: "export-job",
            job: jobId,
            message: `run not cancelled: ${errorText(error)}`,
          }),
        ),
      );
  }
  await jobs.keep(record);
  return { job: jobView(record, true) };
}

export type JobFile = { stream: ReadableStream<Uint8Array>; filename: string; partial: boolean; rows: number };

/**
 * The job's CSV, streamed chunk by chunk in upstream order: the whole file when done, the rows
 * written so far (named as partial) when it failed or was cancelled. "not_ready" while it runs,
 * "no_rows" when it ended before writing any.
 */
export async function exportJobFile(
  workspace: WorkspaceConfig,
  batchId: string,
  jobId: string,
  /** The site's origin, for the recording links of a job with record columns. */
  origin: string,
): Promise<JobFile | "not_ready" | "no_rows" | undefined> {
  const jobs = jobStore(workspace);
  const record = await readForBatch(jobs, batchId, jobId);
  if (!record) return undefined;
  const view = await viewOf(jobs, record);
  if (isActiveJob(view)) return "not_ready";
  if (!view.downloadable) return "no_rows";
  const partial = view.state !== "done";
  // The record cells of the chunk being written: looked up per chunk, so memory holds one chunk's worth.
  let chunkCells = new Map<string, RecordCells>();
  const extra = record.spec.records
    ? recordColumns(workspace, batchId, origin, (callJob) => chunkCells.get(callJob))
    : undefined;
  const writer = new CallCsvWriter(record.spec.format, record.metadataKeys, extra);
  const encoder = new TextEncoder();
  let chunk = -1;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (chunk < 0) {
          controller.enqueue(encoder.encode(writer.headerText(record.spec.bom)));
        } else if (chunk < record.chunkRows.length) {
          const calls = await jobs.readChunk(jobId, chunk);
          const callJobs = calls.map((call) => call.jobId);
          if (extra) chunkCells = await jobs.readRecordCells(jobId, callJobs);
          controller.enqueue(encoder.encode(writer.rowsText(calls)));
        } else {
          controller.close();
          return;
        }
        chunk += 1;
      } catch (error) {
        // The browser marks the download failed rather than saving a short file that looks whole.
        controller.error(new Error(`The file could not be read: ${errorText(error)}`));
      }
    },
  });
  const name = exportFilename(batchId, view.status, record.spec.format, new Date(record.createdAt));
  return {
    stream,
    filename: partial ? name.replace(/\.csv$/, "-partial.csv") : name,
    partial,
    rows: view.rows.done,
  };
}
