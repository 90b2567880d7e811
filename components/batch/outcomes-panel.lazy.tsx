"use client";

import { useState } from "react";
import useSWR from "swr";
import { BulkFollowUp } from "@/components/follow-ups/create-follow-up";
import { OutcomeDoNotCall } from "@/components/guardrails/outcome-do-not-call";
import { LocalTime } from "@/components/ui/local-time";
import { fetchOutcomes } from "@/lib/shared/record-client";
import type { BatchView } from "@/lib/shared/batch-view";
import type { OutcomeCounts } from "@/lib/shared/call-detail";
import { Money } from "@/components/ui/money";
import { formatCount, formatMinutes, outcomeLabel } from "@/lib/shared/format";
import { outcomesApiUrl } from "@/lib/shared/paths";
import type { ViewNavigation } from "./use-view-navigation";
import { ExpandedAnnouncement, useExpandedList } from "./panel-expanded";
import { PanelError } from "./panel-error";
import { PanelStatus } from "./panel-status";
import { ShareTable } from "./share-table";
import { ViewLink } from "./view-link";

const shownCalls = 200;
const fetchCounts = ([url]: [string, number]) => fetchOutcomes(url);

function scopeText(data: OutcomeCounts, finished: number): string {
  const records = `${formatCount(data.counted)} call record${data.counted === 1 ? "" : "s"}`;
  if (!data.complete) {
    return `Counted from the first ${records}${data.total !== undefined ? ` of ${formatCount(data.total)}` : ""} Trillet holds for this batch: the counts below are partial.`;
  }
  const missing = finished - data.counted;
  return (
    `From the ${records} Trillet holds for this batch (${formatCount(finished)} calls finished).` +
    (missing > 0 ? ` ${formatCount(missing)} finished calls have no call record, so no outcome.` : "")
  );
}

/** "of the 95 records read" / "of 80 of the 95 records read": what a total covers, when not every record said. */
function coverage(part: { records: number }, data: OutcomeCounts): string {
  const some = part.records < data.counted ? `${formatCount(part.records)} of ` : "";
  return `from ${some}the ${formatCount(data.counted)} call record${data.counted === 1 ? "" : "s"} read`;
}

/** What the batch cost and how long its calls lasted, summed from the call records, and how partial that is. */
function RecordTotals({ data }: { data: OutcomeCounts }) {
  const partial = !data.complete || data.cost.records < data.counted || data.seconds.records < data.counted;
  return (
    <div className="mt-3 text-sm" data-testid="outcomes-totals">
      <dl className="flex flex-wrap gap-x-6 gap-y-1">
        <div className="flex flex-wrap gap-x-1.5">
          <dt className="text-zinc-600 dark:text-zinc-400">Total cost</dt>
          <dd className="font-medium">
            {data.cost.records === 0 ? "—" : <Money amount={data.cost.total} currency={data.currency} />}
            <span className="font-normal text-zinc-600 dark:text-zinc-400"> {coverage(data.cost, data)}</span>
          </dd>
        </div>
        <div className="flex flex-wrap gap-x-1.5">
          <dt className="text-zinc-600 dark:text-zinc-400">Minutes</dt>
          <dd className="font-medium">
            {data.seconds.records === 0 ? "—" : formatMinutes(data.seconds.total)}
            <span className="font-normal text-zinc-600 dark:text-zinc-400"> {coverage(data.seconds, data)}</span>
          </dd>
        </div>
      </dl>
      {partial && (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="outcomes-totals-partial">
          Partial: {data.complete ? "some records carry no cost or length" : "not every call record was read"}, so the
          batch cost at least this.
        </p>
      )}
    </div>
  );
}

export type OutcomesProps = {
  slug: string;
  batchId: string;
  finished: number;
  nav: ViewNavigation;
  view: BatchView;
};

/**
 * Outcomes across the batch, from Trillet's call records: each distinct outcome with its count and
 * share. Mounted once the panel is near the screen (one request per 100 records, up to 20),
 * cached for 30 s on the server; the failure of the call history leaves the rest of the page alone.
 */
export function OutcomesBody({ slug, batchId, finished, nav, view }: OutcomesProps) {
  // The finished count is in the key: new outcomes are counted when calls finish, not on every poll.
  const { data, error, isLoading, mutate } = useSWR([outcomesApiUrl(slug, batchId), finished], fetchCounts, {
    keepPreviousData: true,
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  const [open, setOpen] = useState<string>();

  const selected = data?.outcomes.find((entry) => entry.outcome === open);
  const list = useExpandedList(open);
  if (error && !data) {
    return <PanelError message={`Outcomes are unavailable right now: ${error.message}`} onRetry={() => mutate()} />;
  }
  if (!data) return <PanelStatus>{isLoading ? "Counting outcomes…" : ""}</PanelStatus>;
  if (data.counted === 0) {
    return (
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="outcomes-scope">
        Trillet holds no call records for this batch yet, so there are no outcomes to count.
      </p>
    );
  }
  return (
    <>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="outcomes-scope">
        {scopeText(data, finished)}
      </p>
      <RecordTotals data={data} />
      <ShareTable
        caption="Call outcomes with the number and share of call records"
        labelHeading="Outcome"
        rows={data.outcomes.map((entry) => ({
          key: entry.outcome,
          label: outcomeLabel(entry.outcome),
          count: entry.count,
        }))}
        whole={data.counted}
        open={open}
        onToggle={(outcome) => setOpen(open === outcome ? undefined : outcome)}
        barClassName="bg-emerald-600 dark:bg-emerald-400"
      />
      <ExpandedAnnouncement
        text={
          selected &&
          `${formatCount(Math.min(selected.calls.length, shownCalls))} calls with outcome “${outcomeLabel(selected.outcome)}”, listed below the outcomes.`
        }
      />
      {selected && (
        <div ref={list} className="mt-4 scroll-mt-4" data-testid="outcome-calls">
          <h3 className="text-sm font-semibold">
            Calls with outcome “{outcomeLabel(selected.outcome)}” ({formatCount(selected.count)}
            {data.complete ? "" : " among the records counted"})
          </h3>
          <ul
            className="mt-2 max-h-72 divide-y divide-zinc-100 overflow-y-auto text-sm dark:divide-zinc-900"
            tabIndex={0}
            aria-label={`Calls with outcome ${outcomeLabel(selected.outcome)}`}
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
                {call.startedAt !== undefined && <LocalTime ms={call.startedAt} compact />}
              </li>
            ))}
          </ul>
          {/* Actions on the calls listed (bulk follow-up, do-not-call) go here, given slug, batchId and selected.calls. */}
          <OutcomeDoNotCall
            key={`dnc-${selected.outcome}`}
            slug={slug}
            outcome={selected.outcome}
            calls={selected.calls}
          />
          {selected.calls.length > 0 && (
            <BulkFollowUp
              key={selected.outcome}
              slug={slug}
              target={{ batchId, outcome: selected.outcome }}
              buttonLabel={`Follow up these ${formatCount(selected.calls.length)} calls`}
              className="mt-3"
            />
          )}
          {selected.calls.length < selected.count && (
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              {formatCount(selected.count - selected.calls.length)} of these records do not say which call of the batch
              they belong to.
            </p>
          )}
          {selected.calls.length > shownCalls && (
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              Showing {shownCalls} of {formatCount(selected.calls.length)}.
            </p>
          )}
        </div>
      )}
    </>
  );
}
