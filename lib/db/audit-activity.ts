import "server-only";
import { getConfig } from "@/lib/config";
import { recordActivity } from "./activity";

/**
 * The audit actions worth a row in the workspace's activity: what a person did, not every poll. Reads that a page
 * repeats by itself (calls, export progress, the count panels) stay in the log lines only.
 */
const recorded = new Set([
  "batch.view",
  "call.read",
  "recording.read",
  "calls.search",
  "export",
  "export.start",
  "export.download",
  "export.cancel",
  "denied",
]);

const fixed = new Set(["type", "time", "action", "user", "subject", "workspace", "batch", "status", "durationMs"]);

/** An audit line's fields as an activity row, when the action is recorded and names a configured workspace. */
export function recordAuditActivity(entry: {
  action: string;
  user: string;
  subject?: string | number | boolean;
  workspace: string;
  batch: string;
  status: number | string;
  [detail: string]: string | number | boolean | undefined;
}): void {
  if (!recorded.has(entry.action)) return;
  // A probe of a workspace that does not exist has nowhere to be shown.
  const workspace = getConfig().workspaces.find((candidate) => candidate.slug === entry.workspace);
  if (!workspace) return;
  const details: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (fixed.has(name) || value === undefined) continue;
    details[name] = typeof value === "string" ? value.slice(0, 200) : value;
  }
  recordActivity({
    workspace,
    person: { id: String(entry.subject ?? entry.user), name: entry.user },
    action: entry.action,
    ...(entry.batch ? { batchId: entry.batch } : {}),
    ...(typeof entry.status === "number" ? { status: entry.status } : {}),
    details,
  });
}
