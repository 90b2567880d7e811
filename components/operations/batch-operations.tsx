import Link from "next/link";
import type { Identity } from "@/lib/auth/identity";
import { canOperate } from "@/lib/auth/access";
import type { BatchPageLoad } from "@/lib/batch/page-load";
import type { WorkspaceConfig } from "@/lib/config";
import { batchActions, findBatch } from "@/lib/db/batches";
import { formatCount } from "@/lib/shared/format";
import { newBatchPath } from "@/lib/shared/operations";
import { batchPath, workspacePath } from "@/lib/shared/paths";
import { LocalTime } from "@/components/ui/local-time";
import { CancelBatchButton } from "./cancel-batch";
import { secondaryButton } from "./styles";
import { WhoCanOperate } from "./who-can-operate";

/**
 * The batch page's operator part, under its title: "Re-run of …" / "Re-runs: …", "Cancelled by … at …" with
 * Trillet's counts, and for an operator "Re-run N failed calls…" and "Cancel batch…". Waits for the page's load;
 * the database's part is left out when the database does not answer (the page never depends on it).
 */
export async function BatchOperations({
  identity,
  workspace,
  batchId,
  load,
}: {
  identity: Identity;
  workspace: WorkspaceConfig;
  batchId: string;
  load: Promise<BatchPageLoad>;
}) {
  const [result, actions, listed] = await Promise.all([
    load,
    batchActions(workspace, batchId).catch(() => undefined),
    findBatch(workspace, batchId).catch(() => undefined),
  ]);
  if (result.kind !== "ok") return null;
  const { waiting, active, failed } = result.calls.summary;
  const cancelled = actions?.cancelled ?? null;
  const finished =
    cancelled !== null ||
    result.batch?.status === "cancelled" ||
    (result.batch?.isComplete ?? (result.calls.summary.total > 0 && waiting + active === 0));
  const operator = canOperate(identity, workspace);
  const canRerun = failed > 0;
  const canCancel = !finished;
  const links = actions && (actions.parentBatchId || actions.reruns.length > 0);
  const run = listed?.run ?? null;

  if (!links && !run && !cancelled && !canRerun && !canCancel) return null;
  return (
    <div className="mt-2 flex w-full flex-col gap-2 text-sm" data-testid="batch-operations">
      {links && (
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-zinc-700 dark:text-zinc-300">
          {actions.parentBatchId && (
            <span>
              Re-run of{" "}
              <Link href={batchPath(workspace.slug, actions.parentBatchId)} className="font-mono underline">
                {actions.parentBatchId}
              </Link>
            </span>
          )}
          {actions.reruns.length > 0 && (
            <span>
              Re-runs:{" "}
              {actions.reruns.map((child, i) => (
                <span key={child}>
                  {i > 0 && ", "}
                  <Link href={batchPath(workspace.slug, child)} className="font-mono underline">
                    {child}
                  </Link>
                </span>
              ))}
            </span>
          )}
        </p>
      )}
      {run && (
        <p className="text-zinc-700 dark:text-zinc-300" data-testid="run-part">
          Part {run.part} of {run.of} ({run.zoneGroup}) of a run split by calling hours ·{" "}
          <Link href={`${workspacePath(workspace.slug)}?run=${run.id}`} className="underline">
            all parts
          </Link>
        </p>
      )}
      {cancelled && (
        <p className="text-zinc-700 dark:text-zinc-300" data-testid="cancelled-by">
          Cancelled by {cancelled.by} at <LocalTime ms={Date.parse(cancelled.at)} />
          {cancelled.counts &&
            `: Trillet counted ${formatCount(cancelled.counts.completedCalls)} completed, ${formatCount(cancelled.counts.failedCalls)} failed and ${formatCount(cancelled.counts.cancelledCalls)} cancelled of ${formatCount(cancelled.counts.totalCalls)} calls.`}
        </p>
      )}
      {(canRerun || canCancel) &&
        (operator ? (
          <div className="flex flex-wrap gap-2">
            {canRerun && (
              <Link href={newBatchPath(workspace.slug, batchId)} className={secondaryButton}>
                Re-run {formatCount(failed)} failed {failed === 1 ? "call" : "calls"}…
              </Link>
            )}
            {canCancel && (
              <CancelBatchButton
                slug={workspace.slug}
                batchId={batchId}
                label={listed?.label ?? null}
                waiting={waiting}
                active={active}
              />
            )}
          </div>
        ) : (
          <WhoCanOperate
            rule={workspace.operators}
            action={
              canCancel && canRerun ? "cancel or re-run batches" : canCancel ? "cancel batches" : "re-run failed calls"
            }
          />
        ))}
    </div>
  );
}
