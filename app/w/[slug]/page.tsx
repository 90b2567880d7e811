import { notFound } from "next/navigation";
import { OpenBatchForm } from "@/components/home/open-batch-form";
import { RecentBatches } from "@/components/home/recent-batches";
import { openableWorkspace, workspacesFor } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { workspacePath } from "@/lib/shared/paths";

export default async function WorkspacePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const identity = await requireIdentity(workspacePath(encodeURIComponent(slug)));
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) notFound();
  const workspaces = workspacesFor(identity).map(({ slug, name }) => ({ slug, name }));

  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">{workspace.name}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Open one of this workspace&apos;s batches.</p>
      <div className="mt-4">
        <OpenBatchForm workspaces={workspaces} fixedSlug={workspace.slug} />
      </div>
      <RecentBatches user={identity.id} slug={workspace.slug} />
    </main>
  );
}
