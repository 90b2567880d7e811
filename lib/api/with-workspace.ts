import "server-only";
import type { NextRequest } from "next/server";
import { openableWorkspace } from "@/lib/auth/access";
import { auditDenial, auditedPerson } from "@/lib/api/audit";
import { currentSession } from "@/lib/auth/session";
import type { Identity } from "@/lib/auth/identity";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import { isDatabaseUnavailable } from "@/lib/db/client";
import { personOf, type Person } from "@/lib/db/person";
import { errorText } from "@/lib/runtime/scrub-secrets";
import { apiError, sessionUncheckedError } from "./errors";
import { isSameOrigin } from "./json-body";
import { takeUserRequest } from "./user-rate-limit";

export type WorkspaceRouteContext<P> = {
  request: NextRequest;
  identity: Identity;
  person: Person;
  workspace: WorkspaceConfig;
  params: P;
};

/** A message for a workspace one may not open that reads exactly like one that does not exist. */
export const workspaceNotFoundMessage = "No workspace with this name that you can open.";

/**
 * Guards a workspace route handler (the team's records): session (401, or 503 when it cannot be checked),
 * per-user rate limit (429), membership (404, same as unknown); maps an unreachable database to 503 with
 * Retry-After and hides anything else behind a 500.
 */
export function withWorkspace<P extends { slug: string }>(
  handler: (context: WorkspaceRouteContext<P>) => Promise<Response>,
) {
  return async function guarded(request: NextRequest, { params }: { params: Promise<P> }): Promise<Response> {
    const routeParams = await params;
    const path = request.nextUrl.pathname;
    const session = await currentSession();
    if (session.state === "unchecked") return sessionUncheckedError();
    if (session.state === "signed-out") {
      auditDenial({ reason: "no_session", status: 401, slug: routeParams.slug, path });
      return apiError("unauthorized", "Sign in to use this API.");
    }
    const { identity } = session;
    const audited = auditedPerson(identity);
    const retryAfter = await takeUserRequest(identity.id, getConfig().apiRateLimitPerMinute);
    if (retryAfter > 0) {
      auditDenial({ reason: "rate_limited", status: 429, person: audited, slug: routeParams.slug, path });
      return apiError("rate_limited", `Too many requests. Try again in ${retryAfter} s.`, {
        "Retry-After": String(retryAfter),
      });
    }
    if (request.method !== "GET" && request.method !== "HEAD" && !isSameOrigin(request)) {
      return apiError("forbidden", "Changes can only be made from this site.");
    }
    const workspace = openableWorkspace(identity, routeParams.slug);
    if (!workspace) {
      auditDenial({ reason: "not_member", status: 404, person: audited, slug: routeParams.slug, path });
      return apiError("not_found", workspaceNotFoundMessage);
    }
    try {
      return await handler({ request, identity, person: personOf(identity), workspace, params: routeParams });
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        return apiError("unavailable", "The team's records cannot be reached right now. Try again in a few seconds.", {
          "Retry-After": "10",
        });
      }
      console.error(JSON.stringify({ type: "error", path, message: errorText(error) }));
      return apiError("internal", "Something went wrong on our side. Try again.");
    }
  };
}
