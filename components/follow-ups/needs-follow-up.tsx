"use client";

import type { ViewNavigation } from "@/components/batch/use-view-navigation";
import { RetryWarning } from "@/components/ui/retry-warning";
import type { BatchView } from "@/lib/shared/batch-view";
import type { CallSearchResult } from "@/lib/shared/call-detail";
import { formatCount } from "@/lib/shared/format";
import { BulkFollowUp } from "./create-follow-up";

// "Needs follow-up" on the batch page: a filter (followUp=open in the URL) that combines with the status tab and the
// search, what it found, and a bulk follow-up for the current filter.

/** The most calls one bulk follow-up takes (the server's cap, lib/follow-ups/calls.ts). */
const maxBulkCalls = 10_000;

/** "12 failed calls", "1 call". */
const callsOf = (count: number, status: BatchView["status"]) =>
  `${formatCount(count)} ${status === "all" ? "" : `${status} `}call${count === 1 ? "" : "s"}`;

/** Turns the filter on or off; the status tab and the search stay, the page goes back to 1. */
export function NeedsFollowUpToggle({
  view,
  nav,
  count,
}: {
  view: BatchView;
  nav: ViewNavigation;
  /** The batch's open follow-ups, once known. */
  count: number | undefined;
}) {
  const on = view.followUp === "open";
  // A filter that can match nothing takes a line of the phone's first screen for nothing.
  if (!on && !count) return null;
  const to: BatchView = {
    status: view.status,
    page: 1,
    limit: view.limit,
    ...(view.q ? { q: view.q } : {}),
    ...(on ? {} : { followUp: "open" }),
  };
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => nav.go(to)}
      className={`inline-flex min-h-11 items-center gap-2 rounded-md border px-3 py-1.5 text-sm sm:min-h-0 ${
        on
          ? "border-violet-400 bg-violet-50 font-semibold text-violet-950 dark:border-violet-600 dark:bg-violet-950 dark:text-violet-50"
          : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      }`}
    >
      Needs follow-up
      {count !== undefined && (
        <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs tabular-nums dark:bg-zinc-800">
          {formatCount(count)}
        </span>
      )}
    </button>
  );
}

/** What the filter found, and how much of the batch it has read (calls not yet read cannot be shown yet). */
export function NeedsFollowUpStatus({
  view,
  search,
  onRetry,
}: {
  view: BatchView;
  search: { data?: CallSearchResult; error?: { message: string } };
  onRetry: () => void;
}) {
  const { data, error } = search;
  if (error) {
    return (
      <RetryWarning onRetry={onRetry}>
        The calls that need a follow-up cannot be listed right now: {error.message} The table shows the batch&apos;s
        calls instead.
      </RetryWarning>
    );
  }
  let text = "Looking for the calls with an open follow-up…";
  if (data) {
    const found = data.pagination.total;
    const matching = view.q ? ` matching “${view.q}”` : "";
    text = `${callsOf(found, view.status)}${matching} ${found === 1 ? "has" : "have"} an open follow-up.`;
    const { progress } = data;
    if (!progress.complete) {
      const of = progress.total === undefined ? "" : ` of ${formatCount(progress.total)}`;
      text += ` So far ${formatCount(progress.searched)}${of} calls of the batch are read; the others are still being read${progress.stopped ? " (paused: Trillet's budget is spent or it did not answer; it resumes on its own)" : "…"}`;
    }
  }
  return (
    <p role="status" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300" data-testid="follow-up-filter-status">
      {text}
    </p>
  );
}

/**
 * "Follow up all N calls" of the current status tab and search. The server reads the calls from the filter itself
 * (never the rows in this browser); calls that already have an open follow-up are skipped and counted.
 */
export function FollowUpFilter({
  slug,
  batchId,
  view,
  count,
}: {
  slug: string;
  batchId: string;
  view: BatchView;
  /** How many calls the filter holds now; undefined while a search has not read the whole batch. */
  count: number | undefined;
}) {
  if (view.followUp || !count) return null;
  const what = callsOf(count, view.status);
  const matching = view.q ? ` matching “${view.q}”` : "";
  const confirm =
    count > maxBulkCalls
      ? `This filter has ${what}; one bulk follow-up takes at most ${formatCount(maxBulkCalls)}. Narrow it with a status tab or a search.`
      : `A follow-up for each of the ${what}${matching} in this batch, read again by the server when you confirm (the count may have moved if the batch is running). Calls that already have an open follow-up are skipped.`;
  return (
    <BulkFollowUp
      key={`${view.status}|${view.q ?? ""}`}
      slug={slug}
      target={{ batchId, status: view.status, ...(view.q ? { q: view.q } : {}) }}
      buttonLabel={`Follow up all ${what}`}
      confirm={confirm}
      submitLabel={`Create ${count === 1 ? "1 follow-up" : `${formatCount(count)} follow-ups`}`}
    />
  );
}
