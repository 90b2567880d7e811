import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import type { CallsQuery } from "@/lib/query";
import { getBatch, isTrilletError, listBatchCalls, type BatchCalls, type BatchStatus, type TrilletErrorKind } from "@/lib/trillet";

export type BatchPageLoad =
  | { kind: "ok"; calls: BatchCalls; batch: BatchStatus | null }
  | { kind: "not_found" }
  | { kind: "upstream_error"; error: TrilletErrorKind; message: string; retryAfterSeconds?: number };

/**
 * What the batch page needs from Trillet: one page of calls and, when it answers, the batch's
 * own status. The status is extra: its failure never hides the calls.
 */
export async function loadBatchPage(workspace: WorkspaceConfig, batchId: string, query: CallsQuery): Promise<BatchPageLoad> {
  const batch = getBatch(workspace, batchId).catch(() => null);
  try {
    const calls = await listBatchCalls(workspace, batchId, query);
    return { kind: "ok", calls, batch: await batch };
  } catch (error) {
    await batch;
    if (!isTrilletError(error)) throw error;
    if (error.kind === "not_found") return { kind: "not_found" };
    return { kind: "upstream_error", error: error.kind, message: error.message, retryAfterSeconds: error.detail.retryAfterSeconds };
  }
}
