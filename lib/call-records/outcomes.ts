import "server-only";
import { formatPhone } from "@/lib/batch/phone-display";
import type { WorkspaceConfig } from "@/lib/config";
import type { OutcomeCounts } from "@/lib/shared/call-detail";
import { sharedRead } from "@/lib/state/shared-reads";
import { readScope, TrilletError } from "@/lib/trillet";
import { historyPageSize, readHistoryPage } from "./fetch";

/** Like the failure reasons: above this many call records the panel counts the first ones only, and says so. */
export const maxRecordsCounted = 2_000;
const cacheTtlMs = 30_000;
const walkDeadlineMs = 90_000;
const walkLockMs = 120_000;
export const noOutcome = "(no outcome recorded)";

/** Counts outcomes over the batch's call records, 100 per request, until the last page, the bound or the deadline. */
export async function computeOutcomes(
  workspace: WorkspaceConfig,
  batchId: string,
  signal: AbortSignal = AbortSignal.timeout(walkDeadlineMs),
): Promise<OutcomeCounts> {
  const byOutcome = new Map<string, OutcomeCounts["outcomes"][number]>();
  let counted = 0;
  const cost = { total: 0, records: 0 };
  const seconds = { total: 0, records: 0 };
  let total: number | undefined;
  let complete = false;
  const maxPages = Math.ceil(maxRecordsCounted / historyPageSize);
  for (let page = 1; page <= maxPages; page += 1) {
    let records;
    try {
      const read = await readHistoryPage(
        workspace,
        { batchId, limit: String(historyPageSize), page: String(page) },
        { priority: "background", signal },
      );
      records = read.records;
      total ??= read.total;
      complete = !read.hasNext;
    } catch (error) {
      // Past the deadline, what was counted is the answer (marked incomplete); before it, the failure is.
      if (!signal.aborted) throw error;
      if (page === 1) throw new TrilletError("timeout", { cause: "outcome walk deadline" });
      complete = false;
      break;
    }
    for (const record of records) {
      counted += 1;
      if (record.cost !== undefined) {
        cost.total += record.cost;
        cost.records += 1;
      }
      if (record.durationSeconds !== undefined) {
        seconds.total += record.durationSeconds;
        seconds.records += 1;
      }
      const outcome = record.outcome ?? noOutcome;
      let entry = byOutcome.get(outcome);
      if (!entry) byOutcome.set(outcome, (entry = { outcome, count: 0, calls: [] }));
      entry.count += 1;
      if (record.jobId !== undefined && (record.batchId === undefined || record.batchId === batchId)) {
        const phone = record.toPhoneNumber ?? "";
        entry.calls.push({
          jobId: record.jobId,
          phone_number: phone,
          phoneDisplay: formatPhone(phone),
          startedAt: record.startedAt,
        });
      }
    }
    if (complete) break;
  }
  return {
    counted,
    cost,
    seconds,
    currency: workspace.currency,
    total,
    complete,
    outcomes: [...byOutcome.values()].sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome)),
  };
}

/** Each distinct outcome with its count, cached briefly per batch and shared by every instance. */
export function batchOutcomes(workspace: WorkspaceConfig, batchId: string): Promise<OutcomeCounts> {
  return sharedRead("outcomes", readScope(workspace, batchId), { ttlMs: cacheTtlMs, lockMs: walkLockMs }, () =>
    computeOutcomes(workspace, batchId),
  );
}
