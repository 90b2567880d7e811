import Link from "next/link";
import { RecordsUnavailable } from "@/components/workspace/records-unavailable";
import { notFound } from "next/navigation";
import { OpenBatchForm } from "@/components/home/open-batch-form";
import { BatchList } from "@/components/workspace/batch-list";
import { BatchListFilters } from "@/components/workspace/batch-list-filters";
import { ListPages } from "@/components/workspace/list-pages";
import { OpenedByMe } from "@/components/workspace/opened-by-me";
import { RefreshWhileUnfinished } from "@/components/workspace/refresh-while-unfinished";
import { canOperate, openableWorkspace, workspacesFor } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { listBatches, openedBy } from "@/lib/db/batches";
import { personOf } from "@/lib/db/person";
import { newBatchPath } from "@/lib/shared/operations";
import { activityPath, workspacePath } from "@/lib/shared/paths";
import type { PageSearchParams } from "@/lib/shared/search-params";
import { batchListQuerySchema } from "@/lib/workspace/query";
import { listQuery } from "@/lib/workspace/list-url";
import { refreshUnfinished } from "@/lib/workspace/status-refresh";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<PageSearchParams> };

export default async function WorkspacePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const identity = await requireIdentity(workspacePath(encodeURIComponent(slug)));
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) notFound();
  const here = workspacePath(workspace.slug);

  const { query, current, pageHref } = listQuery(here, await searchParams, batchListQuerySchema);

  const [list, mine] = await Promise.all([
    listBatches(workspace, query).catch(() => undefined),
    openedBy(workspace, personOf(identity), 5).catch(() => undefined),
  ]);
  if (list) refreshUnfinished(workspace, list.batches);
  const pages = list ? Math.max(1, Math.ceil(list.total / query.limit)) : 1;
  const workspaces = workspacesFor(identity).map(({ slug: s, name }) => ({ slug: s, name }));
  const filtered = Boolean(query.q || query.status || query.run);

  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">{workspace.name}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Open one of this workspace&apos;s batches, or one a colleague shared.{" "}
        <Link href={activityPath(workspace.slug)} className="underline">
          Activity
        </Link>
        {canOperate(identity, workspace) && (
          <>
            {" · "}
            <Link href={newBatchPath(workspace.slug)} className="underline">
              New batch
            </Link>
          </>
        )}
      </p>
      <div className="mt-4">
        <OpenBatchForm workspaces={workspaces} fixedSlug={workspace.slug} />
      </div>

      <section aria-labelledby="batches-heading" className="mt-10">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="batches-heading" className="text-lg font-semibold">
            {query.hidden ? "Hidden batches" : "The team's batches"}
          </h2>
          <Link href={query.hidden ? here : `${here}?hidden=1`} className="text-sm underline">
            {query.hidden ? "Back to the list" : "Hidden batches"}
          </Link>
        </div>
        <BatchListFilters action={here} params={query} />
        {query.run ? (
          <p className="mt-3 text-sm" data-testid="run-parts">
            The parts of one run, split by calling hours: each part calls one zone group inside its own window.{" "}
            <Link href={here} className="underline">
              All batches
            </Link>
          </p>
        ) : null}
        {list === undefined ? (
          <RecordsUnavailable
            what="The list"
            retryHref={current}
            note="Opening a batch by id still works."
            className="mt-3"
          />
        ) : list.batches.length === 0 ? (
          <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
            {filtered
              ? "No batch matches this filter."
              : query.hidden
                ? "No hidden batches."
                : "Batches appear here once someone in the workspace opens one."}
          </p>
        ) : (
          <>
            <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
              {list.total} {list.total === 1 ? "batch" : "batches"}
            </p>
            <BatchList slug={workspace.slug} batches={list.batches} />
            <ListPages label="Pages of batches" page={query.page} pages={pages} href={pageHref} />
            {list.batches.some((batch) => !batch.finished) ? <RefreshWhileUnfinished /> : null}
          </>
        )}
      </section>

      <OpenedByMe
        batches={mine?.map((batch) => ({ ...batch, slug: workspace.slug, workspaceName: workspace.name }))}
        showWorkspace={false}
      />
    </main>
  );
}
