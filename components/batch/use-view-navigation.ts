"use client";

import { useCallback } from "react";
import { batchPath, type BatchView } from "@/lib/query";

/**
 * Filter, page and dialog changes update the URL in place (Next.js syncs useSearchParams with
 * history.pushState), so back/forward and shared links work while the table fetches only data.
 */
export function useViewNavigation(slug: string, batchId: string) {
  const hrefFor = useCallback((view: BatchView) => batchPath(slug, batchId, view), [slug, batchId]);
  const go = useCallback(
    (view: BatchView) => {
      window.history.pushState(null, "", hrefFor(view));
    },
    [hrefFor],
  );
  return { hrefFor, go };
}

/** Plain left clicks are handled in place; modified clicks (new tab, etc.) keep the link's default. */
export function isPlainClick(event: React.MouseEvent): boolean {
  return !(event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);
}
