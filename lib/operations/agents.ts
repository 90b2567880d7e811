import "server-only";
import { NextResponse } from "next/server";
import { apiError, trilletErrorCodes } from "@/lib/api/errors";
import type { WorkspaceConfig } from "@/lib/config";
import type { Person } from "@/lib/db/person";
import { isTrilletError } from "@/lib/trillet";
import { listAgents } from "@/lib/trillet/actions";

/** The agent list as the API answers it: `{agents: [{_id, name, status}]}`, or an upstream error in the API's shape. */
export async function listAgentsAnswer(workspace: WorkspaceConfig, person: Person): Promise<Response> {
  try {
    const agents = await listAgents(workspace, person.id);
    // Rebuilt field by field: nothing else an agent object carries can reach a browser.
    const safe = agents.map(({ _id, name, status }) => ({ _id, name, status }));
    return NextResponse.json({ agents: safe }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    if (!isTrilletError(error)) throw error;
    const retry = error.detail.retryAfterSeconds;
    return apiError(
      trilletErrorCodes[error.kind],
      error.kind === "not_found" ? "Trillet has no agent list for this workspace." : error.message,
      retry !== undefined ? { "Retry-After": String(Math.max(1, retry)) } : undefined,
    );
  }
}
