import type { BatchStatus } from "@/lib/trillet";
import { formatDuration } from "@/lib/format";
import { LocalTime } from "@/components/ui/local-time";
import { CopyLinkButton } from "./copy-link-button";

const batchStatusText: Record<string, string> = {
  queued: "Queued",
  processing: "Processing",
  completed: "Completed",
  cancelled: "Cancelled",
  failed: "Failed",
};

export function BatchHeader({
  slug,
  workspaceName,
  batchId,
  batch,
  actions,
}: {
  slug: string;
  workspaceName: string;
  batchId: string;
  batch: BatchStatus | null;
  actions?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-workspace={slug}>
          {workspaceName}
        </p>
        <h1 className="font-mono text-xl font-semibold break-all sm:text-2xl">{batchId}</h1>
        {batch && (
          <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
            <div className="flex gap-1">
              <dt className="text-zinc-600 dark:text-zinc-400">Batch status</dt>
              <dd className="font-medium">{batchStatusText[batch.status] ?? batch.status}</dd>
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
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {actions}
        <CopyLinkButton />
      </div>
    </div>
  );
}
