import type { CallsQuery } from "./query";

/**
 * The batch page's view in the URL, without zod: client components import this module, and
 * lib/query.ts builds its schemas from the same patterns for the server.
 */

export const callStatuses = ["all", "waiting", "active", "completed", "failed"] as const;
export type CallStatusFilter = (typeof callStatuses)[number];

export const pageSizes = [20, 50, 100] as const;
export const defaultLimit = 20;
export const maxLimit = 100;

// Letters, digits, "_" and "-" only: nothing like "../" or "%2F" can reach the upstream path.
export const batchIdPattern = /^[A-Za-z0-9_-]{1,128}$/;
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const jobIdPattern = /^[A-Za-z0-9_.:-]{1,200}$/;

export const isBatchId = (text: string | undefined): text is string => text !== undefined && batchIdPattern.test(text);
export const isSlug = (text: string | undefined): text is string => text !== undefined && slugPattern.test(text);
export const isJobId = (text: string | undefined): text is string => text !== undefined && jobIdPattern.test(text);

type PageSearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function clampInt(text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return fallback;
  return Math.min(max, Math.max(min, Number(text)));
}

export type BatchView = CallsQuery & { call?: string };

/** Pages normalise instead of refusing: a sloppy shared link still opens the closest valid view. */
export function normaliseBatchView(params: PageSearchParams): BatchView {
  const status = first(params.status);
  const call = first(params.call);
  const limit = clampInt(first(params.limit), 1, maxLimit, defaultLimit);
  return {
    status: callStatuses.includes(status as CallStatusFilter) ? (status as CallStatusFilter) : "all",
    page: clampInt(first(params.page), 1, 999_999_999, 1),
    limit,
    ...(isJobId(call) ? { call } : {}),
  };
}

/** The canonical query string of a view: defaults left out, keys in one order. */
export function batchViewSearch(view: BatchView): string {
  const params = new URLSearchParams();
  if (view.status !== "all") params.set("status", view.status);
  if (view.page !== 1) params.set("page", String(view.page));
  if (view.limit !== defaultLimit) params.set("limit", String(view.limit));
  if (view.call) params.set("call", view.call);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function batchPath(slug: string, batchId: string, view?: BatchView): string {
  return `/w/${slug}/batches/${batchId}${view ? batchViewSearch(view) : ""}`;
}

/** Whether the raw page params already are the view's canonical form (else the page redirects). */
export function isCanonicalView(params: PageSearchParams, view: BatchView): boolean {
  const actual = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) actual.append(key, item);
  }
  const canonical = new URLSearchParams(batchViewSearch(view));
  actual.sort();
  canonical.sort();
  return actual.toString() === canonical.toString();
}

/** The route handler behind a view (the dialog's `call` is not part of the data). */
export function callsApiPath(slug: string, batchId: string, view: CallsQuery): string {
  const params = new URLSearchParams({ status: view.status, page: String(view.page), limit: String(view.limit) });
  return `/api/w/${slug}/batches/${batchId}/calls?${params}`;
}
