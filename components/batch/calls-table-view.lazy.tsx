"use client";

import { flexRender } from "@tanstack/react-table";
import { useLayoutEffect, useRef } from "react";
import type { CallRow } from "@/lib/shared/call-rows";
import type { CallTable } from "./call-columns.lazy";

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

/**
 * The calls as a table (wide screens), from a TanStack table. Each call's job id is a real link (the
 * one Tab stop of its row besides its checkbox); a click anywhere else in the row opens it too, by
 * the list's one click handler (CallsList).
 *
 * When the row that had focus leaves the page (a live refresh moved the call to another tab, or the
 * page changed), focus goes to the link of the row now at its place, else to the table itself,
 * never to the page's body.
 */
export function CallsTableView({ table, batchId }: { table: CallTable; batchId: string }) {
  const rows = table.getRowModel().rows;
  const columns = table.getVisibleLeafColumns().length;
  const tableRef = useRef<HTMLTableElement>(null);
  // The row position that held focus, while focus is inside the body.
  const focusedIndex = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const index = focusedIndex.current;
    const element = tableRef.current;
    if (index === undefined || !element) return;
    const active = document.activeElement;
    if (active && active !== document.body && element.contains(active)) return;
    if (active && active !== document.body) {
      focusedIndex.current = undefined;
      return;
    }
    const links = element.querySelectorAll<HTMLElement>("tbody a[data-call-link]");
    const target = links[Math.min(index, links.length - 1)] ?? element;
    target.focus();
  });

  return (
    <table ref={tableRef} tabIndex={-1} className="w-full text-left text-sm focus:outline-none">
      <caption className="sr-only">
        Calls of batch {batchId}. Each job id opens the call&apos;s details; the checkboxes select calls.
      </caption>
      <thead className="bg-zinc-50 text-xs text-zinc-600 uppercase dark:bg-zinc-900 dark:text-zinc-400">
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th
                key={header.id}
                scope="col"
                className={`py-2 font-medium whitespace-nowrap normal-case ${header.column.id === "select" ? "w-8 pr-0 pl-3" : "px-3"}`}
              >
                {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody
        className="divide-y divide-zinc-200 dark:divide-zinc-800"
        onFocus={(event) => {
          const row = event.target.closest("tr");
          focusedIndex.current = row ? (row as HTMLTableRowElement).sectionRowIndex : undefined;
        }}
        onBlur={(event) => {
          // Focus moving elsewhere on purpose: forget the row. Focus lost with its element: relatedTarget is null.
          if (event.relatedTarget) focusedIndex.current = undefined;
        }}
      >
        {rows.map((row) =>
          row.original.unreadable !== undefined ? (
            <UnreadableRow key={row.id} call={row.original} columns={columns} />
          ) : (
            <tr
              key={row.id}
              data-job-id={row.original.jobId}
              data-selected={row.getIsSelected() || undefined}
              className="cursor-pointer hover:bg-zinc-50 has-[a:focus-visible]:bg-zinc-50 data-selected:bg-sky-50 dark:hover:bg-zinc-900 dark:has-[a:focus-visible]:bg-zinc-900 dark:data-selected:bg-sky-950/50"
            >
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  className={`py-2 align-top ${cell.column.id === "select" ? "w-8 pr-0 pl-3" : "px-3"}`}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
