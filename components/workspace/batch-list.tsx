import Link from "next/link";
import { BatchOpenFollowUps } from "@/components/follow-ups/batch-open-count";
import { LocalTime } from "@/components/ui/local-time";
import type { ListedBatch } from "@/lib/db/batches";
import { percent } from "@/lib/shared/format";
import { batchPath, workspacePath } from "@/lib/shared/paths";
import { BatchRowActions } from "./batch-row-actions";

function Progress({ batch }: { batch: ListedBatch }) {
  if (!batch.progress) return <span className="text-zinc-500 dark:text-zinc-400">not seen yet</span>;
  const { total, completed, failed } = batch.progress;
  const done = completed + failed;
  return (
    <span className="tabular-nums">
      {percent(done, total)}% done
      {failed > 0 ? <span className="text-red-700 dark:text-red-400"> · {failed} failed</span> : null}
      <span className="text-zinc-500 dark:text-zinc-400"> of {total}</span>
    </span>
  );
}

/** One workspace's batches as its members know them: label, id, last seen status and progress, who added it. */
export function BatchList({ slug, batches }: { slug: string; batches: ListedBatch[] }) {
  return (
    <ul className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {batches.map((batch) => (
        <li key={batch.batchId} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3">
          <div className="min-w-0 flex-1">
            <Link
              href={batchPath(slug, batch.batchId)}
              className="block font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
            >
              {batch.label ?? <span className="font-mono text-sm">{batch.batchId}</span>}
            </Link>
            {batch.label ? (
              <span className="block font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">
                {batch.batchId}
              </span>
            ) : null}
            {batch.run ? (
              <p className="mt-0.5 text-xs text-zinc-700 dark:text-zinc-300">
                Part {batch.run.part} of {batch.run.of} ({batch.run.zoneGroup}) of a run split by calling hours ·{" "}
                <Link href={`${workspacePath(slug)}?run=${batch.run.id}`} className="underline">
                  all parts
                </Link>
              </p>
            ) : null}
            <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
              <span className="font-medium">{batch.status ?? "status unknown"}</span> · <Progress batch={batch} />
            </p>
            <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
              Added by {batch.addedBy} <LocalTime ms={Date.parse(batch.addedAt)} /> · last opened{" "}
              <LocalTime ms={Date.parse(batch.lastOpenedAt)} />
            </p>
            <p className="mt-0.5 text-xs empty:hidden">
              <BatchOpenFollowUps slug={slug} batchId={batch.batchId} batchIds={batches.map((each) => each.batchId)} />
            </p>
          </div>
          <BatchRowActions slug={slug} batchId={batch.batchId} label={batch.label} hidden={batch.hidden} />
        </li>
      ))}
    </ul>
  );
}
