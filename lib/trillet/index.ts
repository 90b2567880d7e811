import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { getConfig } from "@/lib/config";
import type { CallsQuery } from "@/lib/shared/batch-view";
import { Coalescer } from "./coalesce";
import { getTrillet, getTrilletAnswer, parseAnswer, type UpstreamOptions } from "./http";
import { batchCallsSchema, batchStatusSchema, type BatchCalls, type BatchStatus } from "./schemas";

export { TrilletError, isTrilletError, type TrilletErrorKind } from "./errors";
export type { BatchCalls, BatchStatus, Call, Pagination, Summary } from "./schemas";

const reads = new Coalescer();

// Keyed by slug and workspace id: an answer can never be served to another workspace.
const cacheKey = (workspace: WorkspaceConfig, path: string) => `${workspace.slug}\u0000${workspace.id}\u0000${path}`;

function coalesced<T>(workspace: WorkspaceConfig, path: string, load: () => Promise<T>): Promise<T> {
  return reads.run(cacheKey(workspace, path), getConfig().trillet.cacheTtlMs, load);
}

function callsPath(batchId: string, query: CallsQuery): string {
  const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit), status: query.status });
  return `/v1/api/batch-calls/${encodeURIComponent(batchId)}/calls?${params}`;
}

/** One page of a batch's calls. `batchId` and `query` must already be validated (lib/query). */
export function listBatchCalls(
  workspace: WorkspaceConfig,
  batchId: string,
  query: CallsQuery,
  options: UpstreamOptions = {},
): Promise<BatchCalls> {
  const path = callsPath(batchId, query);
  // Background walks (exports) read each page once; only interactive reads share answers.
  if (options.priority === "background") return getTrillet(workspace, path, batchCallsSchema, options);
  return coalesced(workspace, path, () => getTrillet(workspace, path, batchCallsSchema, options));
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
  return { parse: () => parseAnswer(answer, batchCallsSchema) };
}

/** The batch's own status and progress. */
export function getBatch(workspace: WorkspaceConfig, batchId: string): Promise<BatchStatus> {
  const path = `/v1/api/batch-calls/${encodeURIComponent(batchId)}`;
  return coalesced(workspace, path, () => getTrillet(workspace, path, batchStatusSchema));
}
