"use client";

import { useTable } from "@tanstack/react-table";
import { useMemo } from "react";
import type { CallRow } from "@/lib/shared/call-rows";
import type { CallSelectionState } from "@/lib/shared/call-selection";
import type { StoredVisibility } from "@/lib/shared/column-visibility";
import { CallCards } from "./call-cards.lazy";
import { callColumns, callTableFeatures, type CallCellContext } from "./call-columns.lazy";
import { CallsTableView } from "./calls-table-view.lazy";

export type LiveCallsProps = {
  /** Which of the two views: the table (wide screens) or the cards (phones). */
  shape: "table" | "cards";
  calls: CallRow[];
  batchId: string;
  metadataKeys: string[];
  cells: CallCellContext;
  columnVisibility: StoredVisibility;
  rowSelection: CallSelectionState;
  onRowSelectionChange: (next: CallSelectionState) => void;
  selecting: boolean;
  onSelectingChange: (selecting: boolean) => void;
};

/** Calls get their job id as row id, so a selection is kept by call across refreshes and pages. */
const rowId = (call: CallRow, index: number) => (call.unreadable !== undefined ? `unreadable:${index}` : call.jobId);
const canSelect = (row: { original: CallRow }) => row.original.unreadable === undefined;

/**
 * The calls rendered by the browser, on TanStack Table: what the list shows once its rows change
 * (a live refresh, another view), once something is selected or a column hidden. The list owns the
 * state (selection by job id, hidden columns); the table computes the rows, cells and checkboxes.
 */
export function LiveCalls({
  shape,
  calls,
  batchId,
  metadataKeys,
  cells,
  columnVisibility,
  rowSelection,
  onRowSelectionChange,
  selecting,
  onSelectingChange,
}: LiveCallsProps) {
  const keysSignature = metadataKeys.join("\u0000");
  // Rebuilt only when the set of CSV columns (or the links' view) changes, not on every poll.
  const columns = useMemo(
    () => callColumns(metadataKeys, cells),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [keysSignature, cells],
  );
  const table = useTable({
    features: callTableFeatures,
    columns,
    data: calls,
    getRowId: rowId,
    enableRowSelection: canSelect,
    state: { columnVisibility, rowSelection },
    onRowSelectionChange: (updater) =>
      onRowSelectionChange((typeof updater === "function" ? updater(rowSelection) : updater) as CallSelectionState),
  });
  return shape === "table" ? (
    <CallsTableView table={table} batchId={batchId} />
  ) : (
    <CallCards
      table={table}
      batchId={batchId}
      callHref={cells.callHref}
      firstDayMs={cells.firstDayMs}
      selecting={selecting}
      onSelectingChange={onSelectingChange}
    />
  );
}
