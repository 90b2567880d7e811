export { decodeCsv, checkText, formatBytes, maxCsvBytes, type DecodedCsv } from "./decode";
export {
  intakeCsv,
  invalidRowsCsv,
  phoneColumnCandidates,
  phoneColumnName,
  previewRows,
  type DuplicateRow,
  type IntakeOptions,
  type IntakeResult,
  type IntakeSummary,
  type InvalidRow,
} from "./intake";
export { csvCell, csvLine, spreadsheetCell, spreadsheetLine } from "./csv-text";
export type { IntakeProblem, IntakeProblemCode } from "./problems";
