import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { ListedBatch } from "@/lib/db/batches";
import { batchPath } from "@/lib/shared/paths";

export type OpenedBatch = ListedBatch & { openedAt: string; slug: string; workspaceName: string };

/** The batches this person opened, kept on the server: the same list on any device they sign in from. */
export function OpenedByMe({ batches, showWorkspace }: { batches: OpenedBatch[] | undefined; showWorkspace: boolean }) {
  return (
    <section aria-labelledby="opened-by-me-heading" className="mt-10">
      <h2 id="opened-by-me-heading" className="text-lg font-semibold">
        Opened by me
      </h2>
      {batches === undefined ? (
        <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">
          This list cannot be loaded right now: the team&apos;s records are not answering. Reload to try again.
        </p>
      ) : batches.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Batches you open appear here, on any device.</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {batches.map((batch) => (
            <li
              key={`${batch.slug}/${batch.batchId}`}
              className="flex flex-wrap items-center justify-between gap-2 px-4 py-3"
            >
              <Link
                href={batchPath(batch.slug, batch.batchId)}
                className="min-w-0 text-sm break-all text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
              >
                {batch.label ? <span className="font-medium">{batch.label} </span> : null}
                <span className="font-mono">{batch.batchId}</span>
              </Link>
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                {showWorkspace ? `${batch.workspaceName} · ` : ""}opened <LocalTime ms={Date.parse(batch.openedAt)} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
