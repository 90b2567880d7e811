import type { BatchStatus } from "@/lib/trillet";
import { formatDuration } from "@/lib/shared/format";
import { LocalTime } from "@/components/ui/local-time";
import { CopyLinkButton } from "./copy-link-button";

const batchStatusText: Record<string, string> = {
  queued: "Queued",
  processing: "Processing",
  completed: "Completed",
  cancelled: "Cancelled",
  failed: "Failed",
};

/**
 * The batch's title: everything known from the URL, so it is in the first bytes of the page
 * (and is what the browser paints first). `facts` streams in once Trillet has answered.
 */
export function BatchTitle({
  workspaceSlug,
  workspaceName,
  batchId,
  facts,
  operations,
}: {
  workspaceSlug: string;
  workspaceName: string;
  batchId: string;
  facts: React.ReactNode;
  /** Operator actions and re-run/cancel facts (components/operations), a full-width row under the title. */
  operations?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-workspace={workspaceSlug}>
          {workspaceName}
        </p>
        <h1 className="font-mono text-xl font-semibold break-all sm:text-2xl">{batchId}</h1>
        {/* Room for the facts before they arrive (three lines on a phone, one on wider screens), so nothing below moves. */}
        <div className="mt-1 min-h-[4.25rem] sm:min-h-5">{facts}</div>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <CopyLinkButton />
      </div>
      {operations}
    </div>
  );
}

/** Status, start and average call length from Trillet's batch record. */
export function BatchFacts({ batch }: { batch: BatchStatus }) {
  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
      <div className="flex gap-1">
        <dt className="text-zinc-600 dark:text-zinc-400">Batch status</dt>
        {/* A batch of no calls never runs, whatever status Trillet gives it: the page says "no calls" throughout. */}
        <dd className="font-medium" data-testid="batch-status">
          {batch.totalCalls === 0 && batch.progress.total === 0
            ? "No calls"
            : (batchStatusText[batch.status] ?? batch.status)}
        </dd>
      </div>
      {batch.progress.startTime !== undefined && (
        <div className="flex gap-1">
          <dt className="text-zinc-600 dark:text-zinc-400">Started</dt>
          <dd>
            <LocalTime ms={batch.progress.startTime} />
          </dd>
        </div>
      )}
      {batch.progress.averageCallDuration !== undefined && (
        <div className="flex gap-1">
          <dt className="text-zinc-600 dark:text-zinc-400">Average call</dt>
          <dd>{formatDuration(batch.progress.averageCallDuration)}</dd>
        </div>
      )}
    </dl>
  );
}
