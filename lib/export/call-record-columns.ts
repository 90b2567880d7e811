import "server-only";
import { historyPageSize, readHistoryPage } from "@/lib/call-records/fetch";
import type { WorkspaceConfig } from "@/lib/config";
import { callRecordingApiUrl } from "@/lib/shared/paths";
import type { Call } from "@/lib/trillet/schemas";

/** Columns an export may add from Trillet's call records. */
export const callRecordColumnNames = ["outcome", "summary", "recording"] as const;

/** The most call records an export reads (1,000 requests); past it, later calls get empty record columns. */
export const maxExportRecords = 100_000;

/** Extra columns for the CSV writer: their names, and the cells of one call (text; the writer neutralises formulas). */
export type ExtraColumns = { names: readonly string[]; cells: (call: Call) => string[] };

type RecordCells = { outcome: string; summary: string; recording: boolean };

/**
 * Reads every call record of a batch, 100 per request (never one per call), and answers the
 * outcome, summary and recording-link columns of each call by its job id (assumption 5 in
 * lib/call-records/parse.ts: a record names its job). The link is to our own recording route, which
 * checks the session and membership of whoever opens it; Trillet's URL never appears. A call
 * without a record gets empty cells.
 */
export async function loadCallRecordColumns(
  workspace: WorkspaceConfig,
  batchId: string,
  options: { origin: string; signal?: AbortSignal },
): Promise<ExtraColumns & { records: number; requests: number }> {
  const byJob = new Map<string, RecordCells>();
  let records = 0;
  let requests = 0;
  for (let page = 1; page <= maxExportRecords / historyPageSize; page += 1) {
    const read = await readHistoryPage(
      workspace,
      { batchId, limit: String(historyPageSize), page: String(page) },
      { priority: "background", signal: options.signal },
    );
    requests += 1;
    for (const record of read.records) {
      records += 1;
      if (record.jobId === undefined || (record.batchId !== undefined && record.batchId !== batchId)) continue;
      byJob.set(record.jobId, {
        outcome: record.outcome ?? "",
        summary: record.summary ?? "",
        recording: record.hasRecording,
      });
    }
    if (!read.hasNext || read.records.length === 0) break;
  }
  const link = (jobId: string) => `${options.origin}${callRecordingApiUrl(workspace.slug, batchId, jobId)}`;
  return {
    names: callRecordColumnNames,
    records,
    requests,
    cells: (call) => {
      const cells = call.unreadable === undefined ? byJob.get(call.jobId) : undefined;
      return cells ? [cells.outcome, cells.summary, cells.recording ? link(call.jobId) : ""] : ["", "", ""];
    },
  };
}
