import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { batchIndexStore } from "./index-store";
import { loadIndex } from "./loaded-index";
import { needsWalk, startWalk } from "./walker";

/**
 * One call's CSV row from the batch's search index: `found` with its fields, `pending` while the
 * index is still being read (the walk is started here if it is not running), `missing` once the
 * whole batch was read and the call is not in it. Costs no request of its own to Trillet: the walk
 * reads at background priority, as a search does.
 */
export async function indexedCallFields(
  workspace: WorkspaceConfig,
  batchId: string,
  jobId: string,
): Promise<{ state: "found"; metadata: Record<string, string> } | { state: "pending" | "missing" }> {
  const store = batchIndexStore(workspace, batchId);
  const meta = await store.readMeta();
  const now = Date.now();
  if (meta) {
    const found = (await loadIndex(store, meta)).find((entry) => entry.call.jobId === jobId);
    if (found) return { state: "found", metadata: found.call.metadata };
  }
  if (needsWalk(meta, now)) await startWalk(workspace, batchId, store);
  return meta?.walked && meta.pending.length === 0 ? { state: "missing" } : { state: "pending" };
}
