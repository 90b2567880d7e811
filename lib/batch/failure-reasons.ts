import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { getConfig } from "@/lib/config";
import { firstWalkPage, walkBatchCalls, walkPageSize } from "@/lib/export/walk";
import { sharedRead } from "@/lib/state/shared-reads";
import { readScope, TrilletError } from "@/lib/trillet";

/** Above this many failed calls the panel counts the first ones only, and says so. */
export const maxFailedExamined = 2_000;
const cacheTtlMs = 30_000;
// A walk of 20 pages at the background share of the budget can take a while: it stops at its deadline
// and reports what it counted; its lock outlives the deadline so no other instance starts a second walk.
const walkDeadlineMs = 90_000;
const walkLockMs = 120_000;
const noReason = "(no reason given)";
const unreadableReason = "(unreadable row: not listed)";

/** The failure-reasons panel's data: each distinct reason, its count and the calls behind it. */
export type FailureReasons = {
  totalFailed: number;
  examined: number;
  /** False when the batch has more failed calls than were examined. */
  complete: boolean;
  reasons: { reason: string; count: number; calls: { jobId: string; phone_number: string; endTime?: number }[] }[];
};

/** Counts failure reasons; stops at `signal` (a deadline) and reports what it counted so far as incomplete. */
export async function computeFailureReasons(
  workspace: WorkspaceConfig,
  batchId: string,
  signal: AbortSignal = AbortSignal.timeout(walkDeadlineMs),
): Promise<FailureReasons> {
  const first = await firstWalkPage(workspace, batchId, "failed", signal).catch((error: unknown) => {
    throw signal.aborted ? new TrilletError("timeout", { cause: "failure walk deadline" }) : error;
  });
  const byReason = new Map<string, FailureReasons["reasons"][number]>();
  let examined = 0;
  const pages = walkBatchCalls(workspace, batchId, "failed", first, {
    concurrency: getConfig().exportConcurrency,
    maxPages: Math.ceil(maxFailedExamined / walkPageSize),
    signal,
  });
  for await (const page of stopAt(pages, signal)) {
    for (const call of page.calls) {
      examined += 1;
      // A failed call Trillet sent in a shape this console cannot read is counted, under its own reason, but not listed.
      const reason = call.unreadable !== undefined ? unreadableReason : call.error?.trim() || noReason;
      let entry = byReason.get(reason);
      if (!entry) {
        entry = { reason, count: 0, calls: [] };
        byReason.set(reason, entry);
      }
      entry.count += 1;
      if (call.unreadable === undefined) {
        entry.calls.push({ jobId: call.jobId, phone_number: call.phone_number, endTime: call.endTime });
      }
    }
  }
  const totalFailed = first.pagination.total;
  return {
    totalFailed,
    examined,
    complete: examined >= totalFailed,
    reasons: [...byReason.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

/** The pages of `walk` until `signal` aborts; then the walk is ended and the loop simply stops. */
async function* stopAt<T>(walk: AsyncGenerator<T>, signal: AbortSignal): AsyncGenerator<T> {
  try {
    for await (const page of walk) yield page;
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/** Each distinct failure reason with its count, walked from the failed calls and cached briefly per batch. */
export function failureReasons(workspace: WorkspaceConfig, batchId: string): Promise<FailureReasons> {
  return sharedRead("failures", readScope(workspace, batchId), { ttlMs: cacheTtlMs, lockMs: walkLockMs }, () =>
    computeFailureReasons(workspace, batchId),
  );
}
