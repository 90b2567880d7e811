import type { FollowUp, FollowUpState } from "@/lib/shared/follow-ups";

export const stateLabels: Record<FollowUpState, string> = { open: "Open", done: "Done", reopened: "Reopened" };

export const fieldLabels: Record<string, string> = {
  assignee: "Assignee",
  dueOn: "Due",
  note: "Note",
  state: "State",
  closingNote: "Closing note",
};

/** A due date as the person reads it: the date itself (a calendar day, no time zone to convert). */
export function dueLabel(dueOn: string | null): string {
  if (!dueOn) return "No due date";
  const [year, month, day] = dueOn.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString("en-US", {
    timeZone: "UTC",
    year: "numeric",
    month: "short",
    day: "numeric",
  });
}

export const isOverdue = (followUp: Pick<FollowUp, "dueOn" | "state">, today: string) =>
  followUp.state !== "done" && followUp.dueOn !== null && followUp.dueOn < today;

export const inputClass =
  "mt-1 w-full min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-900";
export const labelClass = "block text-xs font-medium text-zinc-700 dark:text-zinc-300";
export const primaryButton =
  "rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300";
export const secondaryButton =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
