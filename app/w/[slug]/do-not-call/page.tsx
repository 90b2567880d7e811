import type { Metadata } from "next";
import Link from "next/link";
import { RecordsUnavailable } from "@/components/workspace/records-unavailable";
import { notFound } from "next/navigation";
import { AddNumberForm, ImportForm } from "@/components/guardrails/do-not-call-forms";
import { DoNotCallTable } from "@/components/guardrails/do-not-call-table";
import { ListPages } from "@/components/workspace/list-pages";
import { canOperate, openableWorkspace } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { listDoNotCall } from "@/lib/guardrails/do-not-call";
import { doNotCallQuerySchema } from "@/lib/guardrails/routes";
import { doNotCallExportUrl, doNotCallPath } from "@/lib/shared/do-not-call";
import { workspacePath } from "@/lib/shared/paths";
import type { PageSearchParams } from "@/lib/shared/search-params";
import { listQuery } from "@/lib/workspace/list-url";

export const metadata: Metadata = { title: "Do-not-call list" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<PageSearchParams> };

const field =
  "mt-1 min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-900";

export default async function DoNotCallPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const identity = await requireIdentity(doNotCallPath(encodeURIComponent(slug)));
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) notFound();
  const here = doNotCallPath(workspace.slug);
  const canEdit = canOperate(identity, workspace);

  const { query, current, pageHref } = listQuery(here, await searchParams, doNotCallQuerySchema);
  const list = await listDoNotCall(workspace, {
    page: query.page,
    limit: query.limit,
    ...(query.q ? { q: query.q } : {}),
  }).catch(() => undefined);

  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <p className="text-sm">
        <Link href={workspacePath(workspace.slug)} className="underline">
          {workspace.name}
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">Do-not-call list</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Numbers this workspace never calls. Every batch started or re-run from the console leaves them out before
        anything is sent. Kept until an operator removes one, saying why.
      </p>
      {canEdit ? (
        <section
          aria-labelledby="dnc-change"
          className="mt-4 space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
        >
          <h2 id="dnc-change" className="text-base font-semibold">
            Add numbers
          </h2>
          <AddNumberForm slug={workspace.slug} />
          <ImportForm slug={workspace.slug} />
        </section>
      ) : (
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
          Only the workspace&apos;s operators can add or remove numbers; ask one of them.
        </p>
      )}
      <div className="mt-6 flex flex-wrap items-end justify-between gap-2">
        <form method="get" action={here} role="search" aria-label="Find a number" className="flex items-end gap-2">
          <label className="flex min-w-0 flex-col text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Number contains
            <input name="q" defaultValue={query.q ?? ""} maxLength={40} inputMode="tel" className={field} />
          </label>
          <button
            type="submit"
            className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
          >
            Find
          </button>
        </form>
        <a href={doNotCallExportUrl(workspace.slug)} download className="py-1.5 text-sm underline">
          Export CSV
        </a>
      </div>
      {list === undefined ? (
        <RecordsUnavailable what="The list" retryHref={current} />
      ) : list.entries.length === 0 ? (
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
          {query.q ? "No number on the list matches." : "The list is empty."}
        </p>
      ) : (
        <>
          <p className="mt-4 text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
            {list.total.toLocaleString("en-US")} {list.total === 1 ? "number" : "numbers"}
          </p>
          <DoNotCallTable slug={workspace.slug} entries={list.entries} canEdit={canEdit} />
          <ListPages
            label="Pages of the list"
            page={query.page}
            pages={Math.max(1, Math.ceil(list.total / query.limit))}
            href={pageHref}
          />
        </>
      )}
    </main>
  );
}
