import type { Metadata } from "next";
import Link from "next/link";
import { RecordsUnavailable } from "@/components/workspace/records-unavailable";
import { notFound } from "next/navigation";
import { ActivityFilters } from "@/components/workspace/activity-filters";
import { ActivityTable } from "@/components/workspace/activity-table";
import { ListPages } from "@/components/workspace/list-pages";
import { openableWorkspace } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { activityPeople, listActivity } from "@/lib/db/activity";
import { activityPath, workspacePath } from "@/lib/shared/paths";
import type { PageSearchParams } from "@/lib/shared/search-params";
import { listQuery } from "@/lib/workspace/list-url";
import { activityQuerySchema } from "@/lib/workspace/query";

export const metadata: Metadata = { title: "Activity" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<PageSearchParams> };

export default async function ActivityPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const identity = await requireIdentity(activityPath(encodeURIComponent(slug)));
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) notFound();
  const here = activityPath(workspace.slug);

  const { query, current, pageHref } = listQuery(here, await searchParams, activityQuerySchema);

  const [activity, people] = await Promise.all([
    listActivity(workspace, {
      page: query.page,
      limit: query.limit,
      ...(query.batch ? { batchId: query.batch } : {}),
      ...(query.person ? { person: query.person } : {}),
      ...(query.action ? { action: query.action } : {}),
    }).catch(() => undefined),
    activityPeople(workspace).catch(() => []),
  ]);

  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <p className="text-sm">
        <Link href={workspacePath(workspace.slug)} className="underline">
          {workspace.name}
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">Activity</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Who in the workspace did what, newest first. Kept for a limited time; no phone numbers, transcripts or search
        terms are recorded.
      </p>
      <ActivityFilters action={here} query={query} people={people} />
      {activity === undefined ? (
        <RecordsUnavailable what="The activity" retryHref={current} />
      ) : activity.entries.length === 0 ? (
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Nothing recorded for this filter.</p>
      ) : (
        <>
          <ActivityTable slug={workspace.slug} entries={activity.entries} />
          <ListPages label="Pages of activity" page={query.page} hasNext={activity.hasMore} href={pageHref} />
        </>
      )}
    </main>
  );
}
