import Link from "next/link";
import { cache, Suspense } from "react";
import { getConfig } from "@/lib/config";
import { openCountsByBatch } from "@/lib/follow-ups/store";
import { followUpsPath } from "@/lib/shared/follow-ups";

// One query per render for every batch of the list: the rows ask for their own count, the cache answers them all.
const countsFor = cache(async (slug: string, batchIds: string) => {
  const workspace = getConfig().workspaces.find((candidate) => candidate.slug === slug);
  if (!workspace) return {};
  return openCountsByBatch(workspace, batchIds.split(",")).catch(() => ({}) as Record<string, number>);
});

async function Count({ slug, batchId, batchIds }: { slug: string; batchId: string; batchIds: string[] }) {
  const count = (await countsFor(slug, batchIds.join(",")))[batchId] ?? 0;
  if (count === 0) return null;
  return (
    <Link
      href={`${followUpsPath(slug)}?batch=${encodeURIComponent(batchId)}`}
      className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
    >
      {count.toLocaleString("en-US")} open follow-up{count === 1 ? "" : "s"}
    </Link>
  );
}

/** A listed batch's open follow-ups, as a link to the queue filtered to it; nothing when none, or the records are away. */
export function BatchOpenFollowUps(props: { slug: string; batchId: string; batchIds: string[] }) {
  return (
    <Suspense fallback={null}>
      <Count {...props} />
    </Suspense>
  );
}
