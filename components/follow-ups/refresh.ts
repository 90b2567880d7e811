import { mutate } from "swr";
import { batchFollowUpsApiUrl } from "@/lib/shared/follow-ups";

/**
 * Follow-ups of a batch were created or changed: its page asks again for the badges and, when it shows "Needs
 * follow-up", for those calls (SWR keys, revalidated in place).
 */
export function refreshBatchFollowUps(slug: string, batchId: string): void {
  const marks = batchFollowUpsApiUrl(slug, batchId);
  const search = `/api/w/${slug}/batches/${batchId}/search?`;
  void mutate(
    (key) => typeof key === "string" && (key === marks || (key.startsWith(search) && key.includes("followUp=open"))),
  );
}
