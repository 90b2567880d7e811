import type { CallStatusFilter } from "./batch-view";

// The export-jobs API as the browser reads it (lib/export/jobs/ writes it).

export type ExportFormatName = "csv" | "rerun";
/** `expired`: it waited in line longer than EXPORT_JOBS_MAX_WAIT_MINUTES and never started. */
export type ExportJobState = "queued" | "running" | "done" | "failed" | "cancelled" | "expired";
export const activeJobStates: readonly ExportJobState[] = ["queued", "running"];

/** Filters that fit in this many rows download at once; bigger ones run as a background job. */
export const directExportMaxRows = 1_000;

/** Call records per call-history request: the most Trillet's list allows. */
export const callRecordsPerRequest = 100;

/** The call-history requests the outcome, summary and recording columns cost: one per 100 finished calls, at least one. */
export const callRecordRequests = (finishedCalls: number) =>
  Math.max(1, Math.ceil(finishedCalls / callRecordsPerRequest));

export type ExportJobView = {
  id: string;
  state: ExportJobState;
  format: ExportFormatName;
  /** The status filter the rows were read with (`failed` for the re-run file). */
  status: CallStatusFilter;
  bom: boolean;
  createdAt: string;
  createdBy: string;
  finishedAt?: string;
  /** 1 = next to run; only while queued. */
  queuePosition?: number;
  rows: { done: number; total?: number };
  pages: { done: number; total?: number };
  /**
   * Only for a job with the outcome, summary and recording columns: the batch's call records read
   * after the rows (`linked`: those that named a call of this batch), and the call-history pages
   * (`total` estimated from the finished calls until the last page is read).
   */
  callRecords?: { read: number; linked: number; pages: { done: number; total?: number }; done: boolean };
  /** Seconds until done, from the pace so far (or the budget before the first pages); only while active. */
  estimateSeconds?: number;
  /** Why it failed or expired, in plain words. */
  error?: string;
  /** Rows written so far can be downloaded: the whole file when done, a partial file when failed or cancelled. */
  downloadable: boolean;
};

export const isActiveJob = (job: Pick<ExportJobView, "state">) => activeJobStates.includes(job.state);

/** What a job exports, in words: "All calls (CSV)", "Failed calls with outcomes (CSV for Excel)", "Re-run file of failed calls". */
export function exportJobLabel(job: Pick<ExportJobView, "format" | "status" | "bom" | "callRecords">): string {
  if (job.format === "rerun") return "Re-run file of failed calls";
  const calls = job.status === "all" ? "All calls" : `${job.status[0]!.toUpperCase()}${job.status.slice(1)} calls`;
  return `${calls}${job.callRecords ? " with outcomes" : ""} (CSV${job.bom ? " for Excel" : ""})`;
}

/** "less than a minute", "about 4 min", "about 1 h 05 min": an estimate, said as one. */
export function formatEstimate(seconds: number): string {
  if (seconds < 60) return "less than a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  return `about ${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** 1 → "next in line", 3 → "3rd in line". */
export function linePosition(position: number): string {
  if (position <= 1) return "next in line";
  const suffix =
    position % 100 >= 11 && position % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][position % 10] ?? "th");
  return `${position}${suffix} in line`;
}
