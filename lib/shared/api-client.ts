import type { CallSearchResult } from "./call-detail";
import type { BatchCallRows } from "./call-rows";
import { retryAfterMs } from "./polling";
import { markReceived } from "./received-at";
import type { CallStatusFilter } from "./batch-view";
import type { ExportJobView } from "./export-jobs";
import { isBatchCallRows, isCallSearchResult, isExportJobList, isRecord, isStartedExportJob } from "./response-checks";

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Retry-After of a 429 or 503, in ms, clamped to 120 s (lib/shared/polling.ts). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export type LiveCalls = { key: string; calls: BatchCallRows; pollAfterMs: number; receivedAt: number };

async function getJson(url: string, init: RequestInit = {}): Promise<{ response: Response; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { accept: "application/json", ...init.headers },
      cache: "no-store",
    });
  } catch {
    throw new ApiClientError(0, "network", "Could not reach Batch Console. Check your connection.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    throw new ApiClientError(
      response.status,
      typeof error.code === "string" ? error.code : "unknown",
      typeof error.message === "string" ? error.message : "The server did not answer as expected.",
      retryAfterMs(response.headers.get("retry-after")),
    );
  }
  return { response, body };
}

/** Browser side of GET /api/.../calls: the data, the server's polling hint, and errors as ApiClientError. */
export async function fetchCalls(key: string): Promise<LiveCalls> {
  const { response, body } = await getJson(key);
  if (!isBatchCallRows(body))
    throw new ApiClientError(502, "bad_response", "The server sent data this page cannot read.");
  const hint = Number(response.headers.get("x-poll-after-ms"));
  const receivedAt = Date.now();
  markReceived(key, receivedAt);
  return { key, calls: body, pollAfterMs: Number.isFinite(hint) && hint > 0 ? hint : 3_000, receivedAt };
}

/** Two answers that would render the same page: a poll that changed nothing keeps the data SWR already has. */
export function sameLiveCalls(a: LiveCalls | undefined, b: LiveCalls | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.key === b.key && a.pollAfterMs === b.pollAfterMs && JSON.stringify(a.calls) === JSON.stringify(b.calls);
}

/** A GET whose JSON body must have the shape `check` accepts; anything else is a 502. */
export async function getChecked<T>(url: string, check: (body: unknown) => body is T): Promise<T> {
  const { body } = await getJson(url);
  if (!check(body)) throw new ApiClientError(502, "bad_response", "The server sent data this page cannot read.");
  return body;
}

/** Browser side of GET /api/.../search?q=. */
export const fetchCallSearch = (url: string): Promise<CallSearchResult> => getChecked(url, isCallSearchResult);

/** Browser side of GET /api/.../exports: the batch's recent export jobs. */
export const fetchExportJobs = async (url: string): Promise<ExportJobView[]> =>
  (await getChecked(url, isExportJobList)).jobs;

/** `records`: with the outcome, summary and recording-link columns (csv only). */
export type ExportJobRequest = { format: "csv" | "rerun"; status: CallStatusFilter; bom: boolean; records?: boolean };

/** POST /api/.../exports: starts a background export, or joins the same one already running. */
export async function startExportJob(
  url: string,
  request: ExportJobRequest,
): Promise<{ job: ExportJobView; joined: boolean }> {
  const { body } = await getJson(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  if (!isStartedExportJob(body))
    throw new ApiClientError(502, "bad_response", "The server sent data this page cannot read.");
  return body;
}

/** DELETE /api/.../exports/{jobId}. */
export async function cancelExportJob(url: string): Promise<void> {
  await getJson(url, { method: "DELETE" });
}
