import type { CallDetail, CallSearchResult, OutcomeCounts } from "./call-detail";
import type { BatchCallRows, FailureReasonRows } from "./call-rows";
import type { ExportJobView } from "./export-jobs";

// The server validated Trillet's data with zod; the browser re-checks only the shape it reads,
// by hand, so zod (~28 kB) stays out of the page.
type Check = (value: unknown) => boolean;
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isText: Check = (value) => typeof value === "string";
const isCount: Check = (value) => Number.isInteger(value) && (value as number) >= 0;
const isOptionalNumber: Check = (value) => value === undefined || (typeof value === "number" && Number.isFinite(value));
const isOptionalText: Check = (value) => value === undefined || typeof value === "string";
const hasFields = (value: unknown, fields: Record<string, Check>): boolean =>
  isRecord(value) && Object.entries(fields).every(([name, check]) => check(value[name]));
const isListOf =
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

const isFlag: Check = (value) => typeof value === "boolean";
const isOptional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);

const isTurn: Check = (turn) =>
  hasFields(turn, { speaker: isText, label: isText, text: isText, startSeconds: isOptionalNumber });

export const isCallDetail = (value: unknown): value is CallDetail =>
  hasFields(value, {
    job: (job) => hasFields(job, { jobId: isText, status: isText, phone_number: isText, phoneDisplay: isText }),
    record: isText,
    recordMessage: isOptionalText,
    outcome: isOptionalText,
    summary: isOptionalText,
    analysed: isListOf((field) => hasFields(field, { label: isText, value: isText })),
    cost: isOptionalNumber,
    durationSeconds: isOptionalNumber,
    transcript: isOptional((transcript) => hasFields(transcript, { turns: isListOf(isTurn), source: isText })),
    recording: isFlag,
  });

export const isCallSearchResult = (value: unknown): value is CallSearchResult =>
  hasFields(value, { query: isText, kind: isText, calls: isListOf(isCallRow), unlinked: isCount, more: isFlag });

export const isOutcomeCounts = (value: unknown): value is OutcomeCounts =>
  hasFields(value, {
    counted: isCount,
    total: isOptional(isCount),
    complete: isFlag,
    outcomes: isListOf((entry) =>
      hasFields(entry, {
        outcome: isText,
        count: isCount,
        calls: isListOf((call) => hasFields(call, { jobId: isText, phoneDisplay: isText })),
      }),
    ),
  });

export const isBatchCallRows = (value: unknown): value is BatchCallRows =>
  hasFields(value, {
    calls: isListOf(isCallRow),
    pagination: (pagination) =>
      hasFields(pagination, {
        page: isCount,
        limit: isCount,
        total: isCount,
        totalPages: isCount,
        hasNext: (flag) => typeof flag === "boolean",
        hasPrev: (flag) => typeof flag === "boolean",
      }),
    summary: (summary) =>
      hasFields(summary, { total: isCount, waiting: isCount, active: isCount, completed: isCount, failed: isCount }),
  });

export const isFailureReasonRows = (value: unknown): value is FailureReasonRows =>
  hasFields(value, {
    totalFailed: isCount,
    examined: isCount,
    complete: (flag) => typeof flag === "boolean",
    reasons: isListOf((reason) =>
      hasFields(reason, {
        reason: isText,
        count: isCount,
        calls: isListOf((call) =>
          hasFields(call, { jobId: isText, phone_number: isText, phoneDisplay: isText, endTime: isOptionalNumber }),
        ),
      }),
    ),
  });

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
