import "server-only";
import { neutraliseFormula } from "@/lib/export/csv";
import type { FollowUp } from "@/lib/shared/follow-ups";

// The queue as CSV: RFC 4180 quoting, and every cell that a spreadsheet would evaluate neutralised (lib/export).

const needsQuotes = /[",\r\n]|^\s|\s$/;

function cell(value: string | number | null): string {
  const safe = neutraliseFormula(value === null ? "" : String(value));
  return needsQuotes.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const queueCsvHeader = [
  "id",
  "batch_id",
  "job_id",
  "contact_name",
  "contact_phone",
  "outcome",
  "assignee",
  "due_on",
  "state",
  "note",
  "closing_note",
  "created_by",
  "created_at",
  "updated_by",
  "updated_at",
  "done_at",
];

export function queueCsvLine(values: (string | number | null)[]): string {
  return `${values.map(cell).join(",")}\r\n`;
}

export function followUpCsvLine(row: FollowUp): string {
  return queueCsvLine([
    row.id,
    row.batchId,
    row.jobId,
    row.contactName,
    row.contactPhone,
    row.outcome,
    row.assigneeName,
    row.dueOn,
    row.state,
    row.note,
    row.closingNote,
    row.createdByName,
    row.createdAt,
    row.updatedByName,
    row.updatedAt,
    row.doneAt,
  ]);
}
