import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { BatchHeader } from "@/components/batch/batch-header";
import { BatchLive } from "@/components/batch/batch-live";
import { UpstreamErrorPanel } from "@/components/batch/upstream-error-panel";
import { openableWorkspace } from "@/lib/access";
import { requireIdentity } from "@/lib/auth/session";
import { loadBatchPage } from "@/lib/batch-page";
import { pollHint } from "@/lib/live";
import { toCallRows } from "@/lib/phone-display";
import { batchIdSchema, batchPath, isCanonicalView, normaliseBatchView } from "@/lib/query";

type Props = {
  params: Promise<{ slug: string; batchId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { batchId } = await params;
  return { title: batchIdSchema.safeParse(batchId).success ? `Batch ${batchId}` : "Batch" };
}

export default async function BatchPage({ params, searchParams }: Props) {
  const { slug, batchId } = await params;
  const rawQuery = await searchParams;
  const view = normaliseBatchView(rawQuery);
  const validBatchId = batchIdSchema.safeParse(batchId).success;

  const identity = await requireIdentity(
    validBatchId ? batchPath(slug, batchId, view) : `/w/${encodeURIComponent(slug)}`,
  );
  const workspace = openableWorkspace(identity, slug);
  if (!workspace || !validBatchId) notFound();
  if (!isCanonicalView(rawQuery, view)) redirect(batchPath(slug, batchId, view));

  const load = await loadBatchPage(identity, workspace, batchId, view);
  if (load.kind === "not_found") notFound();

  if (load.kind === "ok") {
    const lastPage = Math.max(1, load.calls.pagination.totalPages);
    if (view.page > lastPage) redirect(batchPath(slug, batchId, { ...view, page: lastPage }));
  }

  return (
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <BatchHeader
          slug={workspace.slug}
          workspaceName={workspace.name}
          batchId={batchId}
          batch={load.kind === "ok" ? load.batch : null}
        />
        {load.kind === "ok" ? (
          <BatchLive
            slug={workspace.slug}
            workspaceName={workspace.name}
            batchId={batchId}
            user={identity.email}
            initialView={view}
            initialData={toCallRows(load.calls)}
            initialPollMs={pollHint(workspace)}
            initialFetchedAt={load.fetchedAt}
          />
        ) : (
          <UpstreamErrorPanel message={load.message} retryAfterSeconds={load.retryAfterSeconds} />
        )}
      </main>
  );
}
