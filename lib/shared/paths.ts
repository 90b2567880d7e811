import { batchViewSearch, type BatchView, type CallsQuery, type CallStatusFilter } from "./batch-view";

// Every app path and API URL the app links to or fetches. Slugs and batch ids are validated
// patterns (letters, digits, "_", "-"), so they need no escaping once validated.

export const homePath = "/";

export function workspacePath(slug: string): string {
  return `/w/${slug}`;
}

/** A batch page; `search` is a query string as it came (a pasted link's), `view` the canonical one. */
export function batchPath(slug: string, batchId: string, view?: BatchView | { search: string }): string {
  const search = view === undefined ? "" : "search" in view ? view.search : batchViewSearch(view);
  return `/w/${slug}/batches/${batchId}${search}`;
}

/** A batch link without a workspace. */
export function unscopedBatchPath(batchId: string, search = ""): string {
  return `/batches/${batchId}${search}`;
}

const batchApi = (slug: string, batchId: string) => `/api/w/${slug}/batches/${batchId}`;

/** The route handler behind a view (the dialog's `call` is not part of the data). */
export function callsApiUrl(slug: string, batchId: string, view: CallsQuery): string {
  const params = new URLSearchParams({ status: view.status, page: String(view.page), limit: String(view.limit) });
  return `${batchApi(slug, batchId)}/calls?${params}`;
}

export type ExportRequest = { status?: CallStatusFilter; format: "csv" | "rerun"; bom?: boolean; records?: boolean };

export function exportApiUrl(slug: string, batchId: string, request: ExportRequest): string {
  const params = new URLSearchParams();
  if (request.status) params.set("status", request.status);
  params.set("format", request.format);
  if (request.bom) params.set("bom", "1");
  if (request.records) params.set("records", "1");
  return `${batchApi(slug, batchId)}/export?${params}`;
}

export function failuresApiUrl(slug: string, batchId: string): string {
  return `${batchApi(slug, batchId)}/failures`;
}

/** The batch's export jobs (POST starts one, GET lists them). */
export function exportJobsApiUrl(slug: string, batchId: string): string {
  return `${batchApi(slug, batchId)}/exports`;
}

export function exportJobApiUrl(slug: string, batchId: string, jobId: string): string {
  return `${exportJobsApiUrl(slug, batchId)}/${jobId}`;
}

export function exportJobFileUrl(slug: string, batchId: string, jobId: string): string {
  return `${exportJobApiUrl(slug, batchId, jobId)}/file`;
}

/** One call's detail: job, record, transcript. */
export function callDetailApiUrl(slug: string, batchId: string, jobId: string): string {
  return `${batchApi(slug, batchId)}/calls/${encodeURIComponent(jobId)}`;
}

/** One call's recording, streamed by our server (never the vendor's URL). */
export function callRecordingApiUrl(slug: string, batchId: string, jobId: string): string {
  return `${callDetailApiUrl(slug, batchId, jobId)}/recording`;
}

/** GET …/search: a search (`q`) and/or only the calls with an open follow-up, in the table's view (status tab, page). */
export function callSearchApiUrl(
  slug: string,
  batchId: string,
  view: CallsQuery & { q?: string; followUp?: "open" },
): string {
  const params = new URLSearchParams({
    ...(view.q ? { q: view.q } : {}),
    ...(view.followUp ? { followUp: view.followUp } : {}),
    status: view.status,
    page: String(view.page),
    limit: String(view.limit),
  });
  return `${batchApi(slug, batchId)}/search?${params}`;
}

export function outcomesApiUrl(slug: string, batchId: string): string {
  return `${batchApi(slug, batchId)}/outcomes`;
}

/** The workspace's list of batches (GET), and one listed batch (PATCH a label or hidden). */
export function workspaceBatchesApiUrl(slug: string): string {
  return `/api/w/${slug}/batches`;
}

export function workspaceBatchApiUrl(slug: string, batchId: string): string {
  return `${workspaceBatchesApiUrl(slug)}/${batchId}`;
}

export function activityPath(slug: string): string {
  return `${workspacePath(slug)}/activity`;
}
