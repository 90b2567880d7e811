"use client";

import { useEffect } from "react";
import { onDemand } from "@/components/ui/on-demand";
import type { CallDialogProps } from "./call-dialog.lazy";

const detailsDialog = onDemand(() => import("./call-dialog.lazy").then((module) => module.CallDetailsDialog));

/** Fetches the dialog's code ahead of a likely open (a row hovered or focused). */
export const preloadCallDialog = detailsDialog.load;

/**
 * One call's details, deep-linked by ?call=<jobId>. The Radix dialog's code loads when a call is
 * first opened (or its row is approached), not with the page.
 */
export function CallDialog({ slug, batchId, jobId, call, onClose }: CallDialogProps) {
  const Dialog = detailsDialog.useLoaded();
  useEffect(() => {
    if (jobId !== undefined) detailsDialog.load();
  }, [jobId]);
  // The store hands back one component per module, loaded once: its identity never changes.
  // eslint-disable-next-line react-hooks/static-components
  return Dialog ? <Dialog slug={slug} batchId={batchId} jobId={jobId} call={call} onClose={onClose} /> : null;
}
