"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import useSWR from "swr";
import { ApiClientError, fetchCalls, fetchCallSearch, sameLiveCalls, type LiveCalls } from "@/lib/shared/api-client";
import { basePollMs, nextPollMs, type PollFailure } from "@/lib/shared/polling";
import { normaliseBatchView, viewFilters, type BatchView } from "@/lib/shared/batch-view";
import { callSearchApiUrl, callsApiUrl } from "@/lib/shared/paths";
import type { BatchCallRows } from "@/lib/shared/call-rows";
import type { Summary } from "@/lib/trillet/schemas";
import { BatchSummary } from "./batch-summary";
import { CallDialog, preloadCallDialog } from "./call-dialog";
import { CallSearch } from "./call-search";
import { CallSearchStatus } from "./call-search-status";
import { OutcomesPanel } from "./outcomes-panel";
import { CallsList } from "./calls-list";
import { ExportJobsSlot } from "./export-jobs-slot";
import { ExportMenu } from "./export-menu";
import { FailureReasonsPanel } from "./failure-reasons";
import { Freshness } from "./freshness";
import { StatusTabs } from "./status-tabs";
import { TablePagination } from "./table-pagination";
import { useViewNavigation } from "./use-view-navigation";
import { RetryWarning } from "@/components/ui/retry-warning";
import { FollowUpSelected, preloadFollowUpSelected } from "@/components/follow-ups/follow-up-selected";
import { FollowUpFilter, NeedsFollowUpStatus, NeedsFollowUpToggle } from "@/components/follow-ups/needs-follow-up";
import { OpenFollowUpsProvider, useOpenFollowUps } from "@/components/follow-ups/open-follow-ups";

/** A row hovered or focused: it may be opened or selected next, so both actions' code is fetched. */
const preloadRowActions = () => {
  preloadCallDialog();
  preloadFollowUpSelected();
};

const isLive = (summary: Summary) => summary.waiting + summary.active > 0;
/** How often a search still reading the batch is asked again: each ask costs the server one small read. */
const searchPollMs = 1_500;

/**
 * "Loading…" while a new view's rows are on their way. Its own component: SWR re-renders whoever
 * reads `isValidating` at the start and end of every poll, and that should not be the table.
 */
function ViewLoading({ viewKey, isStale }: { viewKey: string; isStale: boolean }) {
  const { isValidating } = useSWR<LiveCalls, ApiClientError>(viewKey, null);
  return (
    <p aria-live="polite" className="text-sm text-zinc-600 dark:text-zinc-400">
      {isStale && isValidating ? "Loading…" : ""}
    </p>
  );
}

function filteredEmptyMessage(view: BatchView, complete: boolean | undefined): string {
  const kind = view.status === "all" ? "" : `${view.status} `;
  if (view.followUp && view.q === undefined) {
    if (complete === undefined) return "Looking for the calls with an open follow-up…";
    return complete
      ? `No ${kind}call in this batch has an open follow-up.`
      : "No call with an open follow-up is read yet: still reading the batch.";
  }
  if (complete === undefined) return "Searching…";
  return complete
    ? `No ${kind}call in this batch matches “${view.q}”${view.followUp ? " and has an open follow-up" : ""}.`
    : `No call matches “${view.q}” yet: still searching the batch.`;
}

function emptyMessage(view: BatchView, total: number, lastPage: number): string {
  if (view.page > lastPage && total > 0) return `There is no page ${view.page}: this view has ${lastPage}.`;
  if (total === 0 && view.status === "all") return "This batch has no calls.";
  return `No ${view.status} calls in this batch right now.`;
}

export function BatchLive({
  slug,
  batchId,
  initialView,
  initialData,
  initialPollMs,
  initialFetchedAt,
}: {
  slug: string;
  batchId: string;
  initialView: BatchView;
  initialData: BatchCallRows;
  initialPollMs: number;
  initialFetchedAt: number;
}) {
  const searchParams = useSearchParams();
  const view = useMemo(() => normaliseBatchView(Object.fromEntries(searchParams.entries())), [searchParams]);
  const nav = useViewNavigation(slug, batchId);
  const { go } = nav;
  const key = callsApiUrl(slug, batchId, view);
  const initialKey = callsApiUrl(slug, batchId, initialView);
  // The last poll's failure, if it failed: it slows polling (nextPollMs) until a poll succeeds.
  const [failure, setFailure] = useState<PollFailure>();

  const fallback: LiveCalls | undefined =
    key === initialKey
      ? { key, calls: initialData, pollAfterMs: initialPollMs, receivedAt: initialFetchedAt }
      : undefined;
  const { data, error, mutate } = useSWR<LiveCalls, ApiClientError>(key, fetchCalls, {
    fallbackData: fallback,
    // A poll that changed nothing does not re-render the table; Freshness still shows the new time.
    compare: sameLiveCalls,
    keepPreviousData: true,
    revalidateOnMount: key !== initialKey,
    shouldRetryOnError: false,
    dedupingInterval: 1_000,
    // SWR schedules refreshes from its cache, which the server's render (fallbackData) never enters.
    refreshInterval: (cached) => {
      const latest = cached ?? fallback;
      return latest && isLive(latest.calls.summary) ? nextPollMs(latest.pollAfterMs, failure) : 0;
    },
    onSuccess: () => setFailure(undefined),
    // A 429 or 503 slows polling to its Retry-After (at most 120 s); other failures to 10 or 15 s.
    onError: ({ status, retryAfterMs }) => setFailure({ status, retryAfterMs }),
  });

  // The server searches the batch's index as far as it is built; asked again until it covers the whole batch,
  // and every few seconds while the batch still runs.
  // "Needs follow-up" reads the same index, narrowed to the calls with an open follow-up (their ids from the database).
  const filtered = view.q !== undefined || view.followUp !== undefined;
  const search = useSWR(filtered ? callSearchApiUrl(slug, batchId, view) : null, fetchCallSearch, {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
    keepPreviousData: false,
    refreshInterval: (latest) =>
      !latest ? 0 : !latest.progress.complete ? searchPollMs : latest.progress.live ? basePollMs : 0,
  });

  const openCall = useCallback((jobId: string) => go({ ...view, call: jobId }), [go, view]);
  const closeCall = useCallback(
    () => go({ status: view.status, page: view.page, limit: view.limit, ...viewFilters(view) }),
    [go, view],
  );
  const runSearch = useCallback(
    (query: string) =>
      go({ ...viewFilters({ q: query, followUp: view.followUp }), status: view.status, page: 1, limit: view.limit }),
    [go, view.status, view.limit, view.followUp],
  );
  const openFollowUps = useOpenFollowUps(slug, batchId);

  // Never in practice: the server's rows are the first data, and a new view keeps the previous rows.
  if (!data) {
    if (error) throw error;
    return null;
  }

  const { calls, pagination, summary } = data.calls;
  const isStale = data.key !== key;
  const live = isLive(summary);
  const pollMs = nextPollMs(data.pollAfterMs, failure);
  const lastPage = Math.max(1, pagination.totalPages);
  const searching = filtered && !search.error;
  const shownCalls = searching ? (search.data?.calls ?? []) : calls;
  const shownPagination = searching ? search.data?.pagination : pagination;

  return (
    // The batch's open follow-ups, for the badges on the table's rows and the phone cards.
    <OpenFollowUpsProvider value={openFollowUps}>
      <BatchSummary summary={summary} />
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
        <Freshness
          viewKey={data.key}
          receivedAt={data.receivedAt}
          live={live}
          pollMs={pollMs}
          slowedForBudget={pollMs > basePollMs && !error}
          empty={summary.total === 0}
        />
        <ViewLoading viewKey={key} isStale={isStale} />
      </div>
      {error && (
        <RetryWarning onRetry={() => mutate()}>
          {error.status === 401 ? "Your session has ended. Reload the page to sign in again." : error.message}
          {isStale ? " The rows below are from the previous view." : " Showing the last data received."}
        </RetryWarning>
      )}
      <CallSearch key={view.q ?? ""} value={view.q} onSearch={runSearch} />
      {view.q !== undefined && (
        <CallSearchStatus query={view.q} status={view.status} search={search} onRetry={() => search.mutate()} />
      )}
      {view.followUp && <NeedsFollowUpStatus view={view} search={search} onRetry={() => search.mutate()} />}
      <StatusTabs view={view} summary={searching && search.data ? search.data.matches : summary} nav={nav} />
      <div className="mt-2">
        <NeedsFollowUpToggle view={view} nav={nav} count={openFollowUps.count} />
      </div>
      <div className={isStale ? "opacity-60 transition-opacity" : undefined} aria-busy={isStale || undefined}>
        <CallsList
          calls={shownCalls}
          slug={slug}
          batchId={batchId}
          view={view}
          nav={nav}
          emptyMessage={
            searching
              ? filteredEmptyMessage(view, search.data?.progress.complete)
              : emptyMessage(view, pagination.total, lastPage)
          }
          onOpen={openCall}
          onRowIntent={preloadRowActions}
          bulkActions={(selected) => <FollowUpSelected selected={selected} view={view} />}
          toolbar={
            <>
              <FollowUpFilter
                slug={slug}
                batchId={batchId}
                view={view}
                count={
                  view.q === undefined
                    ? pagination.total
                    : search.data?.progress.complete
                      ? search.data.pagination.total
                      : undefined
                }
              />
              <ExportMenu
                slug={slug}
                batchId={batchId}
                status={view.status}
                matching={pagination.total}
                failed={summary.failed}
                finished={summary.completed + summary.failed}
                search={view.q}
              />
            </>
          }
        />
        {shownPagination && <TablePagination view={view} pagination={shownPagination} nav={nav} />}
      </div>
      <ExportJobsSlot slug={slug} batchId={batchId} />
      <div className="mt-8 grid gap-6 lg:grid-cols-2 [&>section]:mt-0">
        <FailureReasonsPanel slug={slug} batchId={batchId} failed={summary.failed} nav={nav} view={view} />
        <OutcomesPanel
          slug={slug}
          batchId={batchId}
          finished={summary.completed + summary.failed}
          nav={nav}
          view={view}
        />
      </div>
      <CallDialog
        slug={slug}
        batchId={batchId}
        jobId={view.call}
        call={shownCalls.find((call) => call.jobId === view.call)}
        onClose={closeCall}
      />
    </OpenFollowUpsProvider>
  );
}
