import type { CallSearchResult } from "./call-detail";
import type { BatchCallRows } from "./call-rows";
import type { ExportJobView } from "./export-jobs";

// The server validated Trillet's data with zod; the browser re-checks only the shape it reads,
// by hand, so zod (~28 kB) stays out of the page.
export type Check = (value: unknown) => boolean;
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const isText: Check = (value) => typeof value === "string";
export const isCount: Check = (value) => Number.isInteger(value) && (value as number) >= 0;
export const isOptionalNumber: Check = (value) =>
  value === undefined || (typeof value === "number" && Number.isFinite(value));
export const isOptionalText: Check = (value) => value === undefined || typeof value === "string";
export const hasFields = (value: unknown, fields: Record<string, Check>): boolean =>
  isRecord(value) && Object.entries(fields).every(([name, check]) => check(value[name]));
export const isListOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);

const isCallRow: Check = (value) =>
  hasFields(value, {
    jobId: isText,
    status: isText,
    phone_number: isText,
    phoneDisplay: isText,
    startTime: isOptionalNumber,
    endTime: isOptionalNumber,
    duration: isOptionalNumber,
    error: isOptionalText,
    // The server sends every metadata value as text, whatever JSON type Trillet used (metadataText).
    metadata: (metadata) => isRecord(metadata) && Object.values(metadata).every(isText),
    // A row the server could not read from Trillet: why, in field names.
    unreadable: isOptionalText,
  });

export const isFlag: Check = (value) => typeof value === "boolean";
export const isOptional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);

const isPagination: Check = (pagination) =>
  hasFields(pagination, {
    page: isCount,
    limit: isCount,
    total: isCount,
    totalPages: isCount,
    hasNext: (flag) => typeof flag === "boolean",
    hasPrev: (flag) => typeof flag === "boolean",
  });

const isSummary: Check = (summary) =>
  hasFields(summary, { total: isCount, waiting: isCount, active: isCount, completed: isCount, failed: isCount });

const isSearchProgress: Check = (progress) =>
  hasFields(progress, {
    searched: isCount,
    total: isOptional(isCount),
    complete: isFlag,
    live: isFlag,
    stopped: isOptional((stopped) => hasFields(stopped, { reason: isText, resumeAt: isCount })),
    restSeconds: isOptional(isCount),
  });

export const isCallSearchResult = (value: unknown): value is CallSearchResult =>
  hasFields(value, {
    query: isText,
    kind: isText,
    calls: isListOf(isCallRow),
    pagination: isPagination,
    matches: isSummary,
    progress: isSearchProgress,
  });

export const isBatchCallRows = (value: unknown): value is BatchCallRows =>
  hasFields(value, { calls: isListOf(isCallRow), pagination: isPagination, summary: isSummary });

const isExportJob: Check = (value) =>
  hasFields(value, {
    id: isText,
    state: isText,
    format: isText,
    status: isText,
    createdAt: isText,
    createdBy: isText,
    rows: (rows) => hasFields(rows, { done: isCount, total: (total) => total === undefined || isCount(total) }),
    estimateSeconds: isOptionalNumber,
    queuePosition: isOptionalNumber,
    error: isOptionalText,
    downloadable: (flag) => typeof flag === "boolean",
  });

export const isExportJobList = (value: unknown): value is { jobs: ExportJobView[] } =>
  hasFields(value, { jobs: isListOf(isExportJob) });

export const isStartedExportJob = (value: unknown): value is { job: ExportJobView; joined: boolean } =>
  hasFields(value, { job: isExportJob, joined: (flag) => typeof flag === "boolean" });
