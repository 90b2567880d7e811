import "server-only";
import type { NextRequest } from "next/server";
import { audit, auditedPerson, type AuditEntry } from "@/lib/api/audit";
import type { Identity } from "@/lib/auth/identity";
import type { WorkspaceConfig } from "@/lib/config";
import { batchIdSchema } from "@/lib/batch/query";
import { isDatabaseUnavailable } from "@/lib/db/client";
import { isStoreUnavailable } from "@/lib/state/durable-store";
import { errorText } from "@/lib/runtime/scrub-secrets";
import { isTrilletError } from "@/lib/trillet";
import { admit } from "./admit";
import { apiError, notFoundMessage, trilletErrorCodes } from "./errors";

export type BatchRouteContext = {
  request: NextRequest;
  identity: Identity;
  /** The person's stable key (issuer and subject) for limits and fair shares. */
  user: string;
  workspace: WorkspaceConfig;
  batchId: string;
  /** Extra audit fields the handler learnt (row counts, filters). */
  auditDetails: Record<string, string | number | boolean>;
  /** For streamed responses: the audit line is written by the returned function, when the outcome is known. */
  deferAudit: () => (outcome: { status: AuditEntry["status"] } & Record<string, string | number | boolean>) => void;
};

/** The dynamic segments of a batch route: at least the workspace slug and the batch id. */
export type BatchParams = { slug: string; batchId: string };
type RouteParams<P extends BatchParams> = { params: Promise<P> };

/**
 * Guards every batch route handler: session (401), per-user rate limit (429), workspace
 * membership (404, same as unknown), batch id (400); then maps known failures to the API's
 * error shape (an unreachable database: 503 with Retry-After) and hides unknown ones behind a 500.
 * Writes one audit line per request.
 */
export function withBatch<P extends BatchParams = BatchParams>(
  action: AuditEntry["action"],
  handler: (context: BatchRouteContext & { params: P }) => Promise<Response>,
) {
  return async function guarded(request: NextRequest, { params }: RouteParams<P>): Promise<Response> {
    const started = Date.now();
    const routeParams = await params;
    const { slug, batchId } = routeParams;
    const admission = await admit(request, slug, notFoundMessage, batchId);
    if (!admission.ok) return admission.response;
    const { identity, workspace } = admission;
    const user = identity.id;
    const person = auditedPerson(identity);
    const parsedBatchId = batchIdSchema.safeParse(batchId);
    if (!parsedBatchId.success) return apiError("bad_request", `batchId ${parsedBatchId.error.issues[0]!.message}.`);

    let deferred = false;
    const auditLine = (fields: { status: AuditEntry["status"] } & Record<string, string | number | boolean>) =>
      audit({
        action,
        ...person,
        workspace: workspace.slug,
        batch: parsedBatchId.data,
        durationMs: Date.now() - started,
        ...context.auditDetails,
        ...fields,
      });
    const context: BatchRouteContext & { params: P } = {
      params: routeParams,
      request,
      identity,
      user,
      workspace,
      batchId: parsedBatchId.data,
      auditDetails: {},
      deferAudit: () => {
        deferred = true;
        return auditLine;
      },
    };
    let response: Response;
    try {
      response = await handler(context);
    } catch (error) {
      if (isTrilletError(error)) {
        const retry = error.detail.retryAfterSeconds;
        response = apiError(
          trilletErrorCodes[error.kind],
          // An unknown batch reads exactly like a workspace one may not open: nothing to tell them apart.
          error.kind === "not_found" ? notFoundMessage : error.message,
          retry !== undefined ? { "Retry-After": String(Math.max(1, retry)) } : undefined,
        );
      } else if (isDatabaseUnavailable(error)) {
        response = apiError(
          "unavailable",
          "The team's records cannot be reached right now. Try again in a few seconds.",
          {
            "Retry-After": "10",
          },
        );
      } else if (isStoreUnavailable(error)) {
        response = apiError("unavailable", "Shared storage is not answering right now. Try again in a few seconds.", {
          "Retry-After": "10",
        });
      } else {
        console.error(JSON.stringify({ type: "error", action, message: errorText(error) }));
        response = apiError("internal", "Something went wrong on our side. Try again.");
      }
    }
    if (!deferred || response.status >= 400) auditLine({ status: response.status });
    return response;
  };
}
