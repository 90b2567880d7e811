"use client";

import {
  lazy,
  startTransition,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { useAnyOpenFollowUp } from "@/components/follow-ups/open-follow-ups";
import { onDemand } from "@/components/ui/on-demand";
import { useAfterLoad } from "@/components/ui/use-after-load";
import { useHydrating } from "@/components/ui/use-hydrating";
import { viewFilters, type BatchView } from "@/lib/shared/batch-view";
import { hideableColumns, metadataKeysOf } from "@/lib/shared/call-columns";
import type { CallRow } from "@/lib/shared/call-rows";
import { selectedJobIds, selectionFilterKey, type CallSelectionState } from "@/lib/shared/call-selection";
import { firstDayOf } from "@/lib/shared/call-time";
import {
  readRawVisibility,
  visibilityFromRaw,
  writeVisibility,
  type StoredVisibility,
} from "@/lib/shared/column-visibility";
import { useBatchStart } from "./batch-start";
import { callOpenedBy } from "./call-open-click";
import type { LiveCallsProps } from "./calls-live.lazy";
import { ColumnMenu } from "./column-menu";
import { focusAgain, keptFocusOf, type KeptFocus } from "./kept-control";
import { localizeServerTimes } from "./localize-server-times";
import { CallSelectionContext, SelectionBar, type SelectedCalls } from "./selection-bar";
import type { ViewNavigation } from "./use-view-navigation";
import { useWideScreen } from "./use-wide-screen";

/** The browser's rows (TanStack Table and the cells): loaded once the server's rows no longer do. */
const liveCalls = onDemand(() => import("./calls-live.lazy").then((module) => module.LiveCalls));
/** The same component where there is no server HTML to keep (the server itself, a client-side navigation): React waits for the module. */
const ServerCalls = lazy(() => import("./calls-live.lazy").then((module) => ({ default: module.LiveCalls })));

const noSelection: CallSelectionState = {};
const tableClass = "hidden overflow-x-auto rounded-lg border border-zinc-200 sm:block dark:border-zinc-800";
const cardsClass = "sm:hidden";

/**
 * The server's HTML, kept as it is and not hydrated: React leaves alone the children of an element
 * it gives dangerouslySetInnerHTML, and does not compare them while hydrating. The wrapper is keyed
 * by whether it is live, so the kept copy is replaced, never patched, when the browser renders the
 * rows. It takes no children: React refuses both on one element.
 */
const keepServerHtml = { dangerouslySetInnerHTML: { __html: "" }, suppressHydrationWarning: true };
/** Another tab changed a stored choice. */
const subscribeToStorage = (listener: () => void) => {
  window.addEventListener("storage", listener);
  return () => window.removeEventListener("storage", listener);
};

const storage = () => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

/** The same rows, though perhaps a new copy (a poll that brought nothing new). */
const sameRows = (a: CallRow[], b: CallRow[]) =>
  a === b || (a.length === b.length && JSON.stringify(a) === JSON.stringify(b));

/** Only what TanStack's updates mark selected: a selection of job ids. */
const selectionOf = (state: Record<string, boolean>): CallSelectionState => {
  const selection: CallSelectionState = {};
  for (const [jobId, selected] of Object.entries(state)) if (selected) selection[jobId] = true;
  return selection;
};

/**
 * The calls of the current view: a TanStack table on wide screens, cards on phones (CSS shows one).
 *
 * The first rows are the server's HTML and stay so, not hydrated, while they are what the page has
 * to show: the page loads without the table's code and without hydrating a call. The browser renders
 * the view its screen shows (TanStack Table, loaded then) as soon as that changes: the rows change
 * (a live refresh, another view), something is selected, a column is hidden or a call has an open
 * follow-up. Their checkboxes, links and "Select" work before that (one handler for the list), and
 * their times are brought to the viewer's zone.
 *
 * Both views share one row selection, kept by job id: it survives a live refresh and a page change,
 * and a new filter (status tab or search) starts with none. Hidden columns are remembered per batch
 * in this browser.
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
  const metadataKeys = useMemo(() => metadataKeysOf(calls), [calls]);
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
  const cells = useMemo(() => ({ callHref, firstDayMs }), [callHref, firstDayMs]);

  // Hidden columns: every column shown on the server and during hydration, then the stored choice
  // (read as text, so an unchanged store is the same value); a change is kept here and stored.
  const storedRaw = useSyncExternalStore(
    subscribeToStorage,
    () => readRawVisibility(storage(), slug, batchId),
    () => null,
  );
  const stored = useMemo(() => visibilityFromRaw(storedRaw), [storedRaw]);
  const storeKey = `${slug}/${batchId}`;
  const [changed, setChanged] = useState<{ key: string; value: StoredVisibility }>();
  const columnVisibility = changed?.key === storeKey ? changed.value : stored;
  const setColumnVisible = useCallback(
    (id: string, visible: boolean) => {
      const next = { ...columnVisibility, [id]: visible };
      writeVisibility(storage(), slug, batchId, next);
      setChanged({ key: storeKey, value: next });
    },
    [columnVisibility, slug, batchId, storeKey],
  );
  const choices = hideableColumns(metadataKeys).map(({ id, label }) => ({
    id,
    label,
    visible: columnVisibility[id] !== false,
    toggle: (visible: boolean) => setColumnVisible(id, visible),
  }));

  // The selection belongs to the filter it was made under; another filter sees none.
  const filter = selectionFilterKey(view);
  const [selection, setSelection] = useState({ filter, rows: noSelection });
  // A new filter drops the selection for good (coming back to the old filter does not bring it back).
  if (selection.filter !== filter) setSelection({ filter, rows: noSelection });
  const rowSelection = selection.filter === filter ? selection.rows : noSelection;
  const select = useCallback((next: CallSelectionState) => setSelection({ filter, rows: selectionOf(next) }), [filter]);
  const clear = useCallback(() => select(noSelection), [select]);
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
  const [selecting, setSelecting] = useState(false);

  // Whether the rows on screen are the server's HTML (a page load), not a client-side navigation's.
  const hydrating = useHydrating();
  const [fromServerHtml] = useState(hydrating);
  // Whether the browser renders the rows from now on (it never goes back to the server's).
  const [firstCalls] = useState(calls);
  const [live, setLive] = useState(!fromServerHtml);
  const anyFollowUp = useAnyOpenFollowUp(onPage);
  const needsLive = () =>
    selected.jobIds.length > 0 ||
    selecting ||
    anyFollowUp ||
    Object.values(columnVisibility).includes(false) ||
    !sameRows(firstCalls, calls);
  if (!live && needsLive()) setLive(true);
  const Live = liveCalls.useLoaded();
  // Asked again on every render (a poll, a click) until it loads: a failed load leaves the server's rows meanwhile.
  useEffect(() => {
    if (live && Live === undefined) liveCalls.load();
  });
  // The first render of the browser's rows replaces the server's at a transition's pace: React builds them in
  // short slices that let input through, not in one long task (the rows' state is ready before it starts).
  const [rowsRendered, setRowsRendered] = useState(false);
  useEffect(() => {
    if (live && Live !== undefined && !rowsRendered) startTransition(() => setRowsRendered(true));
  }, [live, Live, rowsRendered]);

  const wide = useWideScreen();
  const listRef = useRef<HTMLDivElement>(null);
  // The control that had focus in the server's rows, to focus again in the browser's.
  const keptFocus = useRef<KeptFocus | undefined>(undefined);
  const rendered = rowsRendered && Live !== undefined;
  useLayoutEffect(() => {
    const focus = keptFocus.current;
    if (!rendered || focus === undefined) return;
    keptFocus.current = undefined;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    if (listRef.current) focusAgain(listRef.current, focus);
  }, [rendered]);

  const afterLoad = useAfterLoad();
  useEffect(() => {
    if (afterLoad && listRef.current) localizeServerTimes(listRef.current, firstDayMs);
  }, [afterLoad, firstDayMs]);

  const empty = calls.length === 0 && (
    <p className="px-4 py-10 text-center text-sm text-zinc-600 dark:text-zinc-400">{emptyMessage}</p>
  );
  const liveProps: LiveCallsProps = {
    shape: "table",
    calls,
    batchId,
    metadataKeys,
    cells,
    columnVisibility,
    rowSelection,
    onRowSelectionChange: select,
    selecting,
    onSelectingChange: setSelecting,
  };
  const renderView = (shape: "table" | "cards", className: string, shown: boolean) => {
    if (rendered && shown) {
      return (
        <div key={shape} className={className}>
          <Live {...liveProps} shape={shape} />
          {empty}
        </div>
      );
    }
    if (!fromServerHtml) {
      // A client-side navigation: no server HTML to keep; the rows show once their code has loaded.
      return (
        <div key={shape} className={className}>
          {shown && (
            <Suspense>
              <ServerCalls {...liveProps} shape={shape} />
              {empty}
            </Suspense>
          )}
        </div>
      );
    }
    if (typeof window === "undefined") {
      return (
        <div className={className} data-kept="">
          <ServerCalls {...liveProps} shape={shape} />
          {empty}
        </div>
      );
    }
    return <div key={`${shape}-kept`} className={className} data-kept="" {...keepServerHtml} />;
  };

  /** The server's rows, before the browser renders them: their checkboxes and "Select" act here. */
  const actOnKeptRows = (target: Element): boolean => {
    if (!target.closest("[data-kept]")) return false;
    const box = target.closest<HTMLInputElement>("input[data-selects-call], input[data-selects-page]");
    if (box) {
      keptFocus.current = keptFocusOf(box);
      const callId = box.dataset.selectsCall;
      const pageIds = calls.filter((call) => call.unreadable === undefined).map((call) => call.jobId);
      const next = { ...rowSelection };
      for (const jobId of callId !== undefined ? [callId] : pageIds) {
        if (box.checked) next[jobId] = true;
        else delete next[jobId];
      }
      select(next);
      return true;
    }
    const selectButton = target.closest<HTMLElement>("button[data-cards-select]");
    if (selectButton) {
      keptFocus.current = keptFocusOf(selectButton);
      setSelecting(true);
      return true;
    }
    return false;
  };

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
        {/* One handler for the rows of both views, the server's and the browser's: open a call, select in the server's. */}
        <div
          ref={listRef}
          onClick={(event) => {
            if (event.target instanceof Element && actOnKeptRows(event.target)) return;
            const jobId = callOpenedBy(event);
            if (jobId === undefined) return;
            event.preventDefault();
            onOpen(jobId);
          }}
          onPointerOver={() => {
            onRowIntent?.();
            liveCalls.load();
          }}
          onFocus={(event) => {
            onRowIntent?.();
            if (event.target.closest("[data-kept]")) keptFocus.current = keptFocusOf(event.target);
          }}
          onBlur={(event) => {
            // Focus moved on (still in the page); not its control taken away by the browser's rows.
            if (event.target.isConnected) keptFocus.current = undefined;
          }}
        >
          {renderView("table", tableClass, wide !== false)}
          {renderView("cards", cardsClass, wide !== true)}
        </div>
      </div>
    </CallSelectionContext.Provider>
  );
}
