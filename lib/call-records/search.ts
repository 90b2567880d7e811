import "server-only";
import { formatPhone } from "@/lib/batch/phone-display";
import type { WorkspaceConfig } from "@/lib/config";
import type { CallRow } from "@/lib/shared/call-rows";
import type { CallSearchResult } from "@/lib/shared/call-detail";
import { historyPageSize, readHistoryPage } from "./fetch";
import type { CallRecord } from "./parse";
import { searchTerm } from "./search-term";

/** A search result as a row of the calls table; the record's CSV variables are the metadata columns. */
function toRow(record: CallRecord & { jobId: string }): CallRow {
  const phone = record.toPhoneNumber ?? "";
  const startTime = record.startedAt;
  return {
    jobId: record.jobId,
    status: record.status ?? "completed",
    phone_number: phone,
    phoneDisplay: formatPhone(phone),
    startTime,
    endTime:
      startTime !== undefined && record.durationSeconds !== undefined
        ? startTime + record.durationSeconds * 1000
        : undefined,
    duration: record.durationSeconds,
    error: undefined,
    metadata: record.variables,
  };
}

/** The batch's calls whose record matches `query` (phone numbers normalised): one call-history request. */
export async function searchCalls(
  workspace: WorkspaceConfig,
  batchId: string,
  query: string,
  user: string,
): Promise<CallSearchResult> {
  const term = searchTerm(query);
  const page = await readHistoryPage(
    workspace,
    { batchId, search: term.upstream, limit: String(historyPageSize), page: "1" },
    { user },
    // A search is a question of the moment: shared by identical searches, not kept.
    2_000,
  );
  const linked = page.records.filter(
    (record): record is CallRecord & { jobId: string } =>
      record.jobId !== undefined && (record.batchId === undefined || record.batchId === batchId),
  );
  return {
    query,
    kind: term.kind,
    calls: linked.map(toRow),
    unlinked: page.records.length - linked.length,
    more: page.hasNext,
  };
}
