import { notFound, redirect } from "next/navigation";
import type { BatchPageLoad } from "@/lib/batch/page-load";
import { toCallRows } from "@/lib/batch/phone-display";
import type { BatchView } from "@/lib/shared/batch-view";
import { batchPath } from "@/lib/shared/paths";
import { BatchFacts } from "./batch-header";
import { BatchLive } from "./batch-live";
import { BatchStartProvider } from "./batch-start";
import { UpstreamErrorPanel } from "./upstream-error-panel";

// The parts of the batch page that wait for Trillet. Both read the same load, started once by the page.

export async function StreamedBatchFacts({ load }: { load: Promise<BatchPageLoad> }) {
  const result = await load;
  return result.kind === "ok" && result.batch ? <BatchFacts batch={result.batch} /> : null;
}

export async function StreamedBatchBody({
  load,
  slug,
  batchId,
  view,
  pollMs,
}: {
  load: Promise<BatchPageLoad>;
  slug: string;
  batchId: string;
  view: BatchView;
  pollMs: number;
}) {
  const result = await load;
  if (result.kind === "not_found") notFound();
  if (result.kind === "upstream_error") {
    return <UpstreamErrorPanel message={result.message} retryAfterSeconds={result.retryAfterSeconds} />;
  }
  const lastPage = Math.max(1, result.calls.pagination.totalPages);
  if (view.page > lastPage) redirect(batchPath(slug, batchId, { ...view, page: lastPage }));
  return (
    <BatchStartProvider startMs={result.batch?.progress.startTime}>
      <BatchLive
        slug={slug}
        batchId={batchId}
        initialView={view}
        initialData={toCallRows(result.calls)}
        initialPollMs={pollMs}
        initialFetchedAt={result.fetchedAt}
      />
    </BatchStartProvider>
  );
}
