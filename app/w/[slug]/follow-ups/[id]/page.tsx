import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FollowUpEditor } from "@/components/follow-ups/follow-up-editor";
import { FollowUpHistory } from "@/components/follow-ups/follow-up-history";
import { dueLabel } from "@/components/follow-ups/labels";
import { FollowUpStateBadge } from "@/components/follow-ups/state-badge";
import { openableWorkspace } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { getFollowUp, listPeople } from "@/lib/follow-ups/store";
import { followUpsPath } from "@/lib/shared/follow-ups";
import { followUpIdSchema } from "@/lib/follow-ups/validation";
import { batchPath } from "@/lib/shared/paths";

export const metadata: Metadata = { title: "Follow-up" };

type Props = { params: Promise<{ slug: string; id: string }> };

export default async function FollowUpPage({ params }: Props) {
  const { slug, id } = await params;
  const identity = await requireIdentity(`${followUpsPath(encodeURIComponent(slug))}/${encodeURIComponent(id)}`);
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) notFound();
  const parsedId = followUpIdSchema.safeParse(id);
  if (!parsedId.success) notFound();
  const [followUp, people] = await Promise.all([getFollowUp(workspace, parsedId.data), listPeople(workspace)]);
  if (!followUp) notFound();
  const title = followUp.contactName || followUp.contactPhone || followUp.jobId;

  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <p className="text-sm">
        <Link href={followUpsPath(workspace.slug)} className="underline">
          Follow-ups
        </Link>
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
        <FollowUpStateBadge state={followUp.state} />
      </div>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Phone</dt>
        <dd className="whitespace-nowrap">{followUp.contactPhone ?? "—"}</dd>
        <dt className="font-medium">Outcome</dt>
        <dd className="break-words">{followUp.outcome ?? "—"}</dd>
        <dt className="font-medium">Assignee</dt>
        <dd>{followUp.assigneeName ?? "Unassigned"}</dd>
        <dt className="font-medium">Due</dt>
        <dd>{dueLabel(followUp.dueOn)}</dd>
        <dt className="font-medium">Call</dt>
        <dd className="min-w-0">
          <Link
            href={batchPath(workspace.slug, followUp.batchId, {
              search: `?call=${encodeURIComponent(followUp.jobId)}`,
            })}
            className="font-mono break-all underline"
          >
            {followUp.batchId} · {followUp.jobId}
          </Link>
        </dd>
      </dl>
      <section
        aria-labelledby="edit-heading"
        className="mt-6 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      >
        <h2 id="edit-heading" className="mb-3 text-lg font-semibold">
          Work on it
        </h2>
        <FollowUpEditor slug={workspace.slug} initial={followUp} people={people} />
      </section>
      <section aria-labelledby="history-heading" className="mt-6">
        <h2 id="history-heading" className="mb-3 text-lg font-semibold">
          History
        </h2>
        <FollowUpHistory history={followUp.history} people={people} />
      </section>
    </main>
  );
}
