"use client";

import { useCallback } from "react";
import type { BatchView } from "@/lib/shared/batch-view";
import { batchPath } from "@/lib/shared/paths";

/**
 * Filter, page and dialog changes update the URL in place (Next.js syncs useSearchParams with
 * history.pushState), so back/forward and shared links work while the table fetches only data.
 */
export type ViewNavigation = { hrefFor: (view: BatchView) => string; go: (view: BatchView) => void };

export function useViewNavigation(slug: string, batchId: string): ViewNavigation {
  const hrefFor = useCallback((view: BatchView) => batchPath(slug, batchId, view), [slug, batchId]);
  const go = useCallback(
    (view: BatchView) => {
      window.history.pushState(null, "", hrefFor(view));
    },
    [hrefFor],
  );
  return { hrefFor, go };
}
