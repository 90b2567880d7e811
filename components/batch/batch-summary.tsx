import { otherStatusCount, statusTone, unknownTone } from "@/lib/shared/call-status";
import { formatCount, percent } from "@/lib/shared/format";
import type { Summary } from "@/lib/trillet/schemas";

const parts = ["completed", "failed", "active", "waiting"] as const;
const labels = { completed: "Completed", failed: "Failed", active: "Active", waiting: "Waiting" } as const;

export function BatchSummary({ summary }: { summary: Summary }) {
  const done = summary.completed + summary.failed;
  const donePercent = percent(done, summary.total);
  const other = otherStatusCount(summary);
  return (
    <section aria-labelledby="summary-heading" className="mt-6">
      <h2 id="summary-heading" className="sr-only">
        Summary
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          <dt className="text-xs text-zinc-600 uppercase dark:text-zinc-400">Total</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid="summary-total">
            {formatCount(summary.total)}
          </dd>
        </div>
        {(["waiting", "active", "completed", "failed"] as const).map((key) => (
          <div key={key} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <dt className="flex items-center gap-1.5 text-xs text-zinc-600 uppercase dark:text-zinc-400">
              <span aria-hidden="true" className={`inline-block size-2 rounded-full ${statusTone[key]!.bar}`} />
              {labels[key]}
            </dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid={`summary-${key}`}>
              {formatCount(summary[key])}
            </dd>
          </div>
        ))}
      </dl>
      <div className="mt-4 flex items-center gap-3">
        <div
          role="progressbar"
          aria-label="Calls finished"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={donePercent}
          aria-valuetext={`${donePercent}% done: ${done} of ${summary.total} calls finished${other > 0 ? `, ${other} in other statuses` : ""}`}
          className="flex h-3 flex-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
        >
          {parts.map((key) =>
            summary[key] > 0 ? (
              <div
                key={key}
                className={`${statusTone[key]!.bar} h-full`}
                style={{ width: `${(summary[key] / summary.total) * 100}%` }}
              />
            ) : null,
          )}
          {other > 0 && summary.total > 0 && (
            <div className={`${unknownTone.bar} h-full`} style={{ width: `${(other / summary.total) * 100}%` }} />
          )}
        </div>
        <span className="text-sm font-medium tabular-nums">{donePercent}% done</span>
      </div>
      {other > 0 && (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="summary-other">
          <span aria-hidden="true" className={`mr-1.5 inline-block size-2 rounded-full ${unknownTone.bar}`} />
          {formatCount(other)} {other === 1 ? "call" : "calls"} in other statuses, not listed in Trillet&apos;s
          documentation: counted in Total, shown under All.
        </p>
      )}
    </section>
  );
}
