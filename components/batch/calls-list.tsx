"use client";

import { useTable, type ColumnVisibilityState, type RowSelectionState, type Updater } from "@tanstack/react-table";
import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
import { viewFilters, type BatchView } from "@/lib/shared/batch-view";
import type { CallRow } from "@/lib/shared/call-rows";
import { selectedJobIds, selectionFilterKey } from "@/lib/shared/call-selection";
import { firstDayOf } from "@/lib/shared/call-time";
import { readRawVisibility, visibilityFromRaw, writeVisibility } from "@/lib/shared/column-visibility";
import { CallCards } from "./call-cards";
import { callColumns, callTableFeatures, metadataKeysOf } from "./call-columns";
import { useBatchStart } from "./batch-start";
import { CallsTableView } from "./calls-table-view";
import { ColumnMenu } from "./column-menu";
import { CallSelectionContext, SelectionBar, type SelectedCalls } from "./selection-bar";
import type { ViewNavigation } from "./use-view-navigation";
import { useWideScreen } from "./use-wide-screen";

const noSelection: RowSelectionState = {};
const tableClass = "hidden overflow-x-auto rounded-lg border border-zinc-200 sm:block dark:border-zinc-800";

/**
 * The server's HTML of the view CSS hides, kept as it is and not hydrated: React leaves alone the
 * children of an element it gives dangerouslySetInnerHTML, and does not compare them while hydrating.
 * The wrapper is keyed by whether it is live, so the stale copy is replaced, never patched, when the
 * screen's width changes and this view shows. It takes no children: React refuses both on one element.
 */
const keepServerHtml = { dangerouslySetInnerHTML: { __html: "" }, suppressHydrationWarning: true };
/** Another tab changed a stored choice. */
const subscribeToStorage = (listener: () => void) => {
  window.addEventListener("storage", listener);
  return () => window.removeEventListener("storage", listener);
};

const apply = <T,>(updater: Updater<T>, old: T): T =>
  typeof updater === "function" ? (updater as (old: T) => T)(old) : updater;

const storage = () => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

/** Calls get their job id as row id, so a selection is kept by call across refreshes and pages. */
const rowId = (call: CallRow, index: number) => (call.unreadable !== undefined ? `unreadable:${index}` : call.jobId);
const canSelect = (row: { original: CallRow }) => row.original.unreadable === undefined;

/**
 * The calls of the current view: a TanStack table on wide screens, cards on phones (CSS shows one).
 * Both share one row selection, kept by job id: it survives a live refresh and a page change, and a
 * new filter (status tab or search) starts with none. Hidden columns are remembered per batch in
 * this browser. The server renders both views; the browser hydrates and updates only the one its
 * screen shows, so no call's markup is hydrated twice.
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
  bulkActions,
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
  /** More bulk actions for the selected calls (follow-ups, re-runs), shown in the selection bar. */
  bulkActions?: (selected: SelectedCalls) => React.ReactNode;
}) {
  const metadataKeys = metadataKeysOf(calls);
  const keysSignature = metadataKeys.join("\u0000");
  // Times on a later day than the batch's first show their date (unknown start: the page's earliest time).
  const firstDayMs = firstDayOf(useBatchStart(), calls);
  const { hrefFor } = nav;
  // Where a call's link points: this view with its dialog open. Stable while the view stays.
  const viewSignature = `${view.status}|${view.page}|${view.limit}|${view.q ?? ""}|${view.followUp ?? ""}`;
  const callHref = useCallback(
    (jobId: string) =>
      hrefFor({ status: view.status, page: view.page, limit: view.limit, ...viewFilters(view), call: jobId }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [hrefFor, viewSignature],
  );
  // Rebuilt only when the set of CSV columns (or the links' view) changes, not on every poll.
  const columns = useMemo(
    () => callColumns(metadataKeys, { callHref, firstDayMs }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [keysSignature, callHref, firstDayMs],
  );

  // Hidden columns: every column shown on the server and during hydration, then the stored choice
  // (read as text, so an unchanged store is the same value); a change is kept here and stored.
  const storedRaw = useSyncExternalStore(
    subscribeToStorage,
    () => readRawVisibility(storage(), slug, batchId),
    () => null,
  );
  const stored = useMemo(() => visibilityFromRaw(storedRaw), [storedRaw]);
  const storeKey = `${slug}/${batchId}`;
  const [changed, setChanged] = useState<{ key: string; value: ColumnVisibilityState }>();
  const columnVisibility = changed?.key === storeKey ? changed.value : stored;
  const onColumnVisibilityChange = useCallback(
    (updater: Updater<ColumnVisibilityState>) => {
      const next = apply(updater, columnVisibility);
      writeVisibility(storage(), slug, batchId, next);
      setChanged({ key: storeKey, value: next });
    },
    [columnVisibility, slug, batchId, storeKey],
  );

  // The selection belongs to the filter it was made under; another filter sees none.
  const filter = selectionFilterKey(view);
  const [selection, setSelection] = useState({ filter, rows: noSelection });
  // A new filter drops the selection for good (coming back to the old filter does not bring it back).
  if (selection.filter !== filter) setSelection({ filter, rows: noSelection });
  const rowSelection = selection.filter === filter ? selection.rows : noSelection;
  const onRowSelectionChange = useCallback(
    (updater: Updater<RowSelectionState>) =>
      setSelection((old) => ({ filter, rows: apply(updater, old.filter === filter ? old.rows : noSelection) })),
    [filter],
  );

  const table = useTable({
    features: callTableFeatures,
    columns,
    data: calls,
    getRowId: rowId,
    enableRowSelection: canSelect,
    state: { columnVisibility, rowSelection },
    onColumnVisibilityChange,
    onRowSelectionChange,
  });

  const clear = useCallback(() => onRowSelectionChange(noSelection), [onRowSelectionChange]);
  const selected = useMemo<SelectedCalls>(
    () => ({
      slug,
      batchId,
      jobIds: selectedJobIds(rowSelection),
      status: view.status,
      ...(view.q ? { q: view.q } : {}),
      clear,
    }),
    [slug, batchId, rowSelection, view.status, view.q, clear],
  );
  const onPage = useMemo(() => new Set(calls.map((call) => call.jobId)), [calls]);

  const choices = table
    .getAllLeafColumns()
    .filter((column) => column.getCanHide())
    .map((column) => ({
      id: column.id,
      label: typeof column.columnDef.header === "string" ? column.columnDef.header : column.id,
      visible: column.getIsVisible(),
      toggle: (visible: boolean) => column.toggleVisibility(visible),
    }));

  const wide = useWideScreen();
  const tableLive = wide !== false;
  const cardsLive = wide !== true;

  const empty = calls.length === 0 && (
    <p className="px-4 py-10 text-center text-sm text-zinc-600 dark:text-zinc-400">{emptyMessage}</p>
  );

  return (
    <CallSelectionContext.Provider value={selected}>
      <div className="mt-4" data-testid="calls-list">
        <div className="mb-2 flex flex-wrap items-center justify-end gap-2">
          {toolbar}
          {/* Columns shape the table; phones show cards, which have none. */}
          <div className="hidden sm:block">
            <ColumnMenu columns={choices} />
          </div>
        </div>
        <SelectionBar selected={selected} onPage={onPage} bulkActions={bulkActions} />
        {tableLive ? (
          <div key="table" className={tableClass}>
            <CallsTableView table={table} batchId={batchId} onOpen={onOpen} onRowIntent={onRowIntent} />
            {empty}
          </div>
        ) : (
          <div key="table-kept" className={tableClass} {...keepServerHtml} />
        )}
        {cardsLive ? (
          <div key="cards" className="sm:hidden">
            <CallCards
              table={table}
              batchId={batchId}
              callHref={callHref}
              firstDayMs={firstDayMs}
              onOpen={onOpen}
              onRowIntent={onRowIntent}
            />
            {empty}
          </div>
        ) : (
          <div key="cards-kept" className="sm:hidden" {...keepServerHtml} />
        )}
      </div>
    </CallSelectionContext.Provider>
  );
}
