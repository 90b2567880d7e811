import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { recordActivity } from "@/lib/db/activity";
import type { Person } from "@/lib/db/person";

export type OperationAudit = {
  workspace: WorkspaceConfig;
  person: Person;
  /** `batch.start`, `batch.rerun`, `batch.cancel`. */
  action: string;
  outcome: "started" | "cancelled" | "refused" | "unknown" | "replayed" | "in_progress";
  status: number;
  batchId?: string;
  /** Ids, counts, the file's SHA-256 and reasons: never a phone number or a cell's value. */
  details?: Record<string, string | number | boolean>;
};

/**
 * Every start, re-run, cancel and refused attempt: one JSON line on stdout and a row in the workspace's activity.
 * Callers pass counts, ids and the file's fingerprint only.
 */
export function recordOperation(entry: OperationAudit): void {
  const details = { outcome: entry.outcome, ...entry.details };
  process.stdout.write(
    `${JSON.stringify({
      type: "audit",
      time: new Date().toISOString(),
      action: entry.action,
      user: entry.person.name,
      subject: entry.person.id,
      workspace: entry.workspace.slug,
      batch: entry.batchId ?? "",
      status: entry.status,
      ...details,
    })}\n`,
  );
  recordActivity({
    workspace: entry.workspace,
    person: entry.person,
    action: entry.action,
    status: entry.status,
    ...(entry.batchId ? { batchId: entry.batchId } : {}),
    details,
  });
}
