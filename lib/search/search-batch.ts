import "server-only";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import type { CallStatusFilter } from "@/lib/shared/batch-view";
import type { SearchProgress } from "@/lib/shared/call-detail";
import { isTrilletError, listBatchCalls, type BatchCalls, type Summary } from "@/lib/trillet";
import { backgroundPerMinute } from "@/lib/trillet/background-share";
import type { CallSearchAnswer, SaidExcerpt, TranscriptsProgress } from "@/lib/shared/search-said";
import { matches, saidHit, toIndexedCall, toResultRow, toSearchable, type SearchableCall } from "./entry";
import { batchIndexStore, indexedCalls, isFinished, liveCount, type IndexMeta } from "./index-store";
import { loadIndex } from "./loaded-index";
import { parseSearch, type ParsedSearch, type SearchRequest } from "./query";
import { finishedCalls } from "./records-walk";
import { indexPageSize, needsWalk, startWalk } from "./walker";

const statuses = ["waiting", "active", "completed", "failed"] as const;

function countByStatus(found: SearchableCall[]): Summary {
  const counts: Summary = { total: found.length, waiting: 0, active: 0, completed: 0, failed: 0 };
  for (const { call } of found) {
    const status = statuses.find((known) => known === call.status);
    if (status) counts[status] += 1;
  }
  return counts;
}

/** `loaded`: the calls this answer actually searched, which is less than the index holds if a page could not be read. */
function progressOf(meta: IndexMeta, loaded: number, now: number): SearchProgress {
  const perMinute = backgroundPerMinute(getConfig().trillet.rateLimitPerMinute);
  const rest = meta.walked ? 0 : meta.pending.length;
  return {
    searched: loaded,
    total: meta.summary.total,
    complete: meta.walked && loaded >= indexedCalls(meta),
    live: !isFinished(meta) && liveCount(meta.summary) > 0,
    ...(meta.stopped && meta.stopped.until > now
      ? { stopped: { reason: meta.stopped.reason, resumeAt: meta.stopped.until } }
      : {}),
    ...(rest > 0 ? { restSeconds: Math.ceil((rest * 60) / perMinute) } : {}),
  };
}

function transcriptsOf(meta: IndexMeta | undefined, now: number): TranscriptsProgress {
  const records = meta?.records;
  if (!meta || (finishedCalls(meta.summary) === 0 && !records)) return { state: "none", linked: 0 };
  const linked = records?.linked ?? 0;
  if (records?.stoppedUntil !== undefined && records.stoppedUntil > now) return { state: "paused", linked };
  return { state: records?.done ? "complete" : "reading", linked };
}

type FirstPage = { page: BatchCalls } | { stopped: "budget" | "upstream" };

/**
 * Page 1 read for this person when the batch has no index yet: an unknown batch is a 404 at once,
 * and the first matches come with the first answer. When the budget is spent or Trillet is slow
 * right now, the walk reads it at background priority instead: a search never fails for that.
 */
async function readFirstPage(workspace: WorkspaceConfig, batchId: string, user: string): Promise<FirstPage> {
  try {
    return {
      page: await listBatchCalls(workspace, batchId, { status: "all", page: 1, limit: indexPageSize }, { user }),
    };
  } catch (error) {
    if (!isTrilletError(error)) throw error;
    if (error.kind === "rate_limited") return { stopped: "budget" };
    if (error.kind === "timeout" || error.kind === "upstream_error") return { stopped: "upstream" };
    throw error;
  }
}

/** How soon the page should expect the walk to have read page 1 when this answer could not. */
const firstPageRetryMs = 5_000;

function firstPageProgress(first: FirstPage, now: number): SearchProgress {
  if ("stopped" in first) {
    return {
      searched: 0,
      complete: false,
      live: false,
      stopped: { reason: first.stopped, resumeAt: now + firstPageRetryMs },
    };
  }
  const { page } = first;
  return {
    searched: page.calls.length,
    total: page.summary.total,
    complete: page.pagination.totalPages <= 1,
    live: liveCount(page.summary) > 0,
  };
}

/** Which calls: a search text (a number or words), and/or only these job ids (the calls with an open follow-up). */
export type CallFilter = { status: CallStatusFilter; q?: string; only?: ReadonlySet<string> };

export type FoundCalls = {
  search: ParsedSearch;
  /** The matches in the status tab asked for, in the batch's order. */
  inTab: SearchableCall[];
  /** The matches per status (the tabs' counts). */
  counts: Summary;
  progress: SearchProgress;
  transcripts: TranscriptsProgress;
  /** Requests this answer made to Trillet itself (page 1 of a batch without an index); the walk's are its own. */
  upstreamReads: number;
};

const everything: ParsedSearch = { kind: "text", words: [] };

/**
 * The batch's calls matching a filter, from its index as far as it has been built, with how far that is. A filter
 * on named calls is complete as soon as each of them is in the index; one on no call at all costs no request.
 */
export async function findCalls(
  workspace: WorkspaceConfig,
  batchId: string,
  filter: CallFilter,
  user: string,
): Promise<FoundCalls> {
  const now = Date.now();
  const search = filter.q === undefined ? everything : parseSearch(filter.q);
  const none = { total: 0, waiting: 0, active: 0, completed: 0, failed: 0 };
  if (filter.only?.size === 0) {
    const progress = { searched: 0, complete: true, live: false };
    return { search, inTab: [], counts: none, progress, transcripts: { state: "none", linked: 0 }, upstreamReads: 0 };
  }
  const store = batchIndexStore(workspace, batchId);
  const meta = await store.readMeta();
  let indexed: SearchableCall[];
  let progress: SearchProgress;
  if (meta) {
    if (needsWalk(meta, now)) await startWalk(workspace, batchId, store);
    indexed = await loadIndex(store, meta);
    progress = progressOf(meta, indexed.length, now);
  } else {
    const first = await readFirstPage(workspace, batchId, user);
    const page = "page" in first ? first.page : undefined;
    await startWalk(workspace, batchId, store, page);
    indexed = (page?.calls ?? []).map((call) => toSearchable(toIndexedCall(call)));
    progress = firstPageProgress(first, now);
  }

  const transcripts = transcriptsOf(meta, now);
  // A text search is complete once the words of the call records are read too; a number search needs only the calls.
  if (filter.q !== undefined && search.kind === "text" && ["reading", "paused"].includes(transcripts.state))
    progress = { ...progress, complete: false };
  const { only } = filter;
  const found = indexed.filter((entry) => (!only || only.has(entry.call.jobId)) && matches(entry, search));
  // Every named call found: nothing the rest of the walk reads can add one (a text search may still find it in words).
  if (only && found.length >= only.size && filter.q === undefined) progress = { ...progress, complete: true };
  const inTab = filter.status === "all" ? found : found.filter((entry) => entry.call.status === filter.status);
  return { search, inTab, counts: countByStatus(found), progress, transcripts, upstreamReads: meta ? 0 : 1 };
}

/**
 * The batch's calls matching `request.q` (a number in any format or part of one, or words in any
 * order, case and accents aside) and/or having an open follow-up (`only`: their job ids), in the
 * status tab and page asked for, from the batch's index as far as it has been built, with how far that is.
 */
export async function searchBatch(
  workspace: WorkspaceConfig,
  batchId: string,
  request: SearchRequest & { only?: ReadonlySet<string> },
  user: string,
): Promise<CallSearchAnswer> {
  const { search, inTab, counts, progress, transcripts } = await findCalls(workspace, batchId, request, user);
  const totalPages = Math.ceil(inTab.length / request.limit);
  const start = (request.page - 1) * request.limit;
  const shown = inTab.slice(start, start + request.limit);
  // fromEntries defines own properties: a job id such as "__proto__" stays a key.
  const said: Record<string, SaidExcerpt> = Object.fromEntries(
    shown.flatMap((entry) => {
      const hit = saidHit(entry, search);
      return hit ? [[entry.call.jobId, hit] as const] : [];
    }),
  );
  return {
    query: request.q ?? "",
    kind: search.kind,
    calls: shown.map((entry) => toResultRow(entry.call)),
    pagination: {
      page: request.page,
      limit: request.limit,
      total: inTab.length,
      totalPages,
      hasNext: request.page < totalPages,
      hasPrev: request.page > 1,
    },
    matches: counts,
    progress,
    said,
    transcripts,
  };
}
