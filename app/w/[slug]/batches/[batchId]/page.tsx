import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Suspense } from "react";
import { BatchBodySkeleton } from "@/components/batch/batch-body-skeleton";
import { BatchOperations } from "@/components/operations/batch-operations";
import { BatchTitle } from "@/components/batch/batch-header";
import { StreamedBatchBody, StreamedBatchFacts } from "@/components/batch/batch-streamed";
import { BatchGuardrailsSlot } from "@/components/guardrails/batch-note-slot";
import { openableWorkspace } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { loadBatchPage } from "@/lib/batch/page-load";
import { pollHint } from "@/lib/batch/poll-hint";
import { batchIdSchema } from "@/lib/batch/query";
import { isCanonicalView, normaliseBatchView } from "@/lib/shared/batch-view";
import { batchPath, workspacePath } from "@/lib/shared/paths";
import type { PageSearchParams } from "@/lib/shared/search-params";

type Props = {
  params: Promise<{ slug: string; batchId: string }>;
  searchParams: Promise<PageSearchParams>;
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
    validBatchId ? batchPath(slug, batchId, view) : workspacePath(encodeURIComponent(slug)),
  );
  const workspace = openableWorkspace(identity, slug);
  if (!workspace || !validBatchId) notFound();
  if (!isCanonicalView(rawQuery, view)) redirect(batchPath(slug, batchId, view));

  // Started here, read by both streamed parts: the title goes out first, without waiting for Trillet.
  const load = loadBatchPage(identity, workspace, batchId, view);
  return (
    <main id="main" className="mx-auto max-w-7xl px-4 py-6">
      <BatchTitle
        workspaceSlug={workspace.slug}
        workspaceName={workspace.name}
        batchId={batchId}
        facts={
          <Suspense>
            <StreamedBatchFacts load={load} />
          </Suspense>
        }
        operations={
          <Suspense>
            <BatchOperations identity={identity} workspace={workspace} batchId={batchId} load={load} />
          </Suspense>
        }
      />
      <BatchGuardrailsSlot slug={workspace.slug} batchId={batchId} />
      <Suspense fallback={<BatchBodySkeleton />}>
        <StreamedBatchBody
          load={load}
          slug={workspace.slug}
          batchId={batchId}
          view={view}
          pollMs={await pollHint(workspace)}
        />
      </Suspense>
    </main>
  );
}
