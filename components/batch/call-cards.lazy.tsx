"use client";

import { FollowUpBadge } from "@/components/follow-ups/open-follow-ups";
import { StatusBadge } from "@/components/ui/status-badge";
import { callNameOf } from "@/lib/shared/call-name";
import type { CallRow } from "@/lib/shared/call-rows";
import { SelectPageBox, type CallTable } from "./call-columns.lazy";
import { CallTime } from "./call-time";
import { SelectBox } from "./select-box";

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

/** Who, number, status, time and error: the card's text, the same whether it opens or selects. */
function CardBody({ call, firstDayMs }: { call: CallRow; firstDayMs: number | undefined }) {
  const name = callNameOf(call.metadata);
  const phone = call.phone_number ? call.phoneDisplay : "";
  const time = call.startTime ?? call.endTime;
  return (
    <>
      <span className="min-w-0 truncate font-medium">{name || phone || call.jobId}</span>
      <StatusBadge status={call.status} />
      <span className="min-w-0 truncate text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
        {name ? phone : ""}
      </span>
      <span className="text-sm text-zinc-600 dark:text-zinc-400">
        {time !== undefined && <CallTime ms={time} firstDayMs={firstDayMs} />}
      </span>
      {call.error && <span className="col-span-2 truncate text-sm text-red-700 dark:text-red-400">{call.error}</span>}
    </>
  );
}

const cardClass =
  "grid grid-cols-[1fr_auto] items-center gap-x-2 gap-y-0.5 px-3 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-900";
/** Below the card's text, outside its link (a link cannot hold another). */
const badgeClass = "mb-2 ml-3";
const toggleClass =
  "inline-flex min-h-11 items-center rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/**
 * The calls as compact cards (phones). Each is a real link to the call's dialog (?call=), so it works
 * as a deep link too; the list's one click handler (CallsList) opens it in place. "Select" turns the
 * cards into checkboxes over the same selection as the table's (its row model), and "Done" turns
 * them back.
 */
export function CallCards({
  table,
  batchId,
  callHref,
  firstDayMs,
  selecting,
  onSelectingChange,
}: {
  table: CallTable;
  batchId: string;
  callHref: (jobId: string) => string;
  firstDayMs: number | undefined;
  selecting: boolean;
  onSelectingChange: (selecting: boolean) => void;
}) {
  const rows = table.getRowModel().rows;
  if (rows.length === 0) return null;
  const selectable = rows.some((row) => row.getCanSelect());
  return (
    <>
      {selectable && (
        <div className="mb-2 flex flex-wrap items-center gap-3">
          <button
            type="button"
            aria-pressed={selecting}
            data-cards-select=""
            onClick={() => onSelectingChange(!selecting)}
            className={toggleClass}
          >
            {selecting ? "Done selecting" : "Select"}
          </button>
          {selecting && (
            <label className="inline-flex min-h-11 items-center gap-2 text-sm">
              <SelectPageBox table={table} />
              <span aria-hidden="true">All on this page</span>
            </label>
          )}
        </div>
      )}
      <ul
        aria-label={`Calls of batch ${batchId}`}
        className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      >
        {rows.map((row) => {
          const call = row.original;
          if (call.unreadable !== undefined) return <UnreadableCard key={row.id} call={call} />;
          if (selecting) {
            return (
              <li
                key={row.id}
                data-selected={row.getIsSelected() || undefined}
                className="data-selected:bg-sky-50 dark:data-selected:bg-sky-950/50"
              >
                <label
                  className={`${cardClass} cursor-pointer grid-cols-[auto_1fr_auto]`}
                  data-select-job-id={call.jobId}
                >
                  <span className="row-span-2 pr-1">
                    <SelectBox
                      selectsCall={call.jobId}
                      label={`Select call ${call.jobId}`}
                      checked={row.getIsSelected()}
                      onChange={row.getToggleSelectedHandler()}
                    />
                  </span>
                  <CardBody call={call} firstDayMs={firstDayMs} />
                </label>
                <FollowUpBadge jobId={call.jobId} className={badgeClass} />
              </li>
            );
          }
          return (
            <li
              key={row.id}
              data-selected={row.getIsSelected() || undefined}
              className="data-selected:bg-sky-50 dark:data-selected:bg-sky-950/50"
            >
              <a
                href={callHref(call.jobId)}
                data-job-id={call.jobId}
                className={`${cardClass} focus-visible:bg-zinc-50 dark:focus-visible:bg-zinc-900`}
              >
                <CardBody call={call} firstDayMs={firstDayMs} />
              </a>
              <FollowUpBadge jobId={call.jobId} className={badgeClass} />
            </li>
          );
        })}
      </ul>
    </>
  );
}
