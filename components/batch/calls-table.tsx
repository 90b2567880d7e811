"use client";

import { useMemo } from "react";
import { useTable } from "@tanstack/react-table";
import type { CallRow } from "@/lib/shared/call-rows";
import { buildColumns, metadataKeysOf, tableFeaturesUsed } from "./columns";
import { ColumnMenu } from "./column-menu";
import { useColumnVisibility } from "./use-column-visibility";

/**
 * A call Trillet sent that could not be read: said so across the row, with its jobId when it had
 * one, while the rows around it show as usual. Not clickable: there is nothing more to show.
 */
function UnreadableRow({ call, columns }: { call: CallRow; columns: number }) {
  return (
    <tr data-unreadable="" className="bg-amber-50/60 dark:bg-amber-950/40">
      <td colSpan={columns} className="px-3 py-2 text-sm text-amber-950 dark:text-amber-100">
        <span className="font-medium">Unreadable row</span>
        {call.jobId && <span className="ml-2 font-mono text-xs">{call.jobId}</span>}
        <span className="ml-2">
          Trillet sent this call in a form Batch Console cannot read ({call.unreadable}). It has been logged; the other
          rows are not affected.
        </span>
      </td>
    </tr>
  );
}

export function CallsTable({
  calls,
  slug,
  batchId,
  emptyMessage,
  onOpen,
  onRowIntent,
  toolbar,
}: {
  calls: CallRow[];
  slug: string;
  batchId: string;
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
  const columns = useMemo(() => buildColumns(metadataKeys), [keysSignature]);
  const [columnVisibility, setColumnVisibility] = useColumnVisibility(slug, batchId);

  const table = useTable({
    features: tableFeaturesUsed,
    columns,
    data: calls,
    // An unreadable row may have no jobId (or share one): it gets an id of its own, by position.
    getRowId: (call, index) => (call.unreadable === undefined ? call.jobId : `unreadable:${index}`),
    state: { columnVisibility },
    onColumnVisibilityChange: setColumnVisibility,
  });

  const choices = table
    .getAllLeafColumns()
    .filter((column) => column.getCanHide())
    .map((column) => ({
      id: column.id,
      label: typeof column.columnDef.header === "string" ? column.columnDef.header : column.id,
      visible: column.getIsVisible(),
      toggle: (visible: boolean) => column.toggleVisibility(visible),
    }));

  return (
    <div className="mt-4">
      <div className="mb-2 flex flex-wrap items-center justify-end gap-2">
        {toolbar}
        <ColumnMenu columns={choices} />
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">
            Calls of batch {batchId}. Select a row or press Enter on it to see its details.
          </caption>
          <thead className="bg-zinc-50 text-xs text-zinc-600 uppercase dark:bg-zinc-900 dark:text-zinc-400">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className="px-3 py-2 font-medium whitespace-nowrap normal-case">
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody
            className="divide-y divide-zinc-200 dark:divide-zinc-800"
            onPointerOver={onRowIntent}
            onFocus={onRowIntent}
          >
            {table.getRowModel().rows.map((row) =>
              row.original.unreadable !== undefined ? (
                <UnreadableRow key={row.id} call={row.original} columns={row.getVisibleCells().length} />
              ) : (
                <tr
                  key={row.id}
                  tabIndex={0}
                  data-job-id={row.id}
                  onClick={() => onOpen(row.id)}
                  onKeyDown={(event) => {
                    if (event.key === "Enter") {
                      event.preventDefault();
                      onOpen(row.id);
                    }
                  }}
                  className="cursor-pointer hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-900 dark:focus-visible:bg-zinc-900"
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2 align-top">
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ),
            )}
          </tbody>
        </table>
        {calls.length === 0 && (
          <p className="px-4 py-10 text-center text-sm text-zinc-600 dark:text-zinc-400">{emptyMessage}</p>
        )}
      </div>
    </div>
  );
}
