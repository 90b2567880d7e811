import type { CallStatusFilter } from "./batch-view";

// The export-jobs API as the browser reads it (lib/export/jobs/ writes it).

export type ExportFormatName = "csv" | "rerun";
export type ExportJobState = "queued" | "running" | "done" | "failed" | "cancelled";
export const activeJobStates: readonly ExportJobState[] = ["queued", "running"];

/** Filters that fit in this many rows download at once; bigger ones run as a background job. */
export const directExportMaxRows = 1_000;

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
  /** Seconds until done, from the pace so far (or the budget before the first pages); only while active. */
  estimateSeconds?: number;
  /** Why it failed, in plain words. */
  error?: string;
  /** Rows written so far can be downloaded: the whole file when done, a partial file when failed or cancelled. */
  downloadable: boolean;
};

export const isActiveJob = (job: Pick<ExportJobView, "state">) => activeJobStates.includes(job.state);
