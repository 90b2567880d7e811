import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { metadataKeyUnion } from "@/lib/export/csv";
import { maxRerunCalls, RerunTooLarge } from "@/lib/export/stream";
import { firstWalkPage, walkBatchCalls } from "@/lib/export/walk";
import { getConfig } from "@/lib/config";
import { csvLine } from "@/lib/shared/contacts";
import { metadataCell } from "@/lib/shared/metadata-cell";
import type { Call } from "@/lib/trillet";

/** The error kind of a failed call as the failure-reasons panel names it. */
export const noReasonKind = "(no reason given)";
export const errorKindOf = (call: Call) => call.error?.trim() || noReasonKind;

export type RerunRows = {
  /** The file to review and send: phone_number first, then the metadata columns, cells exactly as Trillet has them. */
  csv: string;
  /** Failed calls in the batch, and the rows kept after leaving out the excluded kinds. */
  failed: number;
  rows: number;
  /** Failed calls by error kind (all of them, excluded kinds too), for the choice of what to leave out. */
  kinds: { kind: string; count: number }[];
};

/**
 * The re-run of a batch's failed calls, built as today's re-run export builds it (every failed call, its number in
 * phone_number, its CSV row's columns after it, unreadable rows left out), except that cells are kept exactly: this
 * file is sent to Trillet, not opened in a spreadsheet. Calls whose error kind is in `exclude` are left out.
 */
export async function buildRerunRows(
  workspace: WorkspaceConfig,
  batchId: string,
  exclude: ReadonlySet<string>,
  signal?: AbortSignal,
  cap = maxRerunCalls,
): Promise<RerunRows> {
  const first = await firstWalkPage(workspace, batchId, "failed", signal);
  if (first.pagination.total > cap) throw new RerunTooLarge(first.pagination.total, cap);
  const failed: Call[] = [];
  const counts = new Map<string, number>();
  let total = 0;
  const pages = walkBatchCalls(workspace, batchId, "failed", first, {
    concurrency: getConfig().exportConcurrency,
    signal,
  });
  for await (const page of pages) {
    for (const call of page.calls) {
      if (call.unreadable !== undefined) continue;
      total += 1;
      if (total > cap) throw new RerunTooLarge(total, cap);
      const kind = errorKindOf(call);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      if (!exclude.has(kind)) failed.push(call);
    }
  }
  const keys = metadataKeyUnion(failed).filter((key) => key !== "phone_number");
  const lines = [csvLine(["phone_number", ...keys])];
  for (const call of failed)
    lines.push(csvLine([call.phone_number, ...keys.map((key) => metadataCell(call.metadata, key))]));
  return {
    csv: lines.join(""),
    failed: total,
    rows: failed.length,
    kinds: [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
  };
}
