import "server-only";
import type { Identity } from "@/lib/auth/identity";
import type { WorkspaceConfig } from "@/lib/config";
import { personOf } from "@/lib/db/person";
import { errorText } from "@/lib/runtime/scrub-secrets";
import { upsertPerson } from "./store";

/** A person's "last seen" is refreshed at most this often per instance: one small write, not one per page view. */
const refreshEveryMs = 10 * 60_000;
const maxRemembered = 5_000;

// On globalThis: the layout and the route handlers are separate bundles of one process.
const slot = globalThis as typeof globalThis & { __batchConsolePeopleSeen?: Map<string, number> };

/**
 * Records that a member used the workspace, so they can be chosen as an assignee. Never waits and never fails
 * the page that calls it: the write happens after, and a failure is one log line.
 */
export function notePersonSeen(workspace: WorkspaceConfig, identity: Identity, now = Date.now()): void {
  const seen = (slot.__batchConsolePeopleSeen ??= new Map());
  const key = `${workspace.slug}\u0000${identity.id}`;
  const last = seen.get(key);
  if (last !== undefined && now - last < refreshEveryMs) return;
  if (seen.size >= maxRemembered) seen.clear();
  seen.set(key, now);
  const email = identity.email && identity.isEmailVerified ? identity.email : null;
  void upsertPerson(workspace, { ...personOf(identity), email }).catch((error: unknown) => {
    // Tried again on the next visit.
    seen.delete(key);
    console.error(JSON.stringify({ type: "people", message: errorText(error) }));
  });
}
