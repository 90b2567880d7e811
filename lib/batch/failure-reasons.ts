import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { getConfig } from "@/lib/config";
import { firstWalkPage, walkBatchCalls, walkPageSize } from "@/lib/export/walk";
import { sharedRead } from "@/lib/state/shared-reads";
import { readScope } from "@/lib/trillet";

/** Above this many failed calls the panel counts the first ones only, and says so. */
export const maxFailedExamined = 2_000;
const cacheTtlMs = 30_000;
// A walk of 20 pages at the background share of the budget can take a while; past this another instance may take it over.
const walkLockMs = 120_000;
const noReason = "(no reason given)";

/** The failure-reasons panel's data: each distinct reason, its count and the calls behind it. */
export type FailureReasons = {
  totalFailed: number;
  examined: number;
  /** False when the batch has more failed calls than were examined. */
  complete: boolean;
  reasons: { reason: string; count: number; calls: { jobId: string; phone_number: string; endTime?: number }[] }[];
};

async function computeFailureReasons(workspace: WorkspaceConfig, batchId: string): Promise<FailureReasons> {
  const first = await firstWalkPage(workspace, batchId, "failed");
  const byReason = new Map<string, FailureReasons["reasons"][number]>();
  let examined = 0;
  const pages = walkBatchCalls(workspace, batchId, "failed", first, {
    concurrency: getConfig().exportConcurrency,
    maxPages: Math.ceil(maxFailedExamined / walkPageSize),
  });
  for await (const page of pages) {
    for (const call of page.calls) {
      examined += 1;
      const reason = call.error?.trim() || noReason;
      let entry = byReason.get(reason);
      if (!entry) {
        entry = { reason, count: 0, calls: [] };
        byReason.set(reason, entry);
      }
      entry.count += 1;
      entry.calls.push({ jobId: call.jobId, phone_number: call.phone_number, endTime: call.endTime });
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

/** Each distinct failure reason with its count, walked from the failed calls and cached briefly per batch. */
export function failureReasons(workspace: WorkspaceConfig, batchId: string): Promise<FailureReasons> {
  return sharedRead("failures", readScope(workspace, batchId), { ttlMs: cacheTtlMs, lockMs: walkLockMs }, () =>
    computeFailureReasons(workspace, batchId),
  );
}
