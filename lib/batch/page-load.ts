import "server-only";
import { audit } from "@/lib/api/audit";
import type { Identity } from "@/lib/auth/identity";
import type { WorkspaceConfig } from "@/lib/config";
import type { CallsQuery } from "@/lib/shared/batch-view";
import {
  getBatch,
  isTrilletError,
  listBatchCalls,
  type BatchCalls,
  type BatchStatus,
  type TrilletErrorKind,
} from "@/lib/trillet";

export type BatchPageLoad =
  | { kind: "ok"; calls: BatchCalls; batch: BatchStatus | null; fetchedAt: number }
  | { kind: "not_found" }
  | { kind: "upstream_error"; error: TrilletErrorKind; message: string; retryAfterSeconds?: number };

async function load(workspace: WorkspaceConfig, batchId: string, query: CallsQuery): Promise<BatchPageLoad> {
  // The batch's own status is extra: its failure never hides the calls.
  const batch = getBatch(workspace, batchId).catch(() => null);
  try {
    const calls = await listBatchCalls(workspace, batchId, query);
    return { kind: "ok", calls, batch: await batch, fetchedAt: Date.now() };
  } catch (error) {
    await batch;
    if (!isTrilletError(error)) throw error;
    if (error.kind === "not_found") return { kind: "not_found" };
    return {
      kind: "upstream_error",
      error: error.kind,
      message: error.message,
      retryAfterSeconds: error.detail.retryAfterSeconds,
    };
  }
}

/** What the batch page needs from Trillet, with one audit line for the view. */
export async function loadBatchPage(
  identity: Identity,
  workspace: WorkspaceConfig,
  batchId: string,
  query: CallsQuery,
): Promise<BatchPageLoad> {
  const started = Date.now();
  const result = await load(workspace, batchId, query);
  audit({
    action: "batch.view",
    user: identity.email,
    workspace: workspace.slug,
    batch: batchId,
    status: result.kind === "ok" ? 200 : result.kind === "not_found" ? 404 : 502,
    durationMs: Date.now() - started,
    filter: query.status,
    page: query.page,
  });
  return result;
}
