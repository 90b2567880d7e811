import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { AppHeader } from "@/components/shell/app-header";
import { NoAccess } from "@/components/shell/no-access";
import { workspacesFor } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { batchIdSchema } from "@/lib/batch/query";
import { batchPath, unscopedBatchPath } from "@/lib/shared/paths";
import { searchSuffix, toUrlSearchParams } from "@/lib/shared/search-params";
import type { PageSearchParams } from "@/lib/shared/search-params";

type Props = {
  params: Promise<{ batchId: string }>;
  searchParams: Promise<PageSearchParams>;
};

// /batches/{batchId}: a link without a workspace opens in the person's only workspace, or asks which.
export default async function BatchWithoutWorkspacePage({ params, searchParams }: Props) {
  const { batchId } = await params;
  const search = searchSuffix(toUrlSearchParams(await searchParams));
  const identity = await requireIdentity(unscopedBatchPath(encodeURIComponent(batchId), search));
  if (!batchIdSchema.safeParse(batchId).success) notFound();
  const workspaces = workspacesFor(identity);
  if (workspaces.length === 0) {
    return (
      <>
        <AppHeader identity={identity} workspaces={[]} />
        <NoAccess identity={identity} workspaces={[]} reason="home" />
      </>
    );
  }
  if (workspaces.length === 1) redirect(batchPath(workspaces[0]!.slug, batchId, { search }));

  return (
    <>
      <AppHeader identity={identity} workspaces={workspaces.map(({ slug, name }) => ({ slug, name }))} />
      <main id="main" className="mx-auto max-w-xl px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">Which workspace?</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Batch <span className="font-mono">{batchId}</span> could belong to any of your workspaces.
        </p>
        <ul className="mt-4 flex flex-col gap-2">
          {workspaces.map((workspace) => (
            <li key={workspace.slug}>
              <Link
                href={batchPath(workspace.slug, batchId, { search })}
                className="block rounded-lg border border-zinc-200 px-4 py-3 hover:border-zinc-400 dark:border-zinc-800 dark:hover:border-zinc-600"
              >
                Open in {workspace.name}
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
