import type { Identity } from "@/lib/auth/identity";
import { workspacesFor } from "@/lib/auth/access";
import { recordActivity } from "@/lib/db/activity";
import { recordAuditActivity } from "@/lib/db/audit-activity";

export type AuditEntry = {
  action:
    | "batch.view"
    | "calls.read"
    | "call.read"
    | "recording.read"
    | "calls.search"
    | "outcomes.read"
    | "export"
    | "export.start"
    | "export.read"
    | "export.download"
    | "export.cancel"
    | "failures.read"
    | "guardrails.read"
    | "denied";
  user: string;
  workspace: string;
  batch: string;
  status: number | "ok" | "error";
  durationMs: number;
  [detail: string]: string | number | boolean | undefined;
};

/**
 * One JSON line per access on stdout, and a row in the workspace's activity for what a person did (lib/db). Callers
 * pass ids and counts only: no phone numbers, metadata or secrets.
 */
export function audit(entry: AuditEntry): void {
  // Straight to stdout: Next.js wraps console.log, which cost more than the rest of a cached poll.
  process.stdout.write(`${JSON.stringify({ type: "audit", time: new Date().toISOString(), ...entry })}\n`);
  recordAuditActivity(entry);
}

/** Who an audit line is about: their email when they have one (readable), and always their stable subject id. */
export function auditedPerson(identity: Identity): { user: string; subject: string } {
  return { user: identity.email || identity.id, subject: identity.id };
}

/** Why a request was refused, as audit lines say it. */
export type DenialReason = "no_session" | "not_member" | "rate_limited" | "bad_batch_id" | "too_many_exports";

/**
 * One audit line per refusal (401, 404 for a workspace one may not open, 429), with the person when
 * known and the workspace slug as requested, so probes of other workspaces show up.
 */
export function auditDenial(entry: {
  reason: DenialReason;
  status: 400 | 401 | 404 | 429;
  person?: { user: string; subject: string };
  slug: string;
  batch?: string;
  path?: string;
}): void {
  audit({
    action: "denied",
    user: entry.person?.user ?? "(signed out)",
    ...(entry.person ? { subject: entry.person.subject } : {}),
    workspace: entry.slug.slice(0, 100),
    batch: (entry.batch ?? "").slice(0, 200),
    status: entry.status,
    reason: entry.reason,
    durationMs: 0,
    ...(entry.path ? { path: entry.path.slice(0, 300) } : {}),
  });
}

/**
 * A sign-out, as a log line and a row in the activity of every workspace the person can open (a session belongs to
 * no one workspace, and each team should see its members leave).
 */
export function auditSignOut(identity: Identity, scope: "here" | "everywhere"): void {
  const action = scope === "here" ? "signout" : "signout.everywhere";
  const person = auditedPerson(identity);
  process.stdout.write(
    `${JSON.stringify({ type: "audit", time: new Date().toISOString(), action, ...person, status: "ok" })}\n`,
  );
  for (const workspace of workspacesFor(identity)) {
    recordActivity({ workspace, person: { id: person.subject, name: person.user }, action, details: {} });
  }
}
