import { firstParam, searchSuffix, toUrlSearchParams, type PageSearchParams } from "./search-params";

// The batch page's view in the URL. lib/batch/query.ts builds the server's zod schemas from the
// same patterns and checks its parsed query against CallsQuery.

export const callStatuses = ["all", "waiting", "active", "completed", "failed"] as const;
export type CallStatusFilter = (typeof callStatuses)[number];

export const pageSizes = [20, 50, 100] as const;
export const defaultLimit = 20;
export const maxLimit = 100;

// Letters, digits, "_" and "-" only: nothing like "../" or "%2F" can reach the upstream path. Every
// id starts with a letter or digit, so none is "." or ".." (a path segment of its own) or an option.
export const batchIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const jobIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

export const isBatchId = (text: string | undefined): text is string => text !== undefined && batchIdPattern.test(text);
export const isSlug = (text: string | undefined): text is string => text !== undefined && slugPattern.test(text);
export const isJobId = (text: string | undefined): text is string => text !== undefined && jobIdPattern.test(text);

/** One page of calls under one filter: what the calls API reads and Trillet answers. */
export type CallsQuery = { status: CallStatusFilter; page: number; limit: number };

/**
 * `q` finds calls through their call records (phone number or text); `followUp: "open"` shows only the calls with an
 * open follow-up ("Needs follow-up"); `call` opens one call's detail.
 */
export type BatchView = CallsQuery & { call?: string; q?: string; followUp?: "open" };

/** The view's filters besides the status tab (search, follow-ups), to carry into another view of the same list. */
export const viewFilters = (view: Pick<BatchView, "q" | "followUp">): Pick<BatchView, "q" | "followUp"> => ({
  ...(view.q ? { q: view.q } : {}),
  ...(view.followUp ? { followUp: view.followUp } : {}),
});

export const maxSearchLength = 100;

/** A search as the URL may carry it: trimmed, 1–100 characters, no control characters; otherwise none. */
export function normaliseSearch(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed || trimmed.length > maxSearchLength || /[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  return trimmed;
}

function clampInt(text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return fallback;
  return Math.min(max, Math.max(min, Number(text)));
}

/** Pages normalise instead of refusing: a sloppy shared link still opens the closest valid view. */
export function normaliseBatchView(params: PageSearchParams): BatchView {
  const status = firstParam(params.status);
  const call = firstParam(params.call);
  const q = normaliseSearch(firstParam(params.q));
  return {
    status: callStatuses.includes(status as CallStatusFilter) ? (status as CallStatusFilter) : "all",
    page: clampInt(firstParam(params.page), 1, 999_999_999, 1),
    limit: clampInt(firstParam(params.limit), 1, maxLimit, defaultLimit),
    ...(isJobId(call) ? { call } : {}),
    ...(q ? { q } : {}),
    ...(firstParam(params.followUp) === "open" ? { followUp: "open" as const } : {}),
  };
}

/** The canonical query string of a view: defaults left out, keys in one order. */
export function batchViewSearch(view: BatchView): string {
  const params = new URLSearchParams();
  if (view.status !== "all") params.set("status", view.status);
  if (view.page !== 1) params.set("page", String(view.page));
  if (view.limit !== defaultLimit) params.set("limit", String(view.limit));
  if (view.q) params.set("q", view.q);
  if (view.followUp) params.set("followUp", view.followUp);
  if (view.call) params.set("call", view.call);
  return searchSuffix(params);
}

/** Whether the raw page params already are the view's canonical form (else the page redirects). */
export function isCanonicalView(params: PageSearchParams, view: BatchView): boolean {
  const actual = toUrlSearchParams(params);
  const canonical = new URLSearchParams(batchViewSearch(view));
  actual.sort();
  canonical.sort();
  return actual.toString() === canonical.toString();
}
