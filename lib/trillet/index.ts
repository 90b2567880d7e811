import "server-only";
import { apiKeyFor, getConfig, type WorkspaceConfig } from "@/lib/config";
import type { CallsQuery } from "@/lib/shared/batch-view";
import { sharedRead } from "@/lib/state/shared-reads";
import { keyName } from "@/lib/state/sealed";
import { getTrillet, getTrilletAnswer, parseAnswer, type UpstreamAnswer, type UpstreamOptions } from "./http";
import { batchCallsSchema, batchStatusSchema, type BatchCalls, type BatchStatus } from "./schemas";

export { TrilletError, isTrilletError, type TrilletErrorKind } from "./errors";
export type { BatchCalls, BatchStatus, Call, Pagination, Summary } from "./schemas";

/** Longer than one interactive read's overall deadline: a crashed reader's lock frees itself after it. */
const readLockMs = 12_000;

/**
 * Identical reads share one upstream call across instances, reused for TRILLET_CACHE_TTL_MS. Scoped
 * by workspace and API key: an answer is never served to another workspace or under another key.
 */
export function readScope(workspace: WorkspaceConfig, path: string): string[] {
  return [workspace.slug, workspace.id, keyName(apiKeyFor(workspace)), path];
}

function coalesced<T>(workspace: WorkspaceConfig, path: string, load: () => Promise<T>): Promise<T> {
  const options = { ttlMs: getConfig().trillet.cacheTtlMs, lockMs: readLockMs };
  return sharedRead("trillet", readScope(workspace, path), options, load);
}

function callsPath(batchId: string, query: CallsQuery): string {
  const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit), status: query.status });
  return `/v1/api/batch-calls/${encodeURIComponent(batchId)}/calls?${params}`;
}

/**
 * Calls Trillet sent that could not be read (lib/trillet/schemas.ts) are shown as "unreadable"
 * rows; each reply that has some says so in one JSON line: where, and which fields of which row,
 * never a phone number or metadata. Written once per upstream read, not per viewer.
 */
function reportUnreadable(workspace: WorkspaceConfig, batchId: string, query: CallsQuery, page: BatchCalls): void {
  const rows = page.calls.flatMap((call, position) =>
    call.unreadable === undefined
      ? []
      : [{ position, ...(call.jobId ? { jobId: call.jobId.slice(0, 128) } : {}), problem: call.unreadable }],
  );
  if (rows.length === 0) return;
  console.warn(
    JSON.stringify({
      type: "upstream-unreadable-rows",
      time: new Date().toISOString(),
      workspace: workspace.slug,
      batch: batchId,
      filter: query.status,
      page: query.page,
      limit: query.limit,
      count: rows.length,
      rows,
    }),
  );
}

function readCalls(workspace: WorkspaceConfig, batchId: string, query: CallsQuery, answer: UpstreamAnswer): BatchCalls {
  const page = parseAnswer(answer, batchCallsSchema);
  reportUnreadable(workspace, batchId, query, page);
  return page;
}

/** One page of a batch's calls. `batchId` and `query` must already be validated (lib/query). */
export function listBatchCalls(
  workspace: WorkspaceConfig,
  batchId: string,
  query: CallsQuery,
  options: UpstreamOptions = {},
): Promise<BatchCalls> {
  const path = callsPath(batchId, query);
  const read = async () => readCalls(workspace, batchId, query, await getTrilletAnswer(workspace, path, options));
  // Background walks (exports) read each page once; only interactive reads share answers.
  if (options.priority === "background") return read();
  return coalesced(workspace, path, read);
}

/** A page of calls fetched but not yet parsed; `parse()` validates it (and may throw `bad_response`). */
export type UnparsedBatchCalls = { parse: () => BatchCalls };

/**
 * For read-ahead walks (exports): fetches a page now and parses it when the reader's turn comes.
 * A page waiting in the queue is then one string rather than thousands of objects, which the
 * garbage collector would otherwise move to the old generation and keep until a full collection.
 */
export async function fetchBatchCallsUnparsed(
  workspace: WorkspaceConfig,
  batchId: string,
  query: CallsQuery,
  options: UpstreamOptions = {},
): Promise<UnparsedBatchCalls> {
  const answer = await getTrilletAnswer(workspace, callsPath(batchId, query), { priority: "background", ...options });
  return { parse: () => readCalls(workspace, batchId, query, answer) };
}

/** The batch's own status and progress. */
export function getBatch(
  workspace: WorkspaceConfig,
  batchId: string,
  options: UpstreamOptions = {},
): Promise<BatchStatus> {
  const path = `/v1/api/batch-calls/${encodeURIComponent(batchId)}`;
  return coalesced(workspace, path, () => getTrillet(workspace, path, batchStatusSchema, options));
}
