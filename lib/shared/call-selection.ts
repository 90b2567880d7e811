import type { BatchView } from "./batch-view";

/**
 * Row selection on the calls list (table and phone cards): the job ids picked, by job id, so a
 * selection survives a live refresh and a page change. A different filter (status tab or search)
 * is a different list: the selection made under the previous one is dropped.
 */
export type CallSelectionState = Record<string, true>;

/** The most calls "Export the selected calls" takes at once (the ids travel in the download's URL). */
export const maxExportSelection = 200;

/** What a selection belongs to: the status tab, the search and "Needs follow-up", not the page or page size. */
export const selectionFilterKey = (view: Pick<BatchView, "status" | "q" | "followUp">) =>
  `${view.status}\u0000${view.q ?? ""}\u0000${view.followUp ?? ""}`;

/** The selected job ids, in the order they were picked. */
export const selectedJobIds = (selection: CallSelectionState): string[] => Object.keys(selection);

/** "1 call selected", "12 calls selected"; with how many of them are not on this page. */
export function selectionSummary(selected: string[], onPage: ReadonlySet<string>): string {
  const count = selected.length;
  const base = `${count.toLocaleString("en-US")} call${count === 1 ? "" : "s"} selected`;
  const elsewhere = selected.filter((id) => !onPage.has(id)).length;
  return elsewhere === 0 ? base : `${base} (${elsewhere.toLocaleString("en-US")} on other pages)`;
}

/** A page number typed in the pager, as a page to go to: clamped to 1..lastPage, undefined when not a number. */
export function pageFromInput(text: string, lastPage: number): number | undefined {
  const trimmed = text.trim().replace(/[,\s]/g, "");
  if (!/^\d{1,12}$/.test(trimmed)) return undefined;
  return Math.min(Math.max(1, Number(trimmed)), Math.max(1, lastPage));
}
