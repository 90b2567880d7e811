"use client";

import { useEffect, useRef, useState } from "react";
import useSWR from "swr";
import { LocalTime } from "@/components/ui/local-time";
import { RetryButton } from "@/components/ui/retry-button";
import { cancelExportJob, fetchExportJobs } from "@/lib/shared/api-client";
import {
  exportJobLabel,
  formatEstimate,
  isActiveJob,
  linePosition,
  type ExportJobView,
} from "@/lib/shared/export-jobs";
import { formatCount, percent } from "@/lib/shared/format";
import { exportJobApiUrl, exportJobFileUrl, exportJobsApiUrl } from "@/lib/shared/paths";
import { takeStartedHere, useExportStartProblem } from "./export-start";

const activePollMs = 2_000;
/** Finished exports shown before "Show older": every running one is always shown. */
const recentFinished = 3;

/** What changed for the people using a screen reader: a job that finished, failed, expired or was cancelled since the last look. */
function useAnnouncement(jobs: ExportJobView[] | undefined): string {
  const previous = useRef<Map<string, string>>(undefined);
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (!jobs) return;
    const before = previous.current;
    previous.current = new Map(jobs.map((job) => [job.id, job.state]));
    // The first list is what was there already: nothing to announce.
    if (!before) return;
    const ended = jobs.filter((job) => {
      const was = before.get(job.id);
      return (was === "queued" || was === "running") && !isActiveJob(job);
    });
    if (ended.length === 0) return;
    setMessage(
      ended
        .map((job) =>
          job.state === "done"
            ? `Export ready: ${exportJobLabel(job)}, ${formatCount(job.rows.done)} rows. Download it from the exports list.`
            : job.state === "failed"
              ? `Export failed: ${exportJobLabel(job)}. ${job.error ?? ""}`
              : job.state === "expired"
                ? `Export not started: ${exportJobLabel(job)}. ${job.error ?? ""}`
                : `Export cancelled: ${exportJobLabel(job)}.`,
        )
        .join(" "),
    );
  }, [jobs]);
  return message;
}

function Progress({ job }: { job: ExportJobView }) {
  const total = job.rows.total;
  if (job.state === "queued") {
    return (
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Waiting to start{job.queuePosition ? `: ${linePosition(job.queuePosition)} behind other exports` : "…"}
      </p>
    );
  }
  const share = total ? percent(job.rows.done, total) : 0;
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label={`${exportJobLabel(job)}: rows written`}
        aria-valuemin={0}
        aria-valuemax={total ?? 0}
        aria-valuenow={job.rows.done}
        aria-valuetext={total ? `${formatCount(job.rows.done)} of ${formatCount(total)} rows` : "starting"}
        className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-sky-600 transition-[width] dark:bg-sky-400" style={{ width: `${share}%` }} />
      </div>
      <p className="text-sm text-zinc-700 tabular-nums dark:text-zinc-300">
        {total === undefined
          ? "Reading the first pages…"
          : `${formatCount(job.rows.done)} of ${formatCount(total)} rows (${share}%)`}
        {job.estimateSeconds !== undefined && total !== undefined
          ? ` · ${formatEstimate(job.estimateSeconds)} left`
          : ""}
      </p>
      {job.callRecords && <RecordsProgress records={job.callRecords} />}
    </div>
  );
}

/** The outcome, summary and recording columns are read after the rows, from the batch's call records. */
function RecordsProgress({ records }: { records: NonNullable<ExportJobView["callRecords"]> }) {
  const { done, total } = records.pages;
  return (
    <p className="text-sm text-zinc-700 tabular-nums dark:text-zinc-300">
      {done === 0
        ? "Then outcomes and summaries, from the batch's call records"
        : `Outcomes and summaries: ${formatCount(records.read)} call records read${
            total === undefined ? "" : ` (page ${formatCount(done)} of about ${formatCount(total)})`
          }`}
    </p>
  );
}

function outcomeText(job: ExportJobView): string {
  if (job.state === "failed") return `Failed: ${job.error ?? "the export stopped."}`;
  if (job.state === "expired") return `Not started: ${job.error ?? "it waited too long behind other exports."}`;
  return "Cancelled.";
}

function Outcome({ job, fileUrl }: { job: ExportJobView; fileUrl: string }) {
  const link = "font-medium text-sky-700 underline underline-offset-2 dark:text-sky-300";
  if (job.state === "done") {
    return (
      <p className="text-sm">
        {formatCount(job.rows.done)} rows
        {job.callRecords ? ` with outcomes from ${formatCount(job.callRecords.read)} call records` : ""} ·{" "}
        <a href={fileUrl} download className={link}>
          Download CSV
        </a>
      </p>
    );
  }
  return (
    <div className="space-y-1 text-sm">
      <p className={job.state === "failed" ? "text-red-800 dark:text-red-300" : "text-zinc-700 dark:text-zinc-300"}>
        {outcomeText(job)}
      </p>
      {job.downloadable && job.rows.done > 0 && (
        <a href={fileUrl} download className={link}>
          Download the partial file ({formatCount(job.rows.done)} of{" "}
          {job.rows.total === undefined ? "?" : formatCount(job.rows.total)} rows)
        </a>
      )}
    </div>
  );
}

function JobItem({
  job,
  slug,
  batchId,
  onChanged,
}: {
  job: ExportJobView;
  slug: string;
  batchId: string;
  onChanged: () => void;
}) {
  const [cancelling, setCancelling] = useState(false);
  const [problem, setProblem] = useState<string>();
  const cancel = async () => {
    setCancelling(true);
    setProblem(undefined);
    try {
      await cancelExportJob(exportJobApiUrl(slug, batchId, job.id));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : "The export could not be cancelled.");
    } finally {
      setCancelling(false);
      onChanged();
    }
  };
  return (
    <li
      className="space-y-2 border-t border-zinc-100 py-3 first:border-t-0 dark:border-zinc-900"
      data-export-job={job.id}
      data-state={job.state}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <p className="font-medium">{exportJobLabel(job)}</p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Started by {job.createdBy}, <LocalTime ms={Date.parse(job.createdAt)} />
        </p>
      </div>
      {isActiveJob(job) ? (
        <div className="flex flex-wrap items-center gap-3">
          <div className="min-w-48 flex-1">
            <Progress job={job} />
          </div>
          <button
            type="button"
            onClick={cancel}
            disabled={cancelling}
            className="rounded-md border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            {cancelling ? "Cancelling…" : "Cancel"}
          </button>
        </div>
      ) : (
        <Outcome job={job} fileUrl={exportJobFileUrl(slug, batchId, job.id)} />
      )}
      {problem && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
    </li>
  );
}

/**
 * The batch's background exports, whoever started them: progress while they run (polled every
 * 2 s, and only then), the download once done. Jobs run on the server: closing the page does not
 * stop them, and a colleague opening the batch sees the same list.
 */
export function ExportJobsPanel({ slug, batchId }: { slug: string; batchId: string }) {
  const {
    data: jobs,
    error,
    mutate,
  } = useSWR(exportJobsApiUrl(slug, batchId), fetchExportJobs, {
    refreshInterval: (latest) => (latest?.some(isActiveJob) ? activePollMs : 0),
    keepPreviousData: true,
    shouldRetryOnError: false,
  });
  const announcement = useAnnouncement(jobs);
  const [startProblem, dismissStartProblem] = useExportStartProblem();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    // The panel sits below the calls: a job started from the menu is brought into view once.
    if ((jobs && takeStartedHere(jobs.map((job) => job.id))) || startProblem) {
      panel.current?.scrollIntoView({ block: "nearest" });
    }
  }, [jobs, startProblem]);
  const [showOlder, setShowOlder] = useState(false);
  const hasJobs = jobs !== undefined && jobs.length > 0;
  const finished = jobs?.filter((job) => !isActiveJob(job)) ?? [];
  const hidden = showOlder ? [] : finished.slice(recentFinished).map((job) => job.id);
  const shown = jobs?.filter((job) => !hidden.includes(job.id)) ?? [];
  return (
    <>
      {(hasJobs || startProblem) && (
        <section
          ref={panel}
          aria-labelledby="exports-heading"
          className="mt-4 rounded-lg border border-zinc-200 px-4 py-3 dark:border-zinc-800"
        >
          <h2 id="exports-heading" className="text-base font-semibold">
            Exports of this batch
          </h2>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Shared with everyone in the workspace. Files are kept for 24 hours; the page can be closed while they run.
          </p>
          {startProblem && (
            <div role="alert" className="mt-2 flex flex-wrap items-center gap-3 text-sm text-red-800 dark:text-red-300">
              <span>The export did not start: {startProblem}</span>
              <button
                type="button"
                onClick={dismissStartProblem}
                className="rounded-md border border-zinc-300 px-2.5 py-1 dark:border-zinc-700"
              >
                Dismiss
              </button>
            </div>
          )}
          {error && (
            <div role="alert" className="mt-2 flex flex-wrap items-center gap-3 text-sm">
              <span>{error.message} The list below may be out of date.</span>
              <RetryButton onRetry={() => mutate()} className="border border-zinc-300 dark:border-zinc-700" />
            </div>
          )}
          {hasJobs && (
            <ul className="mt-1">
              {shown.map((job) => (
                <JobItem key={job.id} job={job} slug={slug} batchId={batchId} onChanged={() => mutate()} />
              ))}
            </ul>
          )}
          {(hidden.length > 0 || showOlder) && finished.length > recentFinished && (
            <button
              type="button"
              aria-expanded={showOlder}
              onClick={() => setShowOlder((open) => !open)}
              className="text-sm font-medium text-sky-700 underline underline-offset-2 dark:text-sky-300"
            >
              {showOlder ? "Show fewer" : `Show ${hidden.length} older export${hidden.length === 1 ? "" : "s"}`}
            </button>
          )}
        </section>
      )}
      <p aria-live="polite" className="sr-only" data-testid="export-announcement">
        {announcement}
      </p>
    </>
  );
}
