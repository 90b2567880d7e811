"use client";

import { useState } from "react";
import useSWR from "swr";
import { LocalTime } from "@/components/ui/local-time";
import { fetchFailureReasons } from "@/lib/shared/record-client";
import { formatCount } from "@/lib/shared/format";
import { failuresApiUrl } from "@/lib/shared/paths";
import type { BatchView } from "@/lib/shared/batch-view";
import { ExpandedAnnouncement, useExpandedList } from "./panel-expanded";
import { PanelError } from "./panel-error";
import { PanelStatus } from "./panel-status";
import { ShareTable } from "./share-table";
import type { ViewNavigation } from "./use-view-navigation";
import { ViewLink } from "./view-link";

const shownCalls = 200;

const fetchReasons = ([url]: [string, number]) => fetchFailureReasons(url);

export type FailureReasonsProps = {
  slug: string;
  batchId: string;
  failed: number;
  /** Each listed call opens its dialog, as the Outcomes lists do. */
  nav: ViewNavigation;
  view: BatchView;
};

/**
 * Why calls failed: each distinct error with its count and share, most frequent first. Mounted
 * only once the panel is near the screen: it walks every failed call, up to 20 Trillet requests
 * from a budget of 60 a minute, which a viewer who never scrolls here should not spend.
 */
export function FailureReasonsBody({ slug, batchId, failed, nav, view }: FailureReasonsProps) {
  // The failed count is in the key so the panel refreshes when new failures arrive, not on every poll.
  const { data, error, isLoading, mutate } = useSWR([failuresApiUrl(slug, batchId), failed], fetchReasons, {
    keepPreviousData: true,
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  const [open, setOpen] = useState<string>();

  const selected = data?.reasons.find((entry) => entry.reason === open);
  const list = useExpandedList(open);
  if (error && !data) {
    return <PanelError message={error.message} onRetry={() => mutate()} />;
  }
  if (!data) return <PanelStatus>{isLoading ? "Counting failure reasons…" : ""}</PanelStatus>;
  return (
    <>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="failures-scope">
        {data.complete
          ? `All ${formatCount(data.totalFailed)} failed calls, by reason.`
          : `Counted from the first ${formatCount(data.examined)} of ${formatCount(data.totalFailed)} failed calls: the counts and lists below are partial. Export the re-run CSV for every failed call.`}
      </p>
      <ShareTable
        caption="Failure reasons with the number and share of failed calls"
        labelHeading="Reason"
        rows={data.reasons.map((entry) => ({ key: entry.reason, label: entry.reason, count: entry.count }))}
        whole={data.examined}
        open={open}
        onToggle={(reason) => setOpen(open === reason ? undefined : reason)}
        barClassName="bg-red-600 dark:bg-red-400"
      />
      <ExpandedAnnouncement
        text={
          selected &&
          `${formatCount(Math.min(selected.calls.length, shownCalls))} calls that failed with “${selected.reason}”, listed below the reasons.`
        }
      />
      {selected && (
        <div ref={list} className="mt-4 scroll-mt-4" data-testid="failed-calls">
          <h3 className="text-sm font-semibold">
            Failed with “{selected.reason}” ({formatCount(selected.count)}
            {data.complete ? "" : " among the calls counted"})
          </h3>
          <ul
            className="mt-2 max-h-72 divide-y divide-zinc-100 overflow-y-auto text-sm dark:divide-zinc-900"
            tabIndex={0}
            aria-label={`Calls that failed with ${selected.reason}`}
          >
            {selected.calls.slice(0, shownCalls).map((call) => (
              <li key={call.jobId} className="flex flex-wrap gap-x-4 py-1">
                <ViewLink
                  nav={nav}
                  to={{ ...view, call: call.jobId }}
                  className="font-mono text-xs text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
                >
                  {call.jobId}
                </ViewLink>
                <span title={call.phone_number}>{call.phoneDisplay}</span>
                {call.endTime !== undefined && <LocalTime ms={call.endTime} compact />}
              </li>
            ))}
          </ul>
          {selected.calls.length > shownCalls && (
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              Showing {shownCalls} of {formatCount(selected.calls.length)}. The re-run CSV has them all.
            </p>
          )}
        </div>
      )}
    </>
  );
}
