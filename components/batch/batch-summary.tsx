import { otherStatusCount, statusTone, unknownTone } from "@/lib/shared/call-status";
import { formatCount, percent } from "@/lib/shared/format";
import type { Summary } from "@/lib/trillet/schemas";

const parts = ["completed", "failed", "active", "waiting"] as const;
const labels = { completed: "Completed", failed: "Failed", active: "Active", waiting: "Waiting" } as const;

const counterBox = "min-w-0 sm:rounded-lg sm:border sm:border-zinc-200 sm:p-3 sm:dark:border-zinc-800";
const counterLabel = "text-[0.6875rem] sm:text-xs sm:uppercase";
const counterValue = "text-base font-semibold tabular-nums sm:text-2xl";

export function BatchSummary({ summary }: { summary: Summary }) {
  const done = summary.completed + summary.failed;
  const donePercent = percent(done, summary.total);
  const other = otherStatusCount(summary);
  return (
    <section aria-labelledby="summary-heading" className="mt-6">
      <h2 id="summary-heading" className="sr-only">
        Summary
      </h2>
      {/* One line of five on a phone (the calls come next, not a screen of counters), cards from sm up. */}
      <dl className="flex justify-between gap-2 sm:grid sm:grid-cols-5 sm:gap-3">
        <div className={counterBox}>
          <dt className={`${counterLabel} text-zinc-600 dark:text-zinc-400`}>Total</dt>
          <dd className={counterValue} data-testid="summary-total">
            {formatCount(summary.total)}
          </dd>
        </div>
        {(["waiting", "active", "completed", "failed"] as const).map((key) => (
          <div key={key} className={counterBox}>
            <dt className={`${counterLabel} flex items-center gap-1 text-zinc-600 sm:gap-1.5 dark:text-zinc-400`}>
              <span
                aria-hidden="true"
                className={`inline-block size-2 shrink-0 rounded-full ${statusTone[key]!.bar}`}
              />
              {labels[key]}
            </dt>
            <dd className={counterValue} data-testid={`summary-${key}`}>
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
