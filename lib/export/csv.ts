import { metadataCell } from "@/lib/shared/metadata-cell";
import type { Call } from "@/lib/trillet/schemas";
import type { ExtraColumns } from "./call-record-columns";

export const exportFormats = ["csv", "rerun"] as const;
export type ExportFormat = (typeof exportFormats)[number];

// Cells a spreadsheet would evaluate (OWASP CSV injection): =, +, -, @, tab, CR first; and NUL,
// which some importers drop, leaving whatever follows it first.
const formulaStart = /^[=+\-@\t\r\u0000]/;
// Plain numbers and E.164 phone numbers stay as they are: a quote would break them and they run nothing.
const harmlessNumber = /^(?:\+\d{6,15}|-?\d+(?:\.\d+)?)$/;

export function neutraliseFormula(value: string): string {
  return formulaStart.test(value) && !harmlessNumber.test(value) ? `'${value}` : value;
}

// RFC 4180: a cell holding a comma, quote or line break is quoted, quotes doubled. So is one that
// starts or ends with whitespace, which spreadsheet imports would otherwise trim.
const needsQuotes = /[",\r\n]|^\s|\s$/;

function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return needsQuotes.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * One CSV record, CRLF-terminated. Not csv-stringify, which this used before: it allocated about
 * 6 KB per row, and at export speed that garbage outran the young generation and swelled the heap
 * by 100+ MB (bench/README.md, export). Round-trips through csv-parse in the tests.
 */
function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
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
 * Writes calls as CSV text with a fixed header, formulas neutralised. Metadata values are text as
 * the table shows them (metadataText: objects and arrays as compact JSON). In the full export,
 * metadata without a column of its own (keys first seen after the header was written, or named
 * like a fixed column) is kept, with its JSON types, as one JSON object in the last column.
 */
export class CallCsvWriter {
  private readonly header: string[];
  /** Metadata keys with their own column: all but those named like a fixed column. */
  private readonly columnKeys: string[];
  private readonly columnKeySet: Set<string>;
  private readonly emptyValues: string[];

  constructor(
    readonly format: ExportFormat,
    readonly metadataKeys: string[],
    /** Columns from elsewhere (call records), before `extra_metadata`; the full export only. */
    private readonly extraColumns?: ExtraColumns,
  ) {
    const fixed = format === "rerun" ? ["phone_number"] : baseColumns;
    const extraNames = extraColumns?.names ?? [];
    this.columnKeys = metadataKeys.filter((key) => !fixed.includes(key) && !extraNames.includes(key));
    this.columnKeySet = new Set(this.columnKeys);
    this.emptyValues = this.columnKeys.map(() => "");
    this.header =
      format === "rerun"
        ? [...fixed, ...this.columnKeys]
        : [...fixed, ...this.columnKeys, ...extraNames, extraMetadataColumn];
  }

  private row(call: Call): string[] {
    // A row Trillet sent that could not be read: its jobId and status when known, and why, in the error column.
    const extraCells = this.extraColumns?.cells(call) ?? [];
    if (call.unreadable !== undefined) {
      const reason = `(unreadable row: ${call.unreadable})`;
      return [call.jobId, call.status, "", "", "", "", reason, ...this.emptyValues, ...extraCells, ""];
    }
    const values = this.columnKeys.map((key) => metadataCell(call.metadata, key));
    // The re-run file's phone_number column is the number that was called.
    if (this.format === "rerun") return [call.phone_number, ...values];
    // Keys first seen after the header was written, and keys named like a fixed column, go to the JSON column.
    const extra = Object.entries(call.metadata).filter(([key]) => !this.columnKeySet.has(key));
    return [
      call.jobId,
      call.status,
      call.phone_number,
      iso(call.startTime),
      iso(call.endTime),
      call.duration === undefined ? "" : String(call.duration),
      call.error ?? "",
      ...values,
      ...extraCells,
      extra.length > 0 ? JSON.stringify(Object.fromEntries(extra)) : "",
    ];
  }

  headerText(bom: boolean): string {
    return (bom ? "\uFEFF" : "") + csvLine(this.header);
  }

  /** The re-run file leaves out unreadable rows: without a phone number there is nothing to call again. */
  rowsText(calls: Call[]): string {
    let text = "";
    for (const call of calls) {
      if (this.format === "rerun" && call.unreadable !== undefined) continue;
      text += csvLine(this.row(call));
    }
    return text;
  }
}

export function exportFilename(batchId: string, status: string, format: ExportFormat, now = new Date()): string {
  const date = now.toISOString().slice(0, 10);
  return `${batchId}-${format === "rerun" ? "failed-rerun" : status}-${date}.csv`;
}
