import "server-only";
import Papa from "papaparse";
import type { WorkspaceConfig } from "@/lib/config";
import { listedNumbers } from "@/lib/guardrails/do-not-call";
import { csvLine } from "@/lib/shared/contacts";

export type Screened = {
  csv: string;
  rows: number;
  removed: number;
  /** The file as sent, parsed: its header and the rows kept (phone_number first), for the checks that follow. */
  header: string[];
  records: string[][];
};

/**
 * The guardrails every start and re-run passes on the server, in one place, after the file was validated and
 * before anything is recorded or sent: numbers on the workspace's do-not-call list are removed. `csv` is the
 * intake's file (header first, phone_number in its first column, E.164). Parses it once; rebuilds the file only
 * when the list holds one of its numbers.
 */
export async function screenContacts(workspace: WorkspaceConfig, csv: string): Promise<Screened> {
  const [header = [], ...records] = Papa.parse<string[]>(csv, { delimiter: ",", skipEmptyLines: true }).data;
  const listed = await listedNumbers(
    workspace,
    records.map((cells) => cells[0] ?? ""),
  );
  if (listed.size === 0) return { csv, rows: records.length, removed: 0, header, records };
  const kept = records.filter((cells) => !listed.has(cells[0] ?? ""));
  return {
    csv: [header, ...kept].map(csvLine).join(""),
    rows: kept.length,
    removed: records.length - kept.length,
    header,
    records: kept,
  };
}
