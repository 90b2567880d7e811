import { z } from "zod";

/** Shared by pages, route handlers and client components: the one definition of a valid batch view. */

export const callStatuses = ["all", "waiting", "active", "completed", "failed"] as const;
export type CallStatusFilter = (typeof callStatuses)[number];

export const pageSizes = [20, 50, 100] as const;
export const defaultLimit = 20;
export const maxLimit = 100;

// Letters, digits, "_" and "-" only: nothing like "../" or "%2F" can reach the upstream path.
export const batchIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "must be 1–128 letters, digits, '_' or '-'");

export const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "is not a workspace");

export const jobIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, "is not a call id");

const integerText = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number);

export const callsQuerySchema = z.strictObject({
  status: z.enum(callStatuses, { error: `status must be one of ${callStatuses.join(", ")}` }).default("all"),
  page: integerText("page").pipe(z.number().min(1, "page must be 1 or more")).default(1),
  limit: integerText("limit")
    .pipe(z.number().min(1, "limit must be 1 or more").max(maxLimit, `limit must be at most ${maxLimit}`))
    .default(defaultLimit),
});

export type CallsQuery = z.infer<typeof callsQuerySchema>;

export const exportQuerySchema = z.strictObject({
  status: callsQuerySchema.shape.status,
  format: z.enum(["csv", "rerun"], { error: "format must be csv or rerun" }).default("csv"),
  bom: z.enum(["0", "1"], { error: "bom must be 0 or 1" }).default("0").transform((value) => value === "1"),
});

export type ExportQuery = z.infer<typeof exportQuerySchema>;

export type QueryIssue = { field: string; message: string };

/**
 * Reads URLSearchParams strictly: unknown or repeated keys are errors, so `?page=1&page=2`
 * cannot mean two things in two places. Route handlers pass `new URL(request.url).searchParams`:
 * `nextUrl.searchParams` silently drops a `__proto__` parameter.
 */
export function parseSearchParams<T extends z.ZodType>(
  schema: T,
  params: URLSearchParams,
): { ok: true; value: z.infer<T> } | { ok: false; issue: QueryIssue } {
  const record: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (values.length > 1) return { ok: false, issue: { field: key, message: `${key} is given more than once` } };
    // defineProperty: a "__proto__" parameter must be an unknown key, not a prototype change.
    Object.defineProperty(record, key, { value: values[0]!, enumerable: true, configurable: true, writable: true });
  }
  const parsed = schema.safeParse(record);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".") || "query";
  const message =
    issue.code === "unrecognized_keys" ? `unknown parameter: ${issue.keys.slice(0, 3).join(", ")}` : issue.message;
  return { ok: false, issue: { field, message } };
}

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
    ...(call !== undefined && jobIdSchema.safeParse(call).success ? { call } : {}),
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
