"use client";

import { useEffect } from "react";
import useSWR from "swr";
import { onDemand } from "@/components/ui/on-demand";
import { fetchExportJobs } from "@/lib/shared/api-client";
import { exportJobsApiUrl } from "@/lib/shared/paths";
import { useExportStartProblem } from "./export-start";

const exportJobsPanel = onDemand(() => import("./export-jobs.lazy").then((module) => module.ExportJobsPanel));

/**
 * Where the batch's background exports appear. Most batches have none, so the panel's code loads
 * only once the list (asked for here, as the panel asks) has a job or a start failed. The panel
 * then reads the same SWR entry, so it shows the list at once and polls it from there.
 */
export function ExportJobsSlot({ slug, batchId }: { slug: string; batchId: string }) {
  const { data: jobs } = useSWR(exportJobsApiUrl(slug, batchId), fetchExportJobs, { shouldRetryOnError: false });
  const [startProblem] = useExportStartProblem();
  const needed = (jobs !== undefined && jobs.length > 0) || startProblem !== undefined;
  useEffect(() => {
    if (needed) exportJobsPanel.load();
  }, [needed]);
  const Panel = exportJobsPanel.useLoaded();
  // The store hands back one component per module, loaded once: its identity never changes.
  // eslint-disable-next-line react-hooks/static-components
  return Panel ? <Panel slug={slug} batchId={batchId} /> : null;
}
