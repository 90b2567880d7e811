import "server-only";
import { historyPageSize, readHistoryPage } from "@/lib/call-records/fetch";
import type { CallRecord } from "@/lib/call-records/parse";
import type { WorkspaceConfig } from "@/lib/config";
import { callRecordingApiUrl } from "@/lib/shared/paths";
import type { Call } from "@/lib/trillet/schemas";

/** Columns an export may add from Trillet's call records. */
export const callRecordColumnNames = ["outcome", "summary", "recording"] as const;

/** The most call records an export reads (1,000 requests); past it, later calls get empty record columns. */
export const maxExportRecords = 100_000;
const maxHistoryPages = maxExportRecords / historyPageSize;

/** Extra columns for the CSV writer: their names, and the cells of one call (text; the writer neutralises formulas). */
export type ExtraColumns = { names: readonly string[]; cells: (call: Call) => string[] };

/** What the record columns say of one call. */
export type RecordCells = { outcome: string; summary: string; recording: boolean };

/**
 * The record cells of each call on a call-history page, by its job id (assumption 5 in
 * lib/call-records/parse.ts: a record names its job). Records that name no job, or another batch,
 * are left out: they cannot be put on a row.
 */
function recordCellsByJob(records: CallRecord[], batchId: string): Map<string, RecordCells> {
  const byJob = new Map<string, RecordCells>();
  for (const record of records) {
    if (record.jobId === undefined || (record.batchId !== undefined && record.batchId !== batchId)) continue;
    byJob.set(record.jobId, {
      outcome: record.outcome ?? "",
      summary: record.summary ?? "",
      recording: record.hasRecording,
    });
  }
  return byJob;
}

/**
 * The outcome, summary and recording-link columns, from a lookup of each call's cells. The link is
 * to our own recording route, which checks the session and membership of whoever opens it;
 * Trillet's URL never appears. A call without a record gets empty cells.
 */
export function recordColumns(
  workspace: WorkspaceConfig,
  batchId: string,
  origin: string,
  cellsOf: (jobId: string) => RecordCells | undefined,
): ExtraColumns {
  const link = (jobId: string) => `${origin}${callRecordingApiUrl(workspace.slug, batchId, jobId)}`;
  return {
    names: callRecordColumnNames,
    cells: (call) => {
      const cells = call.unreadable === undefined ? cellsOf(call.jobId) : undefined;
      return cells ? [cells.outcome, cells.summary, cells.recording ? link(call.jobId) : ""] : ["", "", ""];
    },
  };
}

/**
 * One page of a batch's call history, read as background work (100 records): the cells it holds
 * by job id, how many records it had, and whether it is the last page an export reads.
 */
export async function readRecordCellsPage(
  workspace: WorkspaceConfig,
  batchId: string,
  page: number,
  signal?: AbortSignal,
): Promise<{ cells: Map<string, RecordCells>; read: number; last: boolean }> {
  const history = await readHistoryPage(
    workspace,
    { batchId, limit: String(historyPageSize), page: String(page) },
    { priority: "background", signal },
  );
  return {
    cells: recordCellsByJob(history.records, batchId),
    read: history.records.length,
    last: !history.hasNext || history.records.length === 0 || page >= maxHistoryPages,
  };
}

/** Reads every call record of a batch, 100 per request (never one per call), for the record columns. */
export async function loadCallRecordColumns(
  workspace: WorkspaceConfig,
  batchId: string,
  options: { origin: string; signal?: AbortSignal },
): Promise<ExtraColumns & { records: number; requests: number }> {
  const byJob = new Map<string, RecordCells>();
  let records = 0;
  let requests = 0;
  for (let page = 1; ; page += 1) {
    const history = await readRecordCellsPage(workspace, batchId, page, options.signal);
    requests += 1;
    records += history.read;
    for (const [jobId, cells] of history.cells) byJob.set(jobId, cells);
    if (history.last) break;
  }
  return {
    ...recordColumns(workspace, batchId, options.origin, (jobId) => byJob.get(jobId)),
    records,
    requests,
  };
}
