import "server-only";
import { takeUserRequest } from "@/lib/api/user-rate-limit";
import type { WorkspaceConfig } from "@/lib/config";
import { recordBatchStatus, type ListedBatch } from "@/lib/db/batches";
import { errorText } from "@/lib/runtime/scrub-secrets";
import { getBatch } from "@/lib/trillet";

/** A status younger than this is fresh enough for a list. */
const freshForMs = 30_000;
/** Status reads a workspace's list may spend a minute, across instances: the list never competes with a batch page. */
export const statusRefreshesPerMinute = 10;

/**
 * Unfinished batches shown on a list get a fresh status in the background, after the answer: a read at background
 * priority (a quarter of the budget stays for people watching), coalesced with any identical read, never for a
 * finished batch, and at most `statusRefreshesPerMinute` per workspace. The next look at the list shows it.
 */
export function refreshUnfinished(workspace: WorkspaceConfig, shown: ListedBatch[], now = Date.now()): void {
  const stale = staleFirst(shown, now);
  if (stale.length > 0) void refresh(workspace, stale);
}

/**
 * The unfinished batches whose status is older than `freshForMs`, never-seen first, then the oldest: the minute's
 * few reads go round the whole page instead of going to the same top rows each time they turn stale.
 */
export function staleFirst(shown: ListedBatch[], now = Date.now()): ListedBatch[] {
  const seenAt = (batch: ListedBatch) => (batch.statusSeenAt === null ? -Infinity : Date.parse(batch.statusSeenAt));
  return shown
    .filter((batch) => !batch.finished && now - seenAt(batch) > freshForMs)
    .sort((a, b) => seenAt(a) - seenAt(b));
}

async function refresh(workspace: WorkspaceConfig, stale: ListedBatch[]): Promise<void> {
  for (const batch of stale) {
    try {
      if ((await takeUserRequest(`status-refresh:${workspace.slug}`, statusRefreshesPerMinute)) > 0) return;
      const status = await getBatch(workspace, batch.batchId, { priority: "background" });
      const { total, waiting, active, completed, failed } = status.progress;
      await recordBatchStatus(workspace, batch.batchId, {
        status: status.status,
        progress: { total, waiting, active, completed, failed },
        finished: status.isComplete,
      });
    } catch (error) {
      console.error(JSON.stringify({ type: "status-refresh", workspace: workspace.slug, message: errorText(error) }));
      return;
    }
  }
}
