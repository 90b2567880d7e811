import { stringify } from "csv-stringify/sync";
import { metadataCell, type Call } from "@/lib/trillet/schemas";

export const exportFormats = ["csv", "rerun"] as const;
export type ExportFormat = (typeof exportFormats)[number];

// Cells a spreadsheet would evaluate (OWASP CSV injection): =, +, -, @, tab, CR first.
const formulaStart = /^[=+\-@\t\r]/;
// Plain numbers and E.164 phone numbers stay as they are: a quote would break them and they run nothing.
const harmlessNumber = /^(?:\+\d{6,15}|-?\d+(?:\.\d+)?)$/;

export function neutraliseFormula(value: string): string {
  return formulaStart.test(value) && !harmlessNumber.test(value) ? `'${value}` : value;
}

const baseColumns = ["jobId", "status", "phone_number", "started_at", "ended_at", "duration_seconds", "error"];
export const extraMetadataColumn = "extra_metadata";

/** Keys seen across the given calls, in first-seen order. */
export function metadataKeyUnion(calls: Iterable<Call>, into: string[] = []): string[] {
  const seen = new Set(into);
  for (const call of calls) {
    for (const key of Object.keys(call.metadata)) {
      if (!seen.has(key)) {
        seen.add(key);
        into.push(key);
      }
    }
  }
  return into;
}

const iso = (ms: number | undefined) => (ms === undefined ? "" : new Date(ms).toISOString());

/**
 * Writes calls as CSV text with a fixed header. The CSV library does the quoting; this module
 * decides the columns and neutralises formulas. A call with metadata keys outside the header
 * (only possible when they first appear after the header was written) keeps them, as JSON, in
 * the last column of the full export.
 */
export class CallCsvWriter {
  private readonly header: string[];
  private readonly keySet: Set<string>;

  constructor(
    readonly format: ExportFormat,
    readonly metadataKeys: string[],
  ) {
    this.keySet = new Set(metadataKeys);
    const fixed = format === "rerun" ? ["phone_number"] : baseColumns;
    const metadata = metadataKeys.filter((key) => !fixed.includes(key));
    this.header = format === "rerun" ? [...fixed, ...metadata] : [...fixed, ...metadata, extraMetadataColumn];
  }

  private row(call: Call): string[] {
    const metadata = this.metadataKeys.filter((key) => !(this.format === "rerun" && key === "phone_number"));
    const values = metadata.map((key) => metadataCell(call.metadata, key));
    if (this.format === "rerun") return [call.phone_number, ...values];
    const extra = Object.entries(call.metadata).filter(([key]) => !this.keySet.has(key));
    return [
      call.jobId,
      call.status,
      call.phone_number,
      iso(call.startTime),
      iso(call.endTime),
      call.duration === undefined ? "" : String(call.duration),
      call.error ?? "",
      ...values,
      extra.length > 0 ? JSON.stringify(Object.fromEntries(extra)) : "",
    ];
  }

  headerText(bom: boolean): string {
    return (bom ? "\uFEFF" : "") + this.lines([this.header]);
  }

  rowsText(calls: Call[]): string {
    return calls.length === 0 ? "" : this.lines(calls.map((call) => this.row(call)));
  }

  private lines(rows: string[][]): string {
    return stringify(
      rows.map((row) => row.map(neutraliseFormula)),
      { record_delimiter: "windows", quoted_match: /^\s|\s$/ },
    );
  }
}

export function exportFilename(batchId: string, status: string, format: ExportFormat, now = new Date()): string {
  const date = now.toISOString().slice(0, 10);
  return `${batchId}-${format === "rerun" ? "failed-rerun" : status}-${date}.csv`;
}
