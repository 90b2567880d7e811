"use client";

import { createContext, useContext } from "react";
import type { CallStatusFilter } from "@/lib/shared/batch-view";
import { maxExportSelection, selectionSummary } from "@/lib/shared/call-selection";
import { exportApiUrl } from "@/lib/shared/paths";

/**
 * The calls selected on the batch page, for bulk actions. Export is built in; later actions
 * (follow-ups, re-runs) plug in through CallsList's `bulkActions` slot, which receives this, or read
 * it anywhere below the list with useCallSelection().
 */
export type SelectedCalls = {
  slug: string;
  batchId: string;
  /** The job ids, in the order they were picked; may include calls on other pages of the same filter. */
  jobIds: string[];
  /** The filter they were picked under (a filter change clears the selection). */
  status: CallStatusFilter;
  q?: string;
  clear: () => void;
};

export const CallSelectionContext = createContext<SelectedCalls | null>(null);

/** The current selection, or null outside the calls list. */
export const useCallSelection = () => useContext(CallSelectionContext);

const actionClass =
  "inline-flex min-h-11 items-center rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 sm:min-h-0 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800";

/** "Export the selected calls": a plain download of a CSV with only those rows (GET …/export?ids=). */
function ExportSelected({ selected }: { selected: SelectedCalls }) {
  const count = selected.jobIds.length;
  if (count > maxExportSelection) {
    return (
      <span className="text-sm text-zinc-600 dark:text-zinc-400">
        Export takes at most {maxExportSelection} selected calls: use the Export menu for the whole filter.
      </span>
    );
  }
  const href = `${exportApiUrl(selected.slug, selected.batchId, { format: "csv", status: selected.status })}&ids=${encodeURIComponent(selected.jobIds.join(","))}`;
  return (
    <a href={href} download className={actionClass}>
      Export the selected calls (CSV)
    </a>
  );
}

/**
 * What is selected and what can be done with it. The count is announced (a polite live region that
 * is always in the page, so screen readers hear every change); the bar itself shows only while
 * something is selected.
 */
export function SelectionBar({
  selected,
  onPage,
  bulkActions,
}: {
  selected: SelectedCalls;
  /** The job ids shown on this page, to say how many selected calls are elsewhere. */
  onPage: ReadonlySet<string>;
  bulkActions?: (selected: SelectedCalls) => React.ReactNode;
}) {
  const count = selected.jobIds.length;
  const summary = count > 0 ? selectionSummary(selected.jobIds, onPage) : "";
  return (
    <>
      <p role="status" aria-live="polite" className="sr-only" data-testid="selection-status">
        {summary}
      </p>
      {count > 0 && (
        <div
          role="region"
          aria-label="Selected calls"
          className="mb-2 flex flex-wrap items-center gap-2 rounded-lg border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950/60"
        >
          <span className="font-medium tabular-nums" aria-hidden="true">
            {summary}
          </span>
          <ExportSelected selected={selected} />
          {bulkActions?.(selected)}
          <button type="button" onClick={selected.clear} className={actionClass}>
            Clear selection
          </button>
        </div>
      )}
    </>
  );
}
