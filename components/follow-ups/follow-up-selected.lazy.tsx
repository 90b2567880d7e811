"use client";

import type { SelectedCalls } from "@/components/batch/selection-bar";
import type { CallsQuery } from "@/lib/shared/batch-view";
import { BulkFollowUp } from "./create-follow-up";

/** The most selected calls one follow-up request names (the API's jobIds bound). */
const maxSelected = 100;

/** "Follow up selected": the calls table's bulk action. The server reads each call's contact from the listed page. */
export type FollowUpSelectedProps = { selected: SelectedCalls; view: CallsQuery };

export function FollowUpSelectedAction({ selected, view }: FollowUpSelectedProps) {
  const count = selected.jobIds.length;
  if (count > maxSelected) {
    return (
      <span className="text-sm text-zinc-600 dark:text-zinc-400">
        Follow-ups take at most {maxSelected} selected calls: use the Outcomes panel for more.
      </span>
    );
  }
  return (
    <BulkFollowUp
      key={selected.jobIds.join(",")}
      slug={selected.slug}
      target={{
        batchId: selected.batchId,
        jobIds: selected.jobIds,
        view: { status: view.status, page: view.page, limit: view.limit },
      }}
      buttonLabel={`Follow up selected (${count})`}
    />
  );
}
