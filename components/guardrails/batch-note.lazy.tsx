"use client";

import Link from "next/link";
import { defaultLimit } from "@/lib/shared/batch-view";
import type { BatchGuardrails } from "@/lib/shared/batch-guardrails";
import { formatCount } from "@/lib/shared/format";
import { batchPath } from "@/lib/shared/paths";

export type BatchNoteProps = { slug: string; batchId: string; answer: BatchGuardrails };

const calls = (count: number) => `${formatCount(count)} ${count === 1 ? "call" : "calls"}`;
const isAre = (count: number) => (count === 1 ? "is" : "are");
const numbers = (count: number) => (count === 1 ? "a number" : "numbers");

/**
 * The batch page's note for a batch started anywhere (issue 26, item 5): calls to numbers on the do-not-call list
 * (which ones, each opening its call), and calls still to be placed where it is now outside calling hours or whose
 * number has no zone, with where to cancel.
 */
export function BatchGuardrailsNote({ slug, batchId, answer }: BatchNoteProps) {
  const { doNotCall, hours, progress } = answer;
  const span = `${hours.start}–${hours.end}`;
  const more = doNotCall.calls - doNotCall.jobIds.length;
  const actionable = progress.live && (doNotCall.waiting > 0 || hours.outside > 0 || hours.noZone > 0);
  return (
    <section
      aria-labelledby="guardrails-note-heading"
      data-testid="guardrails-note"
      className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <h2 id="guardrails-note-heading" className="font-semibold">
        Do-not-call list and calling hours
      </h2>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {doNotCall.calls > 0 && (
          <li data-testid="note-do-not-call">
            {calls(doNotCall.calls)} in this batch {isAre(doNotCall.calls)} on your do-not-call list
            {doNotCall.waiting > 0 && doNotCall.waiting < doNotCall.calls
              ? `, ${formatCount(doNotCall.waiting)} of them still to be placed`
              : doNotCall.waiting > 0
                ? ", all still to be placed"
                : ""}
            .
            <details className="mt-1">
              <summary className="cursor-pointer underline underline-offset-2">
                Show {doNotCall.calls === 1 ? "the call" : `the ${calls(doNotCall.calls)}`}
              </summary>
              <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1" aria-label="Calls to numbers on the do-not-call list">
                {doNotCall.jobIds.map((jobId) => (
                  <li key={jobId} className="min-w-0">
                    <Link
                      href={batchPath(slug, batchId, { status: "all", page: 1, limit: defaultLimit, call: jobId })}
                      className="font-mono text-xs break-all underline"
                      scroll={false}
                    >
                      {jobId}
                    </Link>
                  </li>
                ))}
              </ul>
              {more > 0 && (
                <p className="mt-1">
                  and {calls(more)} more (the first {formatCount(doNotCall.jobIds.length)} are listed).
                </p>
              )}
            </details>
          </li>
        )}
        {hours.outside > 0 && (
          <li data-testid="note-hours">
            {calls(hours.outside)} still to be placed {isAre(hours.outside)} to {numbers(hours.outside)} where it is now
            outside calling hours ({span} local).
          </li>
        )}
        {hours.noZone > 0 && (
          <li data-testid="note-no-zone">
            {calls(hours.noZone)} still to be placed {isAre(hours.noZone)} to {numbers(hours.noZone)} with no known time
            zone: {hours.noZone === 1 ? "its" : "their"} calling hours cannot be checked.
          </li>
        )}
      </ul>
      {!progress.complete && (
        <p className="mt-1">
          Checked {formatCount(progress.checked)} of {formatCount(progress.total)} calls so far.
        </p>
      )}
      {actionable && (
        <p className="mt-1" data-testid="note-cancel">
          {answer.canCancel
            ? "To stop the calls still waiting, use Cancel batch… above; calls already under way finish."
            : "Only the workspace's operators can cancel this batch: ask one of them if these calls must not be placed."}
        </p>
      )}
    </section>
  );
}
