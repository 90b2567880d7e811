import type { Metadata } from "next";
import Link from "next/link";
import { RecordsUnavailable } from "@/components/workspace/records-unavailable";
import { notFound } from "next/navigation";
import { QueueFilters } from "@/components/follow-ups/queue-filters";
import { QueueList } from "@/components/follow-ups/queue-list";
import { ListPages } from "@/components/workspace/list-pages";
import { openableWorkspace } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { listQueue, utcToday } from "@/lib/follow-ups/store";
import { followUpsApiUrl, followUpsPath } from "@/lib/shared/follow-ups";
import { queueQuerySchema } from "@/lib/follow-ups/validation";
import { workspacePath } from "@/lib/shared/paths";
import type { PageSearchParams } from "@/lib/shared/search-params";
import { listQuery } from "@/lib/workspace/list-url";

export const metadata: Metadata = { title: "Follow-ups" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<PageSearchParams> };

export default async function FollowUpsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const identity = await requireIdentity(followUpsPath(encodeURIComponent(slug)));
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) notFound();
  const here = followUpsPath(workspace.slug);
  const { query, current, pageHref } = listQuery(here, await searchParams, queueQuerySchema);
  const filter = { who: query.who, overdue: query.overdue, batch: query.batch, state: query.state };
  const today = utcToday();
  const queue = await listQueue(
    workspace,
    identity.id,
    { ...filter, page: query.page, limit: query.limit },
    today,
  ).catch(() => undefined);
  const pages = queue ? Math.max(1, Math.ceil(queue.total / query.limit)) : 1;
  const exportParams = new URLSearchParams(current.includes("?") ? current.slice(current.indexOf("?") + 1) : "");
  exportParams.delete("page");
  exportParams.delete("limit");
  exportParams.set("format", "csv");

  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8">
      <p className="text-sm">
        <Link href={workspacePath(workspace.slug)} className="underline">
          {workspace.name}
        </Link>
      </p>
      <div className="mt-1 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Follow-ups</h1>
        <a href={followUpsApiUrl(workspace.slug, exportParams)} className="text-sm underline" download>
          Export this view as CSV
        </a>
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Calls that need a person, by due date. Make one from a call&apos;s details, the Outcomes panel or selected rows
        of a batch.
      </p>
      <QueueFilters action={here} filter={filter} limit={query.limit} />
      {queue === undefined ? (
        <RecordsUnavailable what="The follow-ups" retryHref={current} />
      ) : queue.total === 0 ? (
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">No follow-ups for this filter.</p>
      ) : (
        <>
          <p className="mt-4 text-sm text-zinc-600 tabular-nums dark:text-zinc-400" aria-live="polite">
            {queue.total.toLocaleString("en-US")} follow-up{queue.total === 1 ? "" : "s"}
          </p>
          <QueueList slug={workspace.slug} followUps={queue.followUps} today={today} />
          <ListPages label="Pages of follow-ups" page={query.page} pages={pages} href={pageHref} />
        </>
      )}
    </main>
  );
}
