import { followUpApiUrl, followUpsApiUrl, etagOf } from "@/lib/shared/follow-ups";
import type {
  ConflictBody,
  CreateResult,
  FollowUp,
  FollowUpWithHistory,
  WorkspacePerson,
} from "@/lib/shared/follow-ups";

// The browser's side of the follow-up routes: answers as values, errors in words fit for people.

export type Failure = { ok: false; status: number; message: string; body?: unknown };

async function send<T>(url: string, init: RequestInit): Promise<{ ok: true; body: T; response: Response } | Failure> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: {
        accept: "application/json",
        ...(init.body ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, message: "Could not reach Batch Console. Check your connection." };
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { ok: true, body: body as T, response };
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  const message = typeof error?.message === "string" ? error.message : "The server did not answer as expected.";
  return { ok: false, status: response.status, message, body };
}

export async function fetchPeople(slug: string): Promise<WorkspacePerson[]> {
  const answer = await send<{ people: WorkspacePerson[] }>(`${followUpsApiUrl(slug)}/people`, { method: "GET" });
  return answer.ok ? answer.body.people : [];
}

export async function fetchCallFollowUps(slug: string, batchId: string, jobIds: string[]): Promise<FollowUp[]> {
  const params = new URLSearchParams({ batch: batchId, jobs: jobIds.join(","), state: "all" });
  const answer = await send<{ followUps: FollowUp[] }>(followUpsApiUrl(slug, params), { method: "GET" });
  if (!answer.ok) throw new Error(answer.message);
  return answer.body.followUps;
}

export type CreateRequest = {
  batchId: string;
  jobIds?: string[];
  outcome?: string;
  status?: string;
  /** With status: the calls of that tab matching this search. */
  q?: string;
  view?: { status: string; page: number; limit: number };
  assignee: string | null;
  dueOn: string | null;
  note: string;
};

export function createFollowUps(slug: string, request: CreateRequest) {
  return send<CreateResult & { upstreamReads: number }>(followUpsApiUrl(slug), {
    method: "POST",
    body: JSON.stringify(request),
  });
}

export async function fetchFollowUp(slug: string, id: number) {
  return send<{ followUp: FollowUpWithHistory }>(followUpApiUrl(slug, id), { method: "GET" });
}

export type Change = Partial<Pick<FollowUp, "assignee" | "dueOn" | "note" | "closingNote">> & {
  state?: "done" | "reopened";
};

export type PatchAnswer =
  | { ok: true; followUp: FollowUpWithHistory }
  | { ok: false; conflict: FollowUp; message: string }
  | (Failure & { conflict?: undefined });

/** PATCH with If-Match: a 412 comes back as the follow-up as it is now, and who changed it. */
export async function patchFollowUp(slug: string, id: number, version: number, change: Change): Promise<PatchAnswer> {
  const answer = await send<{ followUp: FollowUpWithHistory }>(followUpApiUrl(slug, id), {
    method: "PATCH",
    headers: { "if-match": etagOf(version) },
    body: JSON.stringify(change),
  });
  if (answer.ok) return { ok: true, followUp: answer.body.followUp };
  const current = (answer.body as Partial<ConflictBody> | undefined)?.current;
  if (answer.status !== 412 || !current) return answer;
  return { ok: false, conflict: current, message: answer.message };
}
