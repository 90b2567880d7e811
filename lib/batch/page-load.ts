import "server-only";
import { audit, auditDenial, auditedPerson } from "@/lib/api/audit";
import { takeUserRequest } from "@/lib/api/user-rate-limit";
import type { Identity } from "@/lib/auth/identity";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import { recordBatchOpen } from "@/lib/db/batches";
import { personOf } from "@/lib/db/person";
import { errorText } from "@/lib/runtime/scrub-secrets";
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

async function load(
  workspace: WorkspaceConfig,
  batchId: string,
  query: CallsQuery,
  user: string,
): Promise<BatchPageLoad> {
  // The batch's own status is extra: its failure never hides the calls.
  const batch = getBatch(workspace, batchId, { user }).catch(() => null);
  try {
    const calls = await listBatchCalls(workspace, batchId, query, { user });
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

/** The workspace's list learns of the batch, without ever delaying or failing the page: it never needed the database. */
function rememberOpen(
  workspace: WorkspaceConfig,
  batchId: string,
  identity: Identity,
  { calls, batch }: Extract<BatchPageLoad, { kind: "ok" }>,
): void {
  const { total, waiting, active, completed, failed } = calls.summary;
  const seen = {
    status: batch?.status,
    progress: { total, waiting, active, completed, failed },
    finished: batch?.isComplete ?? (total > 0 && waiting + active === 0),
  };
  recordBatchOpen(workspace, batchId, personOf(identity), seen).catch((error: unknown) =>
    console.error(JSON.stringify({ type: "database", action: "batch.remember", message: errorText(error) })),
  );
}

/** What the batch page needs from Trillet, with one audit line for the view. */
export async function loadBatchPage(
  identity: Identity,
  workspace: WorkspaceConfig,
  batchId: string,
  query: CallsQuery,
): Promise<BatchPageLoad> {
  const started = Date.now();
  const user = identity.id;
  const person = auditedPerson(identity);
  // A page render is a request like an API read: it counts against the person's limit.
  const wait = await takeUserRequest(user, getConfig().apiRateLimitPerMinute);
  if (wait > 0) {
    auditDenial({ reason: "rate_limited", status: 429, person, slug: workspace.slug, batch: batchId });
    return {
      kind: "upstream_error",
      error: "rate_limited",
      message: `You have made too many requests. Try again in ${wait} s.`,
      retryAfterSeconds: wait,
    };
  }
  const result = await load(workspace, batchId, query, user);
  if (result.kind === "ok") rememberOpen(workspace, batchId, identity, result);
  audit({
    action: "batch.view",
    ...person,
    workspace: workspace.slug,
    batch: batchId,
    status: result.kind === "ok" ? 200 : result.kind === "not_found" ? 404 : 502,
    durationMs: Date.now() - started,
    filter: query.status,
    page: query.page,
  });
  return result;
}
