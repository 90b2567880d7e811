import "server-only";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import type { Identity } from "@/lib/auth/identity";

/**
 * Whether this person may open this workspace: their verified email or its domain is listed,
 * or one of their groups is. Read from the configuration on every call, so removing someone
 * from WORKSPACES takes effect on their next request.
 */
export function canOpen(identity: Identity, workspace: WorkspaceConfig): boolean {
  const { emails, domains, groups } = workspace.members;
  if (identity.isEmailVerified && identity.email) {
    const email = identity.email.toLowerCase();
    const domain = email.slice(email.lastIndexOf("@") + 1);
    if (emails.includes(email)) return true;
    if (email.includes("@") && domains.includes(domain)) return true;
  }
  return identity.groups.some((group) => groups.includes(group));
}

export function workspacesFor(identity: Identity): WorkspaceConfig[] {
  return getConfig().workspaces.filter((workspace) => canOpen(identity, workspace));
}

/** The workspace behind a slug if this person may open it; an unknown slug and a forbidden one look the same. */
export function openableWorkspace(identity: Identity, slug: string): WorkspaceConfig | undefined {
  const workspace = getConfig().workspaces.find((candidate) => candidate.slug === slug);
  return workspace && canOpen(identity, workspace) ? workspace : undefined;
}
