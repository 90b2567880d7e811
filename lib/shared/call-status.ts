import type { Summary } from "@/lib/trillet/schemas";
import type { CallStatusFilter } from "./batch-view";

export type StatusOption = { value: CallStatusFilter; label: string };

/** Filter options, shared by the tabs, the summary and the badges. */
export const statusOptions: StatusOption[] = [
  { value: "all", label: "All" },
  { value: "waiting", label: "Waiting" },
  { value: "active", label: "Active" },
  { value: "completed", label: "Completed" },
  { value: "failed", label: "Failed" },
];

export const statusTone: Record<string, { badge: string; bar: string }> = {
  waiting: {
    badge: "bg-zinc-100 text-zinc-800 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-600",
    bar: "bg-zinc-400 dark:bg-zinc-500",
  },
  active: {
    badge: "bg-blue-50 text-blue-800 ring-blue-300 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-800",
    bar: "bg-blue-600 dark:bg-blue-400",
  },
  completed: {
    badge:
      "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800",
    bar: "bg-emerald-600 dark:bg-emerald-400",
  },
  failed: {
    badge: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
    bar: "bg-red-600 dark:bg-red-400",
  },
};

/**
 * A status Trillet's docs do not list (say "voicemail"): shown as it comes, on its own neutral
 * badge, never dressed as one of the documented four.
 */
export const unknownTone = {
  badge:
    "bg-white text-zinc-700 ring-zinc-400 border border-dashed border-zinc-400 dark:bg-zinc-950 dark:text-zinc-300 dark:ring-zinc-500 dark:border-zinc-500",
  bar: "bg-zinc-300 dark:bg-zinc-600",
};

export const isDocumentedStatus = (status: string): boolean => Object.hasOwn(statusTone, status);

export function statusLabel(status: string): string {
  return statusOptions.find((option) => option.value === status && option.value !== "all")?.label ?? status;
}

/**
 * Calls the summary counts in its total but in none of the four documented counters: statuses
 * Trillet added after its docs (say "voicemail"). Never negative, should the counters overshoot.
 */
export function otherStatusCount(summary: Summary): number {
  return Math.max(0, summary.total - summary.waiting - summary.active - summary.completed - summary.failed);
}
