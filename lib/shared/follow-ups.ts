// Shapes the follow-up routes answer with, shared by the server and the browser (no zod, no server-only here).

export type FollowUpState = "open" | "done" | "reopened";

/** One change of one field: the value before and after, as text (null: none). */
export type FieldChange = { from: string | null; to: string | null };

export type FollowUpHistoryEntry = {
  at: string;
  person: string;
  personName: string;
  changes: Record<string, FieldChange>;
};

export type FollowUp = {
  id: number;
  batchId: string;
  jobId: string;
  contactName: string | null;
  contactPhone: string | null;
  outcome: string | null;
  /** The assignee's subject id, and their name from the workspace's people (null: unassigned). */
  assignee: string | null;
  assigneeName: string | null;
  /** YYYY-MM-DD, or null. */
  dueOn: string | null;
  note: string;
  state: FollowUpState;
  closingNote: string | null;
  version: number;
  createdByName: string;
  createdAt: string;
  updatedBy: string;
  updatedByName: string;
  updatedAt: string;
  doneAt: string | null;
};

export type FollowUpWithHistory = FollowUp & { history: FollowUpHistoryEntry[] };

export type WorkspacePerson = { id: string; name: string; email: string | null };

/** The queue's filters, as they sit in the page's URL and the API's query. */
export type QueueState = "open" | "done" | "all";
export type QueueFilter = {
  /** `mine`: assigned to the caller; `unassigned`: to nobody. */
  who?: "mine" | "unassigned";
  overdue?: boolean;
  batch?: string;
  state: QueueState;
};

export type QueuePage = { followUps: FollowUp[]; total: number; page: number; limit: number };

/** The answer to POST …/follow-ups: what was created, and how many calls already had an open follow-up. */
export type CreateResult = { created: FollowUp[]; createdCount: number; skipped: number };

/** 412's body beside the error: the follow-up as it is now and who changed it last. */
export type ConflictBody = {
  error: { code: "precondition_failed"; message: string };
  current: FollowUp;
};

/** An open (or reopened) follow-up as the batch page marks its call: GET …/batches/{id}/follow-ups. */
export type OpenFollowUpMark = { id: number; jobId: string; state: FollowUpState; assigneeName: string | null };

export function batchFollowUpsApiUrl(slug: string, batchId: string): string {
  return `/api/w/${slug}/batches/${batchId}/follow-ups`;
}

export const maxNoteLength = 4_000;

export function followUpsApiUrl(slug: string, params?: URLSearchParams): string {
  const search = params && params.size > 0 ? `?${params}` : "";
  return `/api/w/${slug}/follow-ups${search}`;
}

export function followUpApiUrl(slug: string, id: number): string {
  return `/api/w/${slug}/follow-ups/${id}`;
}

export function followUpsPath(slug: string, params?: URLSearchParams): string {
  const search = params && params.size > 0 ? `?${params}` : "";
  return `/w/${slug}/follow-ups${search}`;
}

export function followUpPath(slug: string, id: number): string {
  return `/w/${slug}/follow-ups/${id}`;
}

/** A follow-up's version as an HTTP entity tag. */
export const etagOf = (version: number) => `"v${version}"`;
