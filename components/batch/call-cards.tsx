import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { BatchView } from "@/lib/shared/batch-view";
import { callNameOf } from "@/lib/shared/call-name";
import type { CallRow } from "@/lib/shared/call-rows";

function UnreadableCard({ call }: { call: CallRow }) {
  return (
    <li className="bg-amber-50/60 px-3 py-3 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-100">
      <span className="font-medium">Unreadable row</span>
      {call.jobId && <span className="ml-2 font-mono text-xs">{call.jobId}</span>}
      <span className="mt-1 block">
        Trillet sent this call in a form Batch Console cannot read ({call.unreadable}).
      </span>
    </li>
  );
}

/** Plain left clicks open in place; modified clicks (new tab…) keep the link's default. */
const isPlainClick = (event: React.MouseEvent) =>
  !(event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);

/**
 * The calls as compact cards (phones): who (from the CSV), number, status, time and error. Each is a
 * real link to the call's dialog (?call=), so it works as a deep link too; one click handler on the
 * list opens it in place, as the table's rows do.
 */
export function CallCards({
  calls,
  batchId,
  hrefFor,
  view,
  onOpen,
  onRowIntent,
}: {
  calls: CallRow[];
  batchId: string;
  hrefFor: (view: BatchView) => string;
  view: BatchView;
  onOpen: (jobId: string) => void;
  onRowIntent?: () => void;
}) {
  if (calls.length === 0) return null;
  return (
    <ul
      aria-label={`Calls of batch ${batchId}`}
      className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      onPointerOver={onRowIntent}
      onFocus={onRowIntent}
      onClick={(event) => {
        const card = event.target instanceof Element ? event.target.closest<HTMLElement>("a[data-job-id]") : null;
        if (!card?.dataset.jobId || !isPlainClick(event)) return;
        event.preventDefault();
        onOpen(card.dataset.jobId);
      }}
    >
      {calls.map((call, index) => {
        if (call.unreadable !== undefined) return <UnreadableCard key={`unreadable:${index}`} call={call} />;
        const name = callNameOf(call.metadata);
        const phone = call.phone_number ? call.phoneDisplay : "";
        const time = call.startTime ?? call.endTime;
        return (
          <li key={call.jobId}>
            <a
              href={hrefFor({ ...view, call: call.jobId })}
              data-job-id={call.jobId}
              className="grid grid-cols-[1fr_auto] items-center gap-x-2 gap-y-0.5 px-3 py-3 hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-900 dark:focus-visible:bg-zinc-900"
            >
              <span className="min-w-0 truncate font-medium">{name || phone || call.jobId}</span>
              <StatusBadge status={call.status} />
              <span className="min-w-0 truncate text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
                {name ? phone : ""}
              </span>
              <span className="text-sm text-zinc-600 dark:text-zinc-400">
                {time !== undefined && <LocalTime ms={time} compact />}
              </span>
              {call.error && (
                <span className="col-span-2 truncate text-sm text-red-700 dark:text-red-400">{call.error}</span>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
