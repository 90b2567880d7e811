import "server-only";
import type { NextRequest } from "next/server";
import type { Identity } from "@/lib/auth/identity";
import type { WorkspaceConfig } from "@/lib/config";
import { isDatabaseUnavailable } from "@/lib/db/client";
import { personOf, type Person } from "@/lib/db/person";
import { errorText } from "@/lib/runtime/scrub-secrets";
import { admit } from "./admit";
import { apiError } from "./errors";
import { isSameOrigin } from "./json-body";

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
    const admission = await admit(request, routeParams.slug, workspaceNotFoundMessage);
    if (!admission.ok) return admission.response;
    const { identity, workspace } = admission;
    if (request.method !== "GET" && request.method !== "HEAD" && !isSameOrigin(request)) {
      return apiError("forbidden", "Changes can only be made from this site.");
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
