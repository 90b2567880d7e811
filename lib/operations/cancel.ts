import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { batchActions, recordBatchCancel } from "@/lib/db/batches";
import type { Person } from "@/lib/db/person";
import type { CancelCounts } from "@/lib/db/schema";
import { isTrilletError } from "@/lib/trillet";
import { cancelBatchCall } from "@/lib/trillet/actions";
import { recordOperation } from "./audit";

export type CancelResult =
  | {
      ok: true;
      status: 200;
      cancel: {
        batchId: string;
        status: "cancelled";
        message: string | null;
        counts: CancelCounts;
        by: string;
        at: string;
      };
    }
  | { ok: false; status: number; code: string; message: string; headers?: Record<string, string> };

const statusOf: Record<string, { status: number; code: string }> = {
  not_found: { status: 404, code: "not_found" },
  unauthorized: { status: 502, code: "upstream_unauthorized" },
  rate_limited: { status: 429, code: "rate_limited" },
  timeout: { status: 504, code: "upstream_timeout" },
  bad_response: { status: 502, code: "upstream_bad_response" },
  upstream_error: { status: 502, code: "upstream_error" },
};

/**
 * Cancels a batch of this workspace's list: a batch the list does not hold is 404 before anything reaches Trillet
 * (another workspace's id included); one already cancelled answers its recorded cancel again. Trillet's counts
 * and who cancelled it are kept on the batch and in the activity.
 */
export async function cancelBatch(workspace: WorkspaceConfig, person: Person, batchId: string): Promise<CancelResult> {
  const audit = (result: CancelResult, details: Record<string, string | number | boolean> = {}) => {
    recordOperation({
      workspace,
      person,
      action: "batch.cancel",
      outcome: result.ok ? "cancelled" : "refused",
      status: result.status,
      batchId,
      details: result.ok ? { ...result.cancel.counts, ...details } : { code: result.code, ...details },
    });
    return result;
  };
  const actions = await batchActions(workspace, batchId);
  if (!actions) {
    return audit({
      ok: false,
      status: 404,
      code: "not_found",
      message: "This workspace's list has no batch with this id.",
    });
  }
  if (actions.cancelled) {
    const { by, at, counts } = actions.cancelled;
    const recorded = counts ?? { completedCalls: 0, failedCalls: 0, cancelledCalls: 0, totalCalls: 0 };
    return audit(
      { ok: true, status: 200, cancel: { batchId, status: "cancelled", message: null, counts: recorded, by, at } },
      { repeated: true },
    );
  }
  try {
    const answer = await cancelBatchCall(workspace, batchId, person.id);
    const at = new Date();
    await recordBatchCancel(workspace, batchId, person, answer.details, at);
    return audit({
      ok: true,
      status: 200,
      cancel: {
        batchId,
        status: "cancelled",
        message: answer.message ?? null,
        counts: answer.details,
        by: person.name,
        at: at.toISOString(),
      },
    });
  } catch (error) {
    if (!isTrilletError(error)) throw error;
    const mapped = statusOf[error.kind] ?? { status: 502, code: "upstream_error" };
    const retry = error.detail.retryAfterSeconds;
    return audit({
      ok: false,
      ...mapped,
      message:
        error.kind === "not_found"
          ? "Trillet has no batch with this id in this workspace."
          : `${error.message} The batch may not be cancelled: look at its page before trying again.`,
      ...(retry !== undefined ? { headers: { "Retry-After": String(Math.max(1, retry)) } } : {}),
    });
  }
}
