import { ApiClientError } from "./api-client";
import { isRecord } from "./response-checks";

// The browser's side of the operator routes (start, re-run, cancel, agents). No zod here: shapes are checked by hand.

export const agentsApiUrl = (slug: string) => `/api/w/${slug}/agents`;
export const startBatchApiUrl = (slug: string) => `/api/w/${slug}/batches`;
export const cancelBatchApiUrl = (slug: string, batchId: string) => `/api/w/${slug}/batches/${batchId}`;
export function rerunApiUrl(slug: string, batchId: string, exclude: readonly string[] = []): string {
  const params = new URLSearchParams();
  for (const kind of exclude) params.append("exclude", kind);
  const query = params.toString();
  return `/api/w/${slug}/batches/${batchId}/rerun${query ? `?${query}` : ""}`;
}
export function newBatchPath(slug: string, rerunOf?: string): string {
  return `/w/${slug}/batches/new${rerunOf ? `?rerun=${encodeURIComponent(rerunOf)}` : ""}`;
}

/** How far ahead a start may be scheduled. */
export const maxScheduleDays = 30;
/** Waiting calls above which cancelling asks for the batch's label or id to be typed. */
export const typedCancelAbove = 100;

export type AgentChoice = { _id: string; name: string; status: string };

export function isAgentList(body: unknown): body is AgentChoice[] {
  return (
    Array.isArray(body) &&
    body.every(
      (agent) =>
        isRecord(agent) &&
        typeof agent._id === "string" &&
        typeof agent.name === "string" &&
        typeof agent.status === "string",
    )
  );
}

/** GET /api/w/{slug}/agents: `{agents: [...]}` or a bare array. */
export function agentsOf(body: unknown): AgentChoice[] | undefined {
  const list = isRecord(body) && "agents" in body ? body.agents : body;
  return isAgentList(list) ? list : undefined;
}

export type SmartCallback = { enabled: boolean; maxAttempts: number; gaps: { days: number; hours: number }[] };

/** Trillet's `scheduledAt`: UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`. */
export function scheduledAtText(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Why a chosen start time cannot be used, or undefined when it can. */
export function scheduleProblem(at: Date, now: Date): string | undefined {
  if (Number.isNaN(at.getTime())) return "Choose a date and a time.";
  if (at.getTime() <= now.getTime()) return "That time has passed. Choose a time in the future.";
  if (at.getTime() > now.getTime() + maxScheduleDays * 86_400_000) {
    return `Choose a time at most ${maxScheduleDays} days ahead.`;
  }
  return undefined;
}

/** "Tue 8 Dec 09:00" in a zone (24-hour clock, English names: the confirmation reads the same for everyone). */
export function formatWhen(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("hour")}:${part("minute")}`;
}

/** "09:00" in UTC, with the day when it differs from the local one. */
export function formatUtc(date: Date, timeZone: string): string {
  const local = formatWhen(date, timeZone);
  const utc = formatWhen(date, "UTC");
  return local.slice(0, local.lastIndexOf(" ")) === utc.slice(0, utc.lastIndexOf(" "))
    ? `${utc.slice(utc.lastIndexOf(" ") + 1)} UTC`
    : `${utc} UTC`;
}

export type StartedBatch = { batchId: string; totalCalls?: number; status?: string };

/** What became of one POST /api/w/{slug}/batches. */
export type StartReply =
  | { kind: "started"; batch: StartedBatch }
  | { kind: "in_progress"; message: string }
  | { kind: "unknown"; message: string }
  | { kind: "refused"; status: number; code: string; message: string }
  /** The request may not have reached the server: sending the same key again is safe (one start per key). */
  | { kind: "network"; message: string };

function startedOf(body: unknown): StartedBatch | undefined {
  const inner = isRecord(body) ? (isRecord(body.start) ? body.start : isRecord(body.batch) ? body.batch : body) : body;
  if (!isRecord(inner) || typeof inner.batchId !== "string" || inner.batchId === "") return undefined;
  return {
    batchId: inner.batchId,
    totalCalls: typeof inner.totalCalls === "number" ? inner.totalCalls : undefined,
    status: typeof inner.status === "string" ? inner.status : undefined,
  };
}

const unknownCodes = new Set(["outcome_unknown", "unknown_outcome", "start_unknown"]);

/** POST /api/w/{slug}/batches with its Idempotency-Key; never throws. */
export async function startBatch(url: string, form: FormData, idempotencyKey: string): Promise<StartReply> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body: form,
      headers: { accept: "application/json", "idempotency-key": idempotencyKey },
      cache: "no-store",
    });
  } catch {
    return { kind: "network", message: "The request could not reach Batch Console (no answer came back)." };
  }
  const body: unknown = await response.json().catch(() => null);
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === "string" ? error.code : "";
  const message = typeof error?.message === "string" ? error.message : "";
  if (response.ok) {
    const batch = startedOf(body);
    if (batch) return { kind: "started", batch };
    const state = isRecord(body) ? (isRecord(body.start) ? body.start.state : body.state) : undefined;
    if (state === "unknown") return { kind: "unknown", message: "Trillet's answer was lost." };
    if (state === "sending") return { kind: "in_progress", message: "This start is still being sent." };
    return { kind: "unknown", message: "The server's answer did not say which batch was started." };
  }
  if (unknownCodes.has(code) || (isRecord(body) && body.state === "unknown")) {
    return { kind: "unknown", message: message || "Trillet's answer was lost." };
  }
  if (response.status === 409 && (code === "in_progress" || code === "")) {
    return { kind: "in_progress", message: message || "This start is still being sent." };
  }
  return {
    kind: "refused",
    status: response.status,
    code: code || "unknown",
    message: message || `The server answered ${response.status}.`,
  };
}

export type CancelCounts = { completedCalls: number; failedCalls: number; cancelledCalls: number; totalCalls: number };

/** DELETE /api/w/{slug}/batches/{batchId}: Trillet's counts, or an ApiClientError. */
export async function cancelBatch(url: string): Promise<CancelCounts | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { method: "DELETE", headers: { accept: "application/json" }, cache: "no-store" });
  } catch {
    throw new ApiClientError(0, "network", "Could not reach Batch Console. Check your connection.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    throw new ApiClientError(
      response.status,
      typeof error.code === "string" ? error.code : "unknown",
      typeof error.message === "string" ? error.message : `The server answered ${response.status}.`,
    );
  }
  const cancel = isRecord(body) && isRecord(body.cancel) ? body.cancel : body;
  const details = isRecord(cancel) ? (isRecord(cancel.counts) ? cancel.counts : cancel.details) : undefined;
  if (!isRecord(details)) return undefined;
  const n = (key: string) => (typeof details[key] === "number" ? (details[key] as number) : 0);
  return {
    completedCalls: n("completedCalls"),
    failedCalls: n("failedCalls"),
    cancelledCalls: n("cancelledCalls"),
    totalCalls: n("totalCalls"),
  };
}

export type RerunRows = {
  failed: number;
  rows: number;
  kinds: { kind: string; count: number }[];
  fileName: string;
  csv: string;
};

/** GET …/rerun: the re-run's rows built by the server, as JSON (`csv` holds the exact file to review and send). */
export function isRerunRows(body: unknown): body is RerunRows {
  return (
    isRecord(body) &&
    typeof body.failed === "number" &&
    typeof body.rows === "number" &&
    typeof body.csv === "string" &&
    typeof body.fileName === "string" &&
    Array.isArray(body.kinds) &&
    body.kinds.every((k) => isRecord(k) && typeof k.kind === "string" && typeof k.count === "number")
  );
}
