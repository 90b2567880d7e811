import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NewBatchForm } from "@/components/operations/new-batch-form";
import { WhoCanOperate } from "@/components/operations/who-can-operate";
import { canOperate, openableWorkspace } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { batchIdSchema } from "@/lib/batch/query";
import { getConfig } from "@/lib/config";
import { newBatchPath } from "@/lib/shared/operations";
import { batchPath, workspacePath } from "@/lib/shared/paths";
import type { PageSearchParams } from "@/lib/shared/search-params";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<PageSearchParams> };

export const metadata: Metadata = { title: "New batch" };

// /w/{slug}/batches/new[?rerun={batchId}]: start a batch from a CSV, or re-run a batch's failed calls (operators only).
export default async function NewBatchPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const rawRerun = (await searchParams).rerun;
  const rerun = typeof rawRerun === "string" && batchIdSchema.safeParse(rawRerun).success ? rawRerun : undefined;
  const identity = await requireIdentity(newBatchPath(encodeURIComponent(slug), rerun));
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) notFound();
  if (rawRerun !== undefined && !rerun) notFound();
  const operator = canOperate(identity, workspace);

  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <Link href={rerun ? batchPath(workspace.slug, rerun) : workspacePath(workspace.slug)} className="underline">
          {rerun ? `Batch ${rerun}` : workspace.name}
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">{rerun ? "Re-run failed calls" : "New batch"}</h1>
      {operator ? (
        <NewBatchForm
          slug={workspace.slug}
          defaultCountry={workspace.defaultCountry}
          maxRows={getConfig().batchMaxRows}
          rerunOf={rerun}
        />
      ) : (
        <div className="mt-4">
          <WhoCanOperate rule={workspace.operators} action={rerun ? "re-run calls" : "start batches"} />
        </div>
      )}
    </main>
  );
}
