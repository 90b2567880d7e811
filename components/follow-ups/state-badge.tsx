import type { FollowUpState } from "@/lib/shared/follow-ups";
import { stateLabels } from "./labels";

const tone: Record<FollowUpState, string> = {
  open: "bg-blue-50 text-blue-900 ring-blue-200 dark:bg-blue-950 dark:text-blue-100 dark:ring-blue-800",
  reopened: "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800",
  done: "bg-green-50 text-green-900 ring-green-200 dark:bg-green-950 dark:text-green-100 dark:ring-green-800",
};

export function FollowUpStateBadge({ state }: { state: FollowUpState }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone[state]}`}>
      {stateLabels[state]}
    </span>
  );
}

export function OverdueBadge() {
  return (
    <span className="inline-flex rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-900 ring-1 ring-red-200 ring-inset dark:bg-red-950 dark:text-red-100 dark:ring-red-800">
      Overdue
    </span>
  );
}
