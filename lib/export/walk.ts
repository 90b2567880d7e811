import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import type { CallStatusFilter } from "@/lib/query";
import { listBatchCalls, type BatchCalls } from "@/lib/trillet";

export const walkPageSize = 100;

export type WalkOptions = { concurrency: number; signal?: AbortSignal; maxPages?: number };

/**
 * Every page of a filter, in upstream order, fetched `concurrency` pages ahead of the reader.
 * At most that many pages are held at once, so memory stays flat whatever the batch size.
 * Reads are background work: they wait for the shared Trillet budget instead of failing.
 */
export async function* walkBatchCalls(
  workspace: WorkspaceConfig,
  batchId: string,
  status: CallStatusFilter,
  first: BatchCalls,
  options: WalkOptions,
): AsyncGenerator<BatchCalls> {
  const totalPages = Math.min(first.pagination.totalPages, options.maxPages ?? Number.POSITIVE_INFINITY);
  const fetchPage = (page: number) =>
    listBatchCalls(workspace, batchId, { status, page, limit: walkPageSize }, { priority: "background", signal: options.signal });

  const ahead = new Map<number, Promise<BatchCalls>>();
  let next = 2;
  const fill = () => {
    while (next <= totalPages && ahead.size < options.concurrency) {
      const pending = fetchPage(next);
      // Rejections are handled when the page is awaited; this only stops "unhandled" noise meanwhile.
      pending.catch(() => undefined);
      ahead.set(next, pending);
      next += 1;
    }
  };

  yield first;
  try {
    for (let page = 2; page <= totalPages; page++) {
      fill();
      const result = await ahead.get(page)!;
      ahead.delete(page);
      yield result;
    }
  } finally {
    ahead.clear();
  }
}

export function firstWalkPage(workspace: WorkspaceConfig, batchId: string, status: CallStatusFilter, signal?: AbortSignal) {
  return listBatchCalls(workspace, batchId, { status, page: 1, limit: walkPageSize }, { priority: "background", signal });
}
