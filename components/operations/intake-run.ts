import { decodeCsv, intakeCsv, invalidRowsCsv } from "@/lib/shared/contacts";
import { listedRows, type IntakeOutcome, type IntakeRequest } from "./intake-messages";

/** Reads one file into what the review shows: the worker's whole job (and the fallback when no worker starts). */
export async function runIntake(request: IntakeRequest, onProgress: (rows: number) => void): Promise<IntakeOutcome> {
  const decoded = decodeCsv(new Uint8Array(await request.file.arrayBuffer()));
  if (!decoded.ok) return decoded;
  const result = intakeCsv(decoded.text, {
    defaultCountry: request.defaultCountry,
    maxRows: request.maxRows,
    phoneColumn: request.phoneColumn,
    onProgress,
  });
  if (!result.ok) return result;
  const { csv, invalid, duplicates, ...rest } = result.summary;
  return {
    ok: true,
    view: {
      ...rest,
      file: new Blob([csv], { type: "text/csv" }),
      invalidCount: invalid.length,
      invalidListed: invalid.slice(0, listedRows),
      invalidFile: invalid.length > 0 ? new Blob([invalidRowsCsv(invalid)], { type: "text/csv" }) : undefined,
      duplicateCount: duplicates.length,
      duplicatesListed: duplicates.slice(0, listedRows),
    },
  };
}
