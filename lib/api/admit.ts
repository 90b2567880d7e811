import "server-only";
import type { NextRequest } from "next/server";
import { openableWorkspace } from "@/lib/auth/access";
import type { Identity } from "@/lib/auth/identity";
import { currentSession } from "@/lib/auth/session";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import { auditDenial, auditedPerson } from "./audit";
import { apiError, sessionUncheckedError } from "./errors";
import { takeUserRequest } from "./user-rate-limit";

export type Admission =
  { ok: true; identity: Identity; workspace: WorkspaceConfig } | { ok: false; response: Response };

/**
 * The checks every workspace route makes first, in this order: a session (401; 503 when it cannot be checked
 * right now), the person's request rate (429 with Retry-After), membership of the workspace (404 with
 * `notFound`, the same words as for one that does not exist). Each refusal writes its audit line.
 */
export async function admit(request: NextRequest, slug: string, notFound: string, batch?: string): Promise<Admission> {
  const path = request.nextUrl.pathname;
  const session = await currentSession();
  if (session.state === "unchecked") return { ok: false, response: sessionUncheckedError() };
  if (session.state === "signed-out") {
    auditDenial({ reason: "no_session", status: 401, slug, batch, path });
    return { ok: false, response: apiError("unauthorized", "Sign in to use this API.") };
  }
  const { identity } = session;
  const person = auditedPerson(identity);
  const retryAfter = await takeUserRequest(identity.id, getConfig().apiRateLimitPerMinute);
  if (retryAfter > 0) {
    auditDenial({ reason: "rate_limited", status: 429, person, slug, batch, path });
    const message = `Too many requests. Try again in ${retryAfter} s.`;
    return { ok: false, response: apiError("rate_limited", message, { "Retry-After": String(retryAfter) }) };
  }
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) {
    auditDenial({ reason: "not_member", status: 404, person, slug, batch, path });
    return { ok: false, response: apiError("not_found", notFound) };
  }
  return { ok: true, identity, workspace };
}
