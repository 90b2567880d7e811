export type AuditEntry = {
  action: "batch.view" | "calls.read" | "export" | "failures.read";
  user: string;
  workspace: string;
  batch: string;
  status: number | "ok" | "error";
  durationMs: number;
  [detail: string]: string | number | boolean | undefined;
};

/** One JSON line per access on stdout. Callers pass ids and counts only: no phone numbers, metadata or secrets. */
export function audit(entry: AuditEntry): void {
  // Straight to stdout: Next.js wraps console.log, which cost more than the rest of a cached poll.
  process.stdout.write(`${JSON.stringify({ type: "audit", time: new Date().toISOString(), ...entry })}\n`);
}
