import Link from "next/link";
import { Suspense } from "react";
import { openableWorkspace } from "@/lib/auth/access";
import type { Identity } from "@/lib/auth/identity";
import { myOpenCount } from "@/lib/follow-ups/store";
import { followUpsPath } from "@/lib/shared/follow-ups";

const linkClass =
  "inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-sm whitespace-nowrap hover:bg-zinc-100 dark:hover:bg-zinc-800";

function Badge({ count }: { count: number }) {
  return (
    <span
      data-testid="my-follow-ups"
      className="rounded-full bg-blue-700 px-1.5 text-xs font-semibold text-white tabular-nums dark:bg-blue-400 dark:text-zinc-950"
    >
      {count > 99 ? "99+" : count}
    </span>
  );
}

function Icon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4 sm:hidden">
      <path d="M6 2a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2h-1.2A2 2 0 0 0 11 1H9a2 2 0 0 0-1.8 1H6Zm1 7h6v1.5H7V9Zm0 3h6v1.5H7V12Z" />
    </svg>
  );
}

async function Counted({ slug, identity }: { slug: string; identity: Identity }) {
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) return <Plain slug={slug} />;
  // The header never fails for the team's records: without them it is a plain link.
  const count = await myOpenCount(workspace, identity.id).catch(() => undefined);
  const label = count === undefined ? "Follow-ups" : `Follow-ups: ${count} open assigned to me`;
  return (
    <Link href={`${followUpsPath(slug)}?who=mine`} className={linkClass} aria-label={label} title={label}>
      <Icon />
      <span aria-hidden="true" className="hidden sm:inline">
        Follow-ups
      </span>
      {count ? <Badge count={count} /> : null}
    </Link>
  );
}

function Plain({ slug }: { slug: string }) {
  return (
    <Link href={`${followUpsPath(slug)}?who=mine`} className={linkClass} aria-label="Follow-ups" title="Follow-ups">
      <Icon />
      <span aria-hidden="true" className="hidden sm:inline">
        Follow-ups
      </span>
    </Link>
  );
}

/** The header's link to the queue with how many open follow-ups are assigned to me; streamed, never holding the page. */
export function FollowUpsHeaderLink({ slug, identity }: { slug: string; identity: Identity }) {
  return (
    <Suspense fallback={<Plain slug={slug} />}>
      <Counted slug={slug} identity={identity} />
    </Suspense>
  );
}
