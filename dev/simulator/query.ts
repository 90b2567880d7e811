import { CALL_STATUSES, type StatusFilter } from "./types.js";

export interface ListQuery {
  page: number;
  limit: number;
  status: StatusFilter;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_LIMIT = 100;
const STATUS_FILTERS: readonly string[] = ["all", ...CALL_STATUSES];

export function parseListQuery(params: URLSearchParams): ParseResult<ListQuery> {
  const page = parsePositiveInt(params.get("page"), 1);
  if (page === null) return { ok: false, error: "Invalid page: must be an integer >= 1" };
  const limit = parsePositiveInt(params.get("limit"), 20);
  if (limit === null || limit > MAX_LIMIT)
    return { ok: false, error: `Invalid limit: must be an integer between 1 and ${MAX_LIMIT}` };
  const status = params.get("status") ?? "all";
  if (!isStatusFilter(status))
    return { ok: false, error: `Invalid status: must be one of ${STATUS_FILTERS.join(", ")}` };
  return { ok: true, value: { page, limit, status } };
}

function parsePositiveInt(raw: string | null, fallback: number): number | null {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 1 ? value : null;
}

function isStatusFilter(value: string): value is StatusFilter {
  return STATUS_FILTERS.includes(value);
}
