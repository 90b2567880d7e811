import "server-only";
import Papa from "papaparse";
import type { WorkspaceConfig } from "@/lib/config";
import { listedNumbers } from "@/lib/guardrails/do-not-call";
import { csvLine } from "@/lib/shared/contacts";

export type Screened = { csv: string; rows: number; removed: number };

function eachRecord(csv: string, visit: (cells: string[], index: number) => void): void {
  let index = 0;
  Papa.parse<string[]>(csv, {
    delimiter: ",",
    skipEmptyLines: true,
    step(results) {
      visit(results.data, index);
      index += 1;
    },
  });
}

/**
 * The guardrails every start and re-run passes on the server, in one place, after the file was validated and
 * before anything is recorded or sent: numbers on the workspace's do-not-call list are removed. `csv` is the
 * intake's file (header first, phone_number in its first column, E.164). Reads the numbers in one pass, and
 * rebuilds the file only when the list holds one of them.
 */
export async function screenContacts(workspace: WorkspaceConfig, csv: string): Promise<Screened> {
  const numbers: string[] = [];
  eachRecord(csv, (cells, index) => {
    if (index > 0) numbers.push(cells[0] ?? "");
  });
  const listed = await listedNumbers(workspace, numbers);
  if (listed.size === 0) return { csv, rows: numbers.length, removed: 0 };
  const lines: string[] = [];
  let removed = 0;
  eachRecord(csv, (cells, index) => {
    if (index > 0 && listed.has(cells[0] ?? "")) removed += 1;
    else lines.push(csvLine(cells));
  });
  return { csv: lines.join(""), rows: numbers.length - removed, removed };
}
