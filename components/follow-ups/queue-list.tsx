import Link from "next/link";
import { batchPath } from "@/lib/shared/paths";
import type { FollowUp } from "@/lib/shared/follow-ups";
import { dueLabel, isOverdue } from "./labels";
import { FollowUpStateBadge, OverdueBadge } from "./state-badge";

/** The queue's rows: who to contact and why, who has it, by when. Names and notes from CSVs are shown as text. */
export function QueueList({ slug, followUps, today }: { slug: string; followUps: FollowUp[]; today: string }) {
  return (
    <ul
      aria-label="Follow-ups"
      className="mt-4 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
    >
      {followUps.map((followUp) => (
        <li key={followUp.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3">
          <div className="min-w-0 flex-1">
            <Link
              href={`/w/${slug}/follow-ups/${followUp.id}`}
              className="font-medium break-words text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
            >
              {followUp.contactName || followUp.contactPhone || followUp.jobId}
            </Link>
            <p className="mt-0.5 text-sm break-words text-zinc-700 dark:text-zinc-300">
              {followUp.contactName && followUp.contactPhone ? (
                <span className="whitespace-nowrap">{followUp.contactPhone}</span>
              ) : null}
              {followUp.outcome ? <span> · {followUp.outcome}</span> : null}
            </p>
            {followUp.note ? (
              <p className="mt-0.5 line-clamp-2 text-sm break-words whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">
                {followUp.note}
              </p>
            ) : null}
            <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
              <Link
                href={batchPath(slug, followUp.batchId, { search: `?call=${encodeURIComponent(followUp.jobId)}` })}
                className="underline"
              >
                Call in batch <span className="font-mono break-all">{followUp.batchId}</span>
              </Link>
            </p>
          </div>
          <div className="flex shrink-0 flex-col items-end gap-1 text-sm">
            <span className="flex flex-wrap justify-end gap-1">
              <FollowUpStateBadge state={followUp.state} />
              {isOverdue(followUp, today) ? <OverdueBadge /> : null}
            </span>
            <span className="text-zinc-700 dark:text-zinc-300">{followUp.assigneeName ?? "Unassigned"}</span>
            <span className="text-zinc-600 tabular-nums dark:text-zinc-400">{dueLabel(followUp.dueOn)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
