import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import type { CallStatusFilter } from "@/lib/shared/batch-view";
import { fetchBatchCallsUnparsed, listBatchCalls, type BatchCalls, type UnparsedBatchCalls } from "@/lib/trillet";

export const walkPageSize = 100;

export type WalkOptions = { concurrency: number; signal?: AbortSignal; maxPages?: number };

/**
 * Every page of a filter, in upstream order, fetched `concurrency` pages ahead of the reader.
 * At most that many pages are held at once, as unparsed text, so memory stays flat whatever the
 * batch size; each page is parsed on its turn.
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
  yield first;
  yield* walkPageRange(workspace, batchId, status, { from: 2, to: totalPages }, options);
}

/** Pages `from`..`to` of a filter, in order, read ahead like walkBatchCalls. */
export async function* walkPageRange(
  workspace: WorkspaceConfig,
  batchId: string,
  status: CallStatusFilter,
  range: { from: number; to: number },
  options: WalkOptions,
): AsyncGenerator<BatchCalls> {
  const fetchPage = (page: number) =>
    fetchBatchCallsUnparsed(workspace, batchId, { status, page, limit: walkPageSize }, { signal: options.signal });

  const ahead = new Map<number, Promise<UnparsedBatchCalls>>();
  let next = range.from;
  const fill = () => {
    while (next <= range.to && ahead.size < options.concurrency) {
      const pending = fetchPage(next);
      // Rejections are handled when the page is awaited; this only stops "unhandled" noise meanwhile.
      pending.catch(() => undefined);
      ahead.set(next, pending);
      next += 1;
    }
  };

  try {
    for (let page = range.from; page <= range.to; page++) {
      fill();
      const fetched = await ahead.get(page)!;
      ahead.delete(page);
      yield fetched.parse();
    }
  } finally {
    ahead.clear();
  }
}

export function firstWalkPage(
  workspace: WorkspaceConfig,
  batchId: string,
  status: CallStatusFilter,
  signal?: AbortSignal,
) {
  return listBatchCalls(
    workspace,
    batchId,
    { status, page: 1, limit: walkPageSize },
    { priority: "background", signal },
  );
}
