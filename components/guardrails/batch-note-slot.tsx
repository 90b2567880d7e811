"use client";

import { useEffect } from "react";
import useSWR from "swr";
import { onDemand } from "@/components/ui/on-demand";
import { useAfterLoad } from "@/components/ui/use-after-load";
import { getChecked } from "@/lib/shared/api-client";
import { batchGuardrailsApiUrl, hasGuardrailsNote, isBatchGuardrails, notePollMs } from "@/lib/shared/batch-guardrails";

const batchNote = onDemand(() => import("./batch-note.lazy").then((module) => module.BatchGuardrailsNote));

const fetchNote = (url: string) => getChecked(url, isBatchGuardrails);

/**
 * Where the batch's guardrails note appears. Asked for once the page is idle (never in its first paint); the note's
 * code loads only when there is something to say, which for most batches there is not.
 */
export function BatchGuardrailsSlot({ slug, batchId }: { slug: string; batchId: string }) {
  const ready = useAfterLoad();
  const { data } = useSWR(ready ? batchGuardrailsApiUrl(slug, batchId) : null, fetchNote, {
    refreshInterval: notePollMs,
    revalidateOnFocus: false,
    errorRetryCount: 5,
  });
  const needed = data !== undefined && hasGuardrailsNote(data);
  useEffect(() => {
    if (needed) batchNote.load();
  }, [needed]);
  const Note = batchNote.useLoaded();
  // The store hands back one component per module, loaded once: its identity never changes.
  // eslint-disable-next-line react-hooks/static-components
  return Note && needed ? <Note slug={slug} batchId={batchId} answer={data} /> : null;
}
