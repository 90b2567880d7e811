import "server-only";
import Papa from "papaparse";
import { z } from "zod";
import { readCappedBody } from "@/lib/api/read-capped";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import { decodeCsv, intakeCsv, maxCsvBytes, type IntakeProblem, type IntakeSummary } from "@/lib/shared/contacts";

// Numbers for the do-not-call list and the checks, read with the same parser and validation as a new batch
// (lib/shared/contacts): a file the batch intake refuses is refused here too, with the same words.

export type NumbersIntake =
  { ok: true; numbers: string[]; summary: Omit<IntakeSummary, "csv"> } | { ok: false; problem: IntakeProblem };

/** The E.164 numbers of a file's valid rows (duplicates removed), in file order. */
export function numbersFromCsv(bytes: Uint8Array, workspace: WorkspaceConfig, phoneColumn?: string): NumbersIntake {
  const decoded = decodeCsv(bytes, maxCsvBytes);
  if (!decoded.ok) return decoded;
  const result = intakeCsv(decoded.text, {
    defaultCountry: workspace.defaultCountry,
    maxRows: getConfig().batchMaxRows,
    ...(phoneColumn ? { phoneColumn } : {}),
  });
  if (!result.ok) return result;
  const { csv, ...summary } = result.summary;
  return { ok: true, numbers: numbersOfSentCsv(csv), summary };
}

/**
 * The intake's CSV puts phone_number first, in E.164. Read as CSV, never by lines: another column's cell may hold a
 * quoted line break, which splitting on lines took for a row of its own.
 */
function numbersOfSentCsv(csv: string): string[] {
  const numbers: string[] = [];
  let header = true;
  Papa.parse<string[]>(csv, {
    delimiter: ",",
    skipEmptyLines: true,
    step(results) {
      if (!header) numbers.push(results.data[0] ?? "");
      header = false;
    },
  });
  return numbers;
}

/** One number typed by hand, validated as a file's row would be: its E.164 form, or why not. */
export function oneNumber(
  text: string,
  workspace: WorkspaceConfig,
): { ok: true; number: string } | { ok: false; message: string } {
  const cell = text.replace(/[",\r\n]/g, " ").trim();
  const result = intakeCsv(`phone_number\r\n${cell}\r\n`, { defaultCountry: workspace.defaultCountry, maxRows: 1 });
  if (result.ok) return { ok: true, number: numbersOfSentCsv(result.summary.csv)[0]! };
  return { ok: false, message: `“${cell.slice(0, 40)}” is not a phone number this workspace can call.` };
}

export const e164Schema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, "must be a phone number in E.164 form, like +12125550123");

/** A multipart upload's file and fields, read with a cap (the file's 20 MB and a little for the form). */
export async function readUpload(
  request: Request,
): Promise<
  | { ok: true; bytes: Uint8Array; fileName: string; fields: Map<string, string> }
  | { ok: false; status: 400 | 413 | 415; message: string }
> {
  // As sent: the boundary is case-sensitive.
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    return { ok: false, status: 415, message: "Send the file as multipart/form-data." };
  }
  const limit = maxCsvBytes + 64 * 1024;
  if (Number(request.headers.get("content-length")) > limit) {
    return { ok: false, status: 413, message: "The file is over 20 MB, the most a CSV may be." };
  }
  const body = await readCappedBody(request, limit);
  if (!body) return { ok: false, status: 413, message: "The file is over 20 MB, the most a CSV may be." };
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    return { ok: false, status: 400, message: "The form could not be read." };
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) return { ok: false, status: 400, message: "Choose a CSV file (field “file”)." };
  const fields = new Map<string, string>();
  for (const [name, value] of form.entries()) if (typeof value === "string") fields.set(name, value.slice(0, 2_000));
  return {
    ok: true,
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: ("name" in file && typeof file.name === "string" ? file.name : "upload.csv").slice(0, 200),
    fields,
  };
}
