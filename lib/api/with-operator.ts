import "server-only";
import { canOperate } from "@/lib/auth/access";
import { recordOperation } from "@/lib/operations/audit";
import { apiError } from "./errors";
import { withWorkspace, type WorkspaceRouteContext } from "./with-workspace";

/**
 * Guards a route that acts (start, re-run, cancel): everything `withWorkspace` checks (session 401, rate 429,
 * membership 404 like an unknown workspace, cross-site 403), then the workspace's `operators` rule: a member who is
 * not an operator gets 403, audited as a refused attempt.
 */
export function withOperator<P extends { slug: string }>(
  action: string,
  handler: (context: WorkspaceRouteContext<P>) => Promise<Response>,
) {
  return withWorkspace<P>(async (context) => {
    if (!canOperate(context.identity, context.workspace)) {
      const batchId = (context.params as { batchId?: unknown }).batchId;
      recordOperation({
        workspace: context.workspace,
        person: context.person,
        action,
        outcome: "refused",
        status: 403,
        ...(typeof batchId === "string" ? { batchId: batchId.slice(0, 200) } : {}),
        details: { reason: "not_operator" },
      });
      return apiError("forbidden", "Only the workspace's operators may start, re-run or cancel batches.");
    }
    return handler(context);
  });
}
