import "server-only";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import type { GroupRule, PeopleRule } from "@/lib/config/schema";
import { isGoogleIssuer, type Identity } from "@/lib/auth/identity";

/** A `members.groups` rule: the group, and if scoped, only as asserted by that provider and/or issuer. */
function groupMatches(identity: Identity, rule: GroupRule): boolean {
  if (typeof rule === "string") return identity.groups.includes(rule);
  if (rule.provider !== undefined && rule.provider !== identity.provider) return false;
  if (rule.issuer !== undefined && rule.issuer !== identity.issuer) return false;
  return identity.groups.includes(rule.group);
}

/**
 * A `members.domains` rule. For a Google account the domain is Google's `hd` claim, the Workspace that
 * manages it: a consumer Google account may carry a verified company address, but Google sends no `hd`
 * for it. For other providers, the domain of a verified email.
 */
function domainMatches(identity: Identity, domains: string[]): boolean {
  if (isGoogleIssuer(identity.issuer)) return identity.hostedDomain !== null && domains.includes(identity.hostedDomain);
  if (!identity.isEmailVerified || !identity.email.includes("@")) return false;
  const email = identity.email.toLowerCase();
  return domains.includes(email.slice(email.lastIndexOf("@") + 1));
}

function ruleAdmits(identity: Identity, { emails, domains, groups }: PeopleRule): boolean {
  if (identity.isEmailVerified && identity.email && emails.includes(identity.email.toLowerCase())) return true;
  if (domainMatches(identity, domains)) return true;
  return groups.some((rule) => groupMatches(identity, rule));
}

/**
 * Whether this person may open this workspace: their verified email is listed, their domain is (for
 * Google, the account's Workspace domain), or one of their groups is (scoped rules only from their
 * provider or issuer). Read from the configuration on every call, so removing someone from WORKSPACES
 * takes effect on their next request.
 */
export function canOpen(identity: Identity, workspace: WorkspaceConfig): boolean {
  return ruleAdmits(identity, workspace.members);
}

/** Whether this person may start, re-run and cancel batches here: a member whom `operators` admits too. */
export function canOperate(identity: Identity, workspace: WorkspaceConfig): boolean {
  return canOpen(identity, workspace) && ruleAdmits(identity, workspace.operators);
}

export function workspacesFor(identity: Identity): WorkspaceConfig[] {
  return getConfig().workspaces.filter((workspace) => canOpen(identity, workspace));
}

/** The workspace behind a slug if this person may open it; an unknown slug and a forbidden one look the same. */
export function openableWorkspace(identity: Identity, slug: string): WorkspaceConfig | undefined {
  const workspace = getConfig().workspaces.find((candidate) => candidate.slug === slug);
  return workspace && canOpen(identity, workspace) ? workspace : undefined;
}
