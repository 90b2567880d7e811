"use client";

import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { BatchView } from "@/lib/shared/batch-view";
import { callNameOf } from "@/lib/shared/call-name";
import type { CallRow } from "@/lib/shared/call-rows";
import type { ViewNavigation } from "./use-view-navigation";
import { ViewLink } from "./view-link";

function UnreadableCard({ call }: { call: CallRow }) {
  return (
    <li
      data-unreadable-card=""
      className="bg-amber-50/60 px-3 py-3 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <span className="font-medium">Unreadable row</span>
      {call.jobId && <span className="ml-2 font-mono text-xs">{call.jobId}</span>}
      <span className="mt-1 block">
        Trillet sent this call in a form Batch Console cannot read ({call.unreadable}).
      </span>
    </li>
  );
}

/**
 * The calls as compact cards (phones): who, number, status, time and error, each a link to the
 * same call dialog (?call=), so the card works as a deep link too and opens in place when it can.
 */
export function CallCards({
  calls,
  batchId,
  view,
  nav,
  onRowIntent,
}: {
  calls: CallRow[];
  batchId: string;
  view: BatchView;
  nav: ViewNavigation;
  onRowIntent?: () => void;
}) {
  if (calls.length === 0) return null;
  return (
    <ul
      aria-label={`Calls of batch ${batchId}`}
      className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      onPointerOver={onRowIntent}
      onFocus={onRowIntent}
    >
      {calls.map((call, index) => {
        if (call.unreadable !== undefined) return <UnreadableCard key={`unreadable:${index}`} call={call} />;
        const name = callNameOf(call.metadata);
        const phone = call.phone_number ? call.phoneDisplay : "";
        const time = call.startTime ?? call.endTime;
        return (
          <li key={call.jobId}>
            <ViewLink
              nav={nav}
              to={{ ...view, call: call.jobId }}
              data-job-id={call.jobId}
              className="block px-3 py-3 hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-900 dark:focus-visible:bg-zinc-900"
            >
              <span className="flex items-center justify-between gap-2">
                <span className="min-w-0 truncate font-medium">{name || phone || call.jobId}</span>
                <StatusBadge status={call.status} />
              </span>
              <span className="mt-0.5 flex items-center justify-between gap-2 text-sm text-zinc-600 dark:text-zinc-400">
                <span className="truncate tabular-nums">{name ? phone : ""}</span>
                {time !== undefined && <LocalTime ms={time} compact />}
              </span>
              {call.error && (
                <span className="mt-0.5 block truncate text-sm text-red-700 dark:text-red-400">{call.error}</span>
              )}
            </ViewLink>
          </li>
        );
      })}
    </ul>
  );
}
