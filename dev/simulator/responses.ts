import type { ListQuery } from "./query.js";
import type { BatchView, Call } from "./types.js";

/** The documented pagination object for one page of `total` calls. */
export function paginationOf(query: ListQuery, total: number) {
  const totalPages = Math.ceil(total / query.limit);
  return {
    page: query.page,
    limit: query.limit,
    total,
    totalPages,
    hasNext: query.page < totalPages,
    hasPrev: query.page > 1,
  };
}

export function listCallsBody(view: BatchView, query: ListQuery) {
  const indices = query.status === "all" ? null : view.indicesOf(query.status);
  const total = indices ? indices.length : view.summary.total;
  const from = (query.page - 1) * query.limit;
  const to = Math.min(total, from + query.limit);
  const calls: Call[] = [];
  for (let position = from; position < to; position += 1) {
    calls.push(view.callAt(indices ? (indices[position] ?? 0) : position));
  }
  return {
    calls,
    pagination: paginationOf(query, total),
    summary: view.summary,
  };
}

export function progressBody(view: BatchView) {
  return {
    ...counts(view),
    ...view.times,
    recent_calls: view.recentCalls,
  };
}

export function batchBody(batchId: string, view: BatchView, nowMs: number) {
  return {
    id: batchId,
    status: view.status,
    isComplete: view.isComplete,
    totalCalls: view.summary.total,
    progress: progressBody(view),
    timestamp: nowMs,
  };
}

export function statusBody(view: BatchView) {
  return { status: view.status, isComplete: view.isComplete, ...progressBody(view) };
}

function counts(view: BatchView) {
  const { waiting, active, completed, failed, total } = view.summary;
  return { waiting, active, completed, failed, total };
}
