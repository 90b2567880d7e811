"use client";

import { useMemo } from "react";
import type { BatchView } from "@/lib/shared/batch-view";
import type { CallRow } from "@/lib/shared/call-rows";
import { CallCards } from "./call-cards";
import { callColumns, metadataKeysOf } from "./call-columns";
import { CallsTableView } from "./calls-table-view";
import { ColumnMenu } from "./column-menu";
import type { ViewNavigation } from "./use-view-navigation";
import { useColumnVisibility } from "./use-column-visibility";

/**
 * The calls of the current view: a table on wide screens, cards on phones. CSS shows one; the other is
 * not displayed, so it costs no style or layout (measured: serving only the one a device needs, by
 * its client hints, saved nothing the benchmark could tell from noise).
 */
export function CallsList({
  calls,
  slug,
  batchId,
  view,
  nav,
  emptyMessage,
  onOpen,
  onRowIntent,
  toolbar,
}: {
  calls: CallRow[];
  slug: string;
  batchId: string;
  view: BatchView;
  nav: ViewNavigation;
  emptyMessage: string;
  onOpen: (jobId: string) => void;
  /** A row is hovered or focused: it may be opened next. */
  onRowIntent?: () => void;
  toolbar?: React.ReactNode;
}) {
  const metadataKeys = metadataKeysOf(calls);
  const keysSignature = metadataKeys.join("\u0000");
  // Rebuilt only when the set of CSV columns changes, not on every poll.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const columns = useMemo(() => callColumns(metadataKeys), [keysSignature]);
  const [visibility, setVisibility] = useColumnVisibility(slug, batchId);
  const isShown = (id: string) => visibility[id] !== false;
  const shown = columns.filter((column) => !column.canHide || isShown(column.id));
  const choices = columns
    .filter((column) => column.canHide)
    .map((column) => ({
      id: column.id,
      label: column.header,
      visible: isShown(column.id),
      toggle: (visible: boolean) => setVisibility((old) => ({ ...old, [column.id]: visible })),
    }));

  const empty = calls.length === 0 && (
    <p className="px-4 py-10 text-center text-sm text-zinc-600 dark:text-zinc-400">{emptyMessage}</p>
  );

  return (
    <div className="mt-4">
      <div className="mb-2 flex flex-wrap items-center justify-end gap-2">
        {toolbar}
        {/* Columns shape the table; phones show cards, which have none. */}
        <div className="hidden sm:block">
          <ColumnMenu columns={choices} />
        </div>
      </div>
      <div className="hidden overflow-x-auto rounded-lg border border-zinc-200 sm:block dark:border-zinc-800">
        <CallsTableView calls={calls} columns={shown} batchId={batchId} onOpen={onOpen} onRowIntent={onRowIntent} />
        {empty}
      </div>
      <div className="sm:hidden">
        <CallCards
          calls={calls}
          batchId={batchId}
          hrefFor={nav.hrefFor}
          view={view}
          onOpen={onOpen}
          onRowIntent={onRowIntent}
        />
        {empty}
      </div>
    </div>
  );
}
