import "server-only";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import { isStoreUnavailable } from "@/lib/state/durable-store";
import { isTrilletError, listBatchCalls, type Call } from "@/lib/trillet";
import { readRecordCellsPage, type RecordCells } from "../call-record-columns";
import { metadataKeyUnion } from "../csv";
import { maxRerunCalls } from "../stream";
import { walkPageRange, walkPageSize } from "../walk";
import { releaseJobCap } from "./caps";
import { jobRows, jobStore, type ExportJobRecord, type JobRef, type JobStore } from "./records";
import { claimTurn, releaseTurn } from "./turns";

// What each step of an export run does (lib/export/jobs/steps.ts wraps these as durable steps).
// A step reads its job again each time: the run carries only ids, so nothing stale or secret is
// persisted in the workflow's own store.

/** Pages per chunk: one step's work, well inside any function's duration limit at the background budget. */
export const pagesPerChunk = 10;
/** A step writes what it has after this long, even with fewer pages: budget waits can stretch a chunk. */
const chunkDeadlineMs = 120_000;

export type Cursor = { nextPage: number; chunk: number };
export type ChunkOutcome = { done: true } | ({ done: false } & Cursor);
export type TurnOutcome = "go" | "wait" | "stop";

/** A failure retrying cannot mend: the job ends `failed` with this message. */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobFailure";
  }
}

const permanentTrilletFailures = new Set(["not_found", "unauthorized", "bad_response"]);

/** Plain words for why a step failed, and whether trying again could help. */
export function describeFailure(error: unknown): { message: string; retryable: boolean } {
  if (error instanceof JobFailure) return { message: error.message, retryable: false };
  if (isTrilletError(error)) return { message: error.message, retryable: !permanentTrilletFailures.has(error.kind) };
  if (isStoreUnavailable(error)) return { message: error.message, retryable: true };
  return { message: "Something went wrong on our side.", retryable: true };
}

function workspaceOf(ref: JobRef): WorkspaceConfig {
  const workspace = getConfig().workspaces.find((candidate) => candidate.slug === ref.slug);
  if (!workspace) throw new JobFailure("This workspace is no longer configured.");
  return workspace;
}

async function openJob(ref: JobRef) {
  const workspace = workspaceOf(ref);
  const jobs = jobStore(workspace);
  const record = await jobs.read(ref.jobId);
  if (!record) throw new JobFailure("The job's record is gone (kept 24 hours).");
  return { workspace, jobs, record };
}

/**
 * Asks for a turn to run: at most EXPORT_JOBS_PER_KEY jobs per API key read pages at once. A job
 * that has waited longer than EXPORT_JOBS_MAX_WAIT_MINUTES without one ends as expired.
 */
export async function takeTurn(ref: JobRef): Promise<TurnOutcome> {
  const { workspace, jobs, record } = await openJob(ref);
  if (await jobs.isCancelled(ref.jobId)) return "stop";
  const turn = await claimTurn(workspace, ref.jobId, record.createdAt);
  if (turn.go) {
    await jobs.write({
      ...record,
      state: "running",
      queuePosition: undefined,
      startedAt: record.startedAt ?? Date.now(),
    });
    return "go";
  }
  const { maxWaitMs } = getConfig().exportJobLimits;
  if (record.state === "queued" && Date.now() - record.createdAt > maxWaitMs) {
    await expireJob(workspace, jobs, record, maxWaitMs);
    return "stop";
  }
  if (record.queuePosition !== turn.position) await jobs.write({ ...record, queuePosition: turn.position });
  return "wait";
}

async function expireJob(
  workspace: WorkspaceConfig,
  jobs: JobStore,
  record: ExportJobRecord,
  maxWaitMs: number,
): Promise<void> {
  await releaseTurn(workspace, record.jobId);
  const minutes = Math.round(maxWaitMs / 60_000);
  const expired: ExportJobRecord = {
    ...record,
    state: "expired",
    queuePosition: undefined,
    finishedAt: Date.now(),
    error: `It waited ${minutes} minute${minutes === 1 ? "" : "s"} behind other exports without starting. Start it again when fewer are running.`,
  };
  await jobs.write(expired);
  await closeJob(jobs, expired, { state: "expired" });
}

/** What every end of a job does: keep its record and file 24 h, free its spec and its cap place, say so in a line. */
async function closeJob(
  jobs: JobStore,
  record: ExportJobRecord,
  line: Record<string, string | number | undefined>,
): Promise<void> {
  await jobs.keep(record);
  await jobs.releaseSpec(record);
  await releaseJobCap(record);
  console.info(
    JSON.stringify({ type: "export-job", job: record.jobId, workspace: record.slug, batch: record.batchId, ...line }),
  );
}

/**
 * Reads up to `pagesPerChunk` pages from `cursor.nextPage` and stores them as chunk `cursor.chunk`.
 * A retried step rewrites the same chunk from the same page: no row is stored twice or skipped.
 */
export async function exportChunk(ref: JobRef, cursor: Cursor): Promise<ChunkOutcome> {
  const { workspace, jobs, record } = await openJob(ref);
  if (await jobs.isCancelled(ref.jobId)) return { done: true };
  await claimTurn(workspace, ref.jobId, record.createdAt);

  const status = record.spec.format === "rerun" ? "failed" : record.spec.status;
  const abort = new AbortController();
  const started = Date.now();
  const first = await listBatchCalls(
    workspace,
    ref.batchId,
    { status, page: cursor.nextPage, limit: walkPageSize },
    { priority: "background", signal: abort.signal },
  );
  const { total, totalPages } = first.pagination;
  if (record.spec.format === "rerun" && total > maxRerunCalls) {
    throw new JobFailure(`This batch has ${total} failed calls; a re-run file holds at most ${maxRerunCalls}.`);
  }
  const calls: Call[] = [...first.calls];
  let lastPage = cursor.nextPage;
  const range = { from: cursor.nextPage + 1, to: Math.min(cursor.nextPage + pagesPerChunk - 1, totalPages) };
  const pages = walkPageRange(workspace, ref.batchId, status, range, {
    concurrency: getConfig().exportConcurrency,
    signal: abort.signal,
  });
  try {
    for await (const page of pages) {
      calls.push(...page.calls);
      lastPage += 1;
      if (await jobs.isCancelled(ref.jobId)) return { done: true };
      if (Date.now() - started > chunkDeadlineMs) break;
    }
  } finally {
    abort.abort();
  }

  await jobs.writeChunk(ref.jobId, cursor.chunk, calls);
  const chunkRows = record.chunkRows.slice(0, cursor.chunk);
  chunkRows[cursor.chunk] = calls.length;
  await jobs.write({
    ...record,
    state: "running",
    startedAt: record.startedAt ?? started,
    pagesDone: lastPage,
    pagesTotal: totalPages,
    rowsTotal: total,
    chunkRows,
    metadataKeys: fileColumns(record, cursor, first.calls, calls),
    ...(record.spec.records ? { finishedCalls: first.summary.completed + first.summary.failed } : {}),
  });
  return lastPage >= totalPages ? { done: true } : { done: false, nextPage: lastPage + 1, chunk: cursor.chunk + 1 };
}

/**
 * For a job with record columns, after its rows: reads up to `pagesPerChunk` call-history pages
 * of the batch from `cursor.nextPage` (100 records a request) and stores each record's cells by
 * the job id it names. A retried step reads the same pages and rewrites the same cells. A job
 * without record columns is done at once.
 */
export async function exportRecordChunk(ref: JobRef, cursor: Cursor): Promise<ChunkOutcome> {
  const { workspace, jobs, record } = await openJob(ref);
  if (!record.spec.records || record.records?.done) return { done: true };
  if (await jobs.isCancelled(ref.jobId)) return { done: true };
  await claimTurn(workspace, ref.jobId, record.createdAt);

  const started = Date.now();
  const cells = new Map<string, RecordCells>();
  let read = 0;
  let lastRead = cursor.nextPage - 1;
  let last = false;
  while (lastRead < cursor.nextPage + pagesPerChunk - 1) {
    const history = await readRecordCellsPage(workspace, ref.batchId, lastRead + 1);
    lastRead += 1;
    read += history.read;
    for (const [callJob, callCells] of history.cells) cells.set(callJob, callCells);
    last = history.last;
    if (last || (await jobs.isCancelled(ref.jobId)) || Date.now() - started > chunkDeadlineMs) break;
  }

  await jobs.writeRecordCells(ref.jobId, cells);
  const progress = record.records ?? { pagesDone: 0, done: false, read: [], linked: [] };
  const readByChunk = progress.read.slice(0, cursor.chunk);
  const linkedByChunk = progress.linked.slice(0, cursor.chunk);
  readByChunk[cursor.chunk] = read;
  linkedByChunk[cursor.chunk] = cells.size;
  await jobs.write({
    ...record,
    records: { pagesDone: lastRead, done: last, read: readByChunk, linked: linkedByChunk },
  });
  return last ? { done: true } : { done: false, nextPage: lastRead + 1, chunk: cursor.chunk + 1 };
}

/**
 * The metadata keys with a column of their own. As in the direct export: a CSV file's are the keys
 * of its first page, and any other key goes to its extra_metadata column, so a batch with a new key
 * on every row cannot make a file of a million columns. A re-run file has every key as a column (it
 * is uploaded to Trillet as it is); it holds at most maxRerunCalls rows.
 */
function fileColumns(record: ExportJobRecord, cursor: Cursor, firstPage: Call[], chunk: Call[]): string[] {
  if (record.spec.format === "rerun") return metadataKeyUnion(chunk, [...record.metadataKeys]);
  return cursor.nextPage === 1 ? metadataKeyUnion(firstPage) : record.metadataKeys;
}

export type FinishOutcome = { ok: true } | { ok: false; reason: string };

/** Marks the job done or failed (a cancelled one stays cancelled), keeps its file 24 h and frees its turn. */
export async function finishJob(ref: JobRef, outcome: FinishOutcome): Promise<void> {
  const workspace = workspaceOf(ref);
  // The turn goes back whatever else fails below: a job that cannot be finished must not hold the line.
  await releaseTurn(workspace, ref.jobId);
  const { jobs, record } = await openJob(ref);
  const cancelled = await jobs.isCancelled(ref.jobId);
  const finished: ExportJobRecord = cancelled
    ? record
    : {
        ...record,
        state: outcome.ok ? "done" : "failed",
        queuePosition: undefined,
        finishedAt: Date.now(),
        error: outcome.ok ? undefined : outcome.reason,
      };
  if (!cancelled) await jobs.write(finished);
  await closeJob(jobs, finished, {
    state: cancelled ? "cancelled" : finished.state,
    rows: jobRows(finished),
    ...(outcome.ok ? {} : { reason: outcome.reason }),
  });
}
