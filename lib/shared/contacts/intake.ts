import Papa from "papaparse";
// Max metadata: isValid() checks the digits against each country's numbering plan, not just the
// length (min's check), so a number that cannot exist is listed as invalid instead of being paid
// for as a failed call. The browser loads it in the intake's worker, never in a page's bundle.
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from "libphonenumber-js/max";
import { csvLine, spreadsheetLine, utf8Length } from "./csv-text";
import { formatBytes, maxCsvBytes } from "./decode";
import type { IntakeProblem } from "./problems";

/** The column Trillet dials; it goes first in the file sent. */
export const phoneColumnName = "phone_number";
/** Rows shown "exactly as they will be sent" before confirming. */
export const previewRows = 20;

export interface IntakeOptions {
  /** The workspace's ISO 3166 country for numbers written without +country code. */
  defaultCountry: string;
  /** The most data rows accepted (BATCH_MAX_ROWS). */
  maxRows: number;
  /**
   * The header the person confirmed as phone_number when the file has no phone_number column
   * (one of the `candidates` a `phone-column-unconfirmed` answer offered). Absent: only a column
   * named exactly phone_number is used.
   */
  phoneColumn?: string;
  /** The most bytes the file sent may have (Trillet's 20 MB). */
  maxBytes?: number;
  /** Called every few thousand rows with the data rows read so far (the page's progress). */
  onProgress?: (rows: number) => void;
}

export interface InvalidRow {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  reason: string;
  /** The phone cell as written (cut to 64 characters). */
  value: string;
}

export interface DuplicateRow {
  row: number;
  /** The row whose number this one repeats (that one is kept). */
  firstRow: number;
}

export interface IntakeSummary {
  delimiter: "," | ";" | "\t";
  /** The file's headers, trimmed, in file order. */
  headers: string[];
  /** The file's header used as phone_number. */
  phoneColumn: string;
  /** True when that header is not phone_number itself (it is renamed in the file sent). */
  phoneColumnMapped: boolean;
  /** 1-based positions of columns without a header: their cells are not sent. */
  ignoredColumns: number[];
  /** The columns sent, phone_number first; the others become the agent's dynamic variables. */
  columns: string[];
  /** Data rows in the file (blank lines not counted). */
  rows: number;
  /** Rows sent: valid numbers, duplicates removed. */
  valid: number;
  invalid: InvalidRow[];
  duplicates: DuplicateRow[];
  /** The first rows exactly as sent, cells in `columns` order, as text. */
  preview: string[][];
  /** The CSV sent to Trillet: header and rows, CRLF, cells exactly as written (numbers in E.164). */
  csv: string;
  csvBytes: number;
}

export type IntakeResult = { ok: true; summary: IntakeSummary } | { ok: false; problem: IntakeProblem };

const candidateNames = new Set([
  "phone",
  "phone number",
  "phone no",
  "mobile",
  "mobile number",
  "mobile phone",
  "cell",
  "cell phone",
  "telephone",
  "telephone number",
]);
const looseName = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_.\-]+/g, " ");

/** Headers that could be phone_number (e.g. "Phone", "phone number", "Mobile", "PHONE_NUMBER"). */
export function phoneColumnCandidates(headers: readonly string[]): string[] {
  return headers.filter((h) => h !== phoneColumnName && candidateNames.has(looseName(h)));
}

const lengthReasons: Record<string, string> = {
  NOT_A_NUMBER: "Not a phone number",
  INVALID_COUNTRY: "No country code (write it as +country code)",
  TOO_SHORT: "Too short for a phone number",
  TOO_LONG: "Too long for a phone number",
  INVALID_LENGTH: "Wrong length for a phone number",
};

type Checked = { e164: string } | { reason: string };

function checkPhone(raw: string, country: CountryCode | undefined): Checked {
  if (raw === "") return { reason: "No phone number" };
  const phone = parsePhoneNumberFromString(raw, country);
  if (!phone) {
    const why = validatePhoneNumberLength(raw, country);
    return { reason: (why && lengthReasons[why]) ?? "Not a phone number" };
  }
  if (!phone.isValid()) {
    const why = validatePhoneNumberLength(raw, country);
    if (why && lengthReasons[why]) return { reason: lengthReasons[why] };
    return { reason: phone.country ? `Not a valid number in ${phone.country}` : "Not a valid phone number" };
  }
  if (phone.ext) return { reason: "Has an extension, which the agent cannot dial" };
  return { e164: phone.number };
}

/**
 * The delimiter the header line uses most: ",", ";" or tab (comma on a tie). Papa Parse's own guess
 * needs two or more columns over ten rows and a trailing blank line upsets it; a header line is
 * what every file has.
 */
export function guessDelimiter(text: string): IntakeSummary["delimiter"] {
  const header = /^\s*([^\r\n]*)/.exec(text.slice(0, 65_536))?.[1] ?? "";
  let best: IntakeSummary["delimiter"] = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t"] as const) {
    const count = header.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

const cut = (text: string) => (text.length > 64 ? `${text.slice(0, 63)}…` : text);
const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === "");

/**
 * Reads a contacts CSV and builds the exact file to send to Trillet: phone_number first, in E.164
 * with the workspace's default country; every other named column kept, as written, as a dynamic
 * variable (a cell starting "=" is a value: it is neither evaluated nor changed). Blank lines are
 * skipped; invalid rows are listed with their row number and reason; a number seen again is
 * dropped. Refuses the whole file with a reason when there is no usable header, no phone column
 * (or one not yet confirmed), an unclosed quote, more than `maxRows` rows, no valid row, or a file
 * to send over 20 MB. Runs in the browser's worker and again on the server, which trusts nothing
 * the browser said.
 */
export function intakeCsv(input: string, options: IntakeOptions): IntakeResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const country = isSupportedCountry(options.defaultCountry) ? options.defaultCountry : undefined;
  const maxBytes = options.maxBytes ?? maxCsvBytes;

  let problem: IntakeProblem | undefined;
  let record = 0; // spreadsheet row of the record being read
  let headers: string[] | undefined;
  let phoneIndex = -1;
  let keptIndexes: number[] = [];
  let columns: string[] = [];
  let ignoredColumns: number[] = [];
  let phoneColumn = "";
  let rows = 0;
  const invalid: InvalidRow[] = [];
  const duplicates: DuplicateRow[] = [];
  const seen = new Map<string, number>();
  const preview: string[][] = [];
  const lines: string[] = [];

  const readHeader = (cells: string[]): IntakeProblem | undefined => {
    const trimmed = cells.map((c) => c.trim());
    headers = trimmed;
    ignoredColumns = trimmed.flatMap((h, i) => (h === "" ? [i + 1] : []));
    const wanted = options.phoneColumn?.trim();
    if (wanted !== undefined && wanted !== "") {
      phoneIndex = trimmed.indexOf(wanted);
      if (phoneIndex < 0) return { code: "no-phone-column", message: `The file has no column named “${wanted}”.` };
      if (wanted !== phoneColumnName && trimmed.includes(phoneColumnName)) {
        return {
          code: "bad-header",
          message: `The file has a ${phoneColumnName} column already; “${wanted}” cannot be used as ${phoneColumnName} too.`,
        };
      }
    } else {
      phoneIndex = trimmed.indexOf(phoneColumnName);
      if (phoneIndex < 0) {
        const candidates = phoneColumnCandidates(trimmed);
        if (candidates.length > 0) {
          return {
            code: "phone-column-unconfirmed",
            message: `The file has no ${phoneColumnName} column. Use “${candidates[0]}” as ${phoneColumnName}?`,
            candidates,
          };
        }
        const named = trimmed.filter((h) => h !== "");
        return {
          code: "no-phone-column",
          message: `The file has no ${phoneColumnName} column (its headers: ${named.length > 0 ? named.map((h) => `“${cut(h)}”`).join(", ") : "none"}).`,
        };
      }
    }
    phoneColumn = trimmed[phoneIndex]!;
    keptIndexes = trimmed.flatMap((h, i) => (h !== "" && i !== phoneIndex ? [i] : []));
    columns = [phoneColumnName, ...keptIndexes.map((i) => trimmed[i]!)];
    const names = new Set<string>();
    for (const name of columns) {
      if (names.has(name)) return { code: "bad-header", message: `Two columns are named “${cut(name)}”.` };
      names.add(name);
    }
    lines.push(csvLine(columns));
    return undefined;
  };

  const readRow = (cells: string[]) => {
    rows++;
    if (rows > options.maxRows) {
      return {
        code: "too-many-rows" as const,
        message: `The file has more than ${options.maxRows.toLocaleString("en-US")} rows, the most one batch may hold.`,
      };
    }
    if (rows % 5000 === 0) options.onProgress?.(rows);
    const raw = (cells[phoneIndex] ?? "").trim();
    const width = headers!.length;
    if (cells.length > width && !isBlank(cells.slice(width))) {
      invalid.push({ row: record, reason: `${cells.length} cells, but the header has ${width}`, value: cut(raw) });
      return undefined;
    }
    const checked = checkPhone(raw, country);
    if ("reason" in checked) {
      invalid.push({ row: record, reason: checked.reason, value: cut(raw) });
      return undefined;
    }
    const firstRow = seen.get(checked.e164);
    if (firstRow !== undefined) {
      duplicates.push({ row: record, firstRow });
      return undefined;
    }
    seen.set(checked.e164, record);
    const out = [checked.e164, ...keptIndexes.map((i) => cells[i] ?? "")];
    if (preview.length < previewRows) preview.push(out);
    lines.push(csvLine(out));
    return undefined;
  };

  const delimiter = guessDelimiter(text);
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step(results, parser) {
      record++;
      const unclosed = results.errors.find((e) => e.code === "MissingQuotes");
      if (unclosed) {
        problem = {
          code: "unclosed-quote",
          message: `Row ${record} opens a quote (") that never closes, so the rest of the file would be one cell.`,
        };
        parser.abort();
        return;
      }
      const cells = results.data;
      if (isBlank(cells)) return;
      problem = headers === undefined ? readHeader(cells) : readRow(cells);
      if (problem) parser.abort();
    },
  });

  if (problem) return { ok: false, problem };
  if (headers === undefined) return { ok: false, problem: { code: "empty", message: "The file is empty." } };
  if (rows === 0) return { ok: false, problem: { code: "empty", message: "The file has a header but no rows." } };
  if (seen.size === 0) {
    return {
      ok: false,
      problem: {
        code: "no-valid-rows",
        message: `None of the ${rows.toLocaleString("en-US")} rows has a valid phone number.`,
      },
    };
  }
  const csv = lines.join("");
  const csvBytes = utf8Length(csv);
  if (csvBytes > maxBytes) {
    return {
      ok: false,
      problem: {
        code: "too-large",
        message: `The file to send would be ${formatBytes(csvBytes)}; the most Trillet accepts is ${formatBytes(maxBytes)}.`,
      },
    };
  }
  return {
    ok: true,
    summary: {
      delimiter,
      headers: headers as string[],
      phoneColumn,
      phoneColumnMapped: phoneColumn !== phoneColumnName,
      ignoredColumns,
      columns,
      rows,
      valid: seen.size,
      invalid,
      duplicates,
      preview,
      csv,
      csvBytes,
    },
  };
}

/** The invalid rows as a CSV for a spreadsheet (row, reason, phone cell), formula-looking cells neutralised. */
export function invalidRowsCsv(invalid: readonly InvalidRow[]): string {
  const lines = [spreadsheetLine(["row", "reason", phoneColumnName])];
  for (const { row, reason, value } of invalid) lines.push(spreadsheetLine([String(row), reason, value]));
  return lines.join("");
}
