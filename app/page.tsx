import Link from "next/link";
import { AppHeader } from "@/components/shell/app-header";
import { OpenBatchForm } from "@/components/home/open-batch-form";
import { RecentBatches } from "@/components/home/recent-batches";
import { NoAccess } from "@/components/shell/no-access";
import { workspacesFor } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { workspacePath } from "@/lib/shared/paths";

export default async function HomePage() {
  const identity = await requireIdentity("/");
  const workspaces = workspacesFor(identity).map(({ slug, name }) => ({ slug, name }));
  if (workspaces.length === 0) return <NoAccess identity={identity} />;

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
              </li>
            ))}
          </ul>
        </section>
        <RecentBatches user={identity.id} />
      </main>
    </>
  );
}
