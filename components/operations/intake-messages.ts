import type { DuplicateRow, IntakeProblem, IntakeSummary, InvalidRow } from "@/lib/shared/contacts";

/** What the page asks the intake worker: read this file with the workspace's rules. */
export type IntakeRequest = {
  file: Blob;
  defaultCountry: string;
  maxRows: number;
  /** The header the operator accepted as phone_number. */
  phoneColumn?: string;
};

/** Rows the page lists at most; the downloads hold every one. */
export const listedRows = 200;

/** The summary as the page holds it: the big parts stay in Blobs, made in the worker. */
export type IntakeView = Omit<IntakeSummary, "csv" | "invalid" | "duplicates"> & {
  /** The exact file that will be sent. */
  file: Blob;
  invalidCount: number;
  invalidListed: InvalidRow[];
  /** The invalid rows as a spreadsheet-safe CSV, when there are any. */
  invalidFile?: Blob;
  duplicateCount: number;
  duplicatesListed: DuplicateRow[];
};

export type IntakeOutcome = { ok: true; view: IntakeView } | { ok: false; problem: IntakeProblem };

export type IntakeReply = { type: "progress"; rows: number } | { type: "done"; outcome: IntakeOutcome };
