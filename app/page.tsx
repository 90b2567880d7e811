import Link from "next/link";
import { AppHeader } from "@/components/shell/app-header";
import { OpenBatchForm } from "@/components/home/open-batch-form";
import { NoAccess } from "@/components/shell/no-access";
import { OpenedByMe, type OpenedBatch } from "@/components/workspace/opened-by-me";
import { workspacesFor } from "@/lib/auth/access";
import type { WorkspaceConfig } from "@/lib/config";
import { listBatches, openedBy, type ListedBatch } from "@/lib/db/batches";
import { personOf, type Person } from "@/lib/db/person";
import { requireIdentity } from "@/lib/auth/session";
import { batchPath, workspacePath } from "@/lib/shared/paths";

const latestPerWorkspace = 3;
const openedByMeShown = 8;

/** Each workspace's latest batches, and what this person opened across them; undefined where the database failed. */
async function homeLists(workspaces: WorkspaceConfig[], person: Person) {
  const perWorkspace = await Promise.all(
    workspaces.map(async (workspace) => {
      const [latest, mine] = await Promise.all([
        listBatches(workspace, { page: 1, limit: latestPerWorkspace }).then(
          (list) => list.batches,
          () => undefined,
        ),
        openedBy(workspace, person, openedByMeShown).catch(() => undefined),
      ]);
      const opened = mine?.map((batch) => ({ ...batch, slug: workspace.slug, workspaceName: workspace.name }));
      return { slug: workspace.slug, latest, opened };
    }),
  );
  const latest = new Map<string, ListedBatch[] | undefined>(perWorkspace.map((entry) => [entry.slug, entry.latest]));
  const opened: OpenedBatch[] | undefined = perWorkspace.some((entry) => entry.opened === undefined)
    ? undefined
    : perWorkspace
        .flatMap((entry) => entry.opened!)
        .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
        .slice(0, openedByMeShown);
  return { latest, opened };
}

export default async function HomePage() {
  const identity = await requireIdentity("/");
  const configured = workspacesFor(identity);
  const workspaces = configured.map(({ slug, name }) => ({ slug, name }));
  if (workspaces.length === 0) {
    return (
      <>
        <AppHeader identity={identity} workspaces={workspaces} />
        <NoAccess identity={identity} workspaces={workspaces} reason="home" />
      </>
    );
  }
  const lists = await homeLists(configured, personOf(identity));

  return (
    <>
      <AppHeader identity={identity} workspaces={workspaces} />
      <main id="main" className="mx-auto max-w-3xl px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">Open a batch</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Paste the link a colleague shared, or enter a batch id.
        </p>
        <div className="mt-4">
          <OpenBatchForm workspaces={workspaces} />
        </div>
        <section aria-labelledby="workspaces-heading" className="mt-10">
          <h2 id="workspaces-heading" className="text-lg font-semibold">
            Your workspaces
          </h2>
          <ul className="mt-3 grid gap-3 sm:grid-cols-2">
            {workspaces.map((workspace) => (
              <li key={workspace.slug}>
                <Link
                  href={workspacePath(workspace.slug)}
                  className="block rounded-lg border border-zinc-200 px-4 py-3 hover:border-zinc-400 dark:border-zinc-800 dark:hover:border-zinc-600"
                >
                  <span className="font-medium">{workspace.name}</span>
                  <span className="block font-mono text-xs text-zinc-600 dark:text-zinc-400">{workspace.slug}</span>
                </Link>
                <LatestBatches slug={workspace.slug} batches={lists.latest.get(workspace.slug)} />
              </li>
            ))}
          </ul>
        </section>
        <OpenedByMe batches={lists.opened} showWorkspace={workspaces.length > 1} />
      </main>
    </>
  );
}

function LatestBatches({ slug, batches }: { slug: string; batches: ListedBatch[] | undefined }) {
  if (!batches || batches.length === 0) return null;
  return (
    <ul aria-label="Latest batches" className="mt-1 space-y-1 px-4 text-sm">
      {batches.map((batch) => (
        <li key={batch.batchId} className="truncate">
          <Link
            href={batchPath(slug, batch.batchId)}
            className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
          >
            {batch.label ?? <span className="font-mono">{batch.batchId}</span>}
          </Link>
        </li>
      ))}
    </ul>
  );
}
