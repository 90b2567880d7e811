import type { CallDetail, OutcomeCounts } from "./call-detail";
import type { FailureReasonRows } from "./call-rows";
import {
  hasFields,
  isCount,
  isFlag,
  isListOf,
  isOptional,
  isOptionalNumber,
  isOptionalText,
  isRecord,
  isText,
  type Check,
} from "./response-checks";

// The shapes read by the call dialog and the failure-reason and Outcomes panels: apart from
// response-checks.ts so that they load with that code, on first use, not with the page.

const isTurn: Check = (turn) =>
  hasFields(turn, { speaker: isText, label: isText, text: isText, startSeconds: isOptionalNumber });

export const isCallDetail = (value: unknown): value is CallDetail =>
  hasFields(value, {
    job: (job) => hasFields(job, { jobId: isText, status: isText, phone_number: isText, phoneDisplay: isText }),
    fields: (fields) =>
      hasFields(fields, { state: isText }) &&
      (!isRecord(fields) ||
        fields.state !== "found" ||
        (isRecord(fields.metadata) && Object.values(fields.metadata).every(isText))),
    currency: isText,
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

export const isOutcomeCounts = (value: unknown): value is OutcomeCounts =>
  hasFields(value, {
    counted: isCount,
    cost: (cost) => hasFields(cost, { total: isOptionalNumber, records: isCount }),
    seconds: (seconds) => hasFields(seconds, { total: isOptionalNumber, records: isCount }),
    currency: isText,
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
