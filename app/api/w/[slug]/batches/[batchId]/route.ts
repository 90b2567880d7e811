import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/json-body";
import { withOperator } from "@/lib/api/with-operator";
import { withWorkspace, type WorkspaceRouteContext } from "@/lib/api/with-workspace";
import { batchIdSchema } from "@/lib/batch/query";
import { recordActivity } from "@/lib/db/activity";
import { batchActions, findBatch, updateBatch, type ListedBatch } from "@/lib/db/batches";
import { cancelBatch } from "@/lib/operations/cancel";
import { cancelResponse } from "@/lib/operations/responses";
import { batchChangeSchema } from "@/lib/workspace/query";

type Params = { slug: string; batchId: string };

const notListed = () => apiError("not_found", "This workspace's list has no batch with this id.");
const answer = (batch: ListedBatch) =>
  NextResponse.json({ batch }, { headers: { "Cache-Control": "private, no-store" } });

/** The route's batch id, validated, or the 400 to answer. */
function batchIdOf({
  params,
}: WorkspaceRouteContext<Params>): { ok: true; batchId: string } | { ok: false; response: Response } {
  const parsed = batchIdSchema.safeParse(params.batchId);
  return parsed.success
    ? { ok: true, batchId: parsed.data }
    : { ok: false, response: apiError("bad_request", `batchId ${parsed.error.issues[0]!.message}.`) };
}

// GET /api/w/{slug}/batches/{batchId}: one batch of the workspace's list, as the list shows it, and `actions`: how it
// was started (origin, parent), its re-runs and its cancel.
export const GET = withWorkspace<Params>(async (context) => {
  const id = batchIdOf(context);
  if (!id.ok) return id.response;
  const [batch, actions] = await Promise.all([
    findBatch(context.workspace, id.batchId),
    batchActions(context.workspace, id.batchId),
  ]);
  return batch
    ? NextResponse.json({ batch, actions }, { headers: { "Cache-Control": "private, no-store" } })
    : notListed();
});

// PATCH /api/w/{slug}/batches/{batchId} {"label"} or {"hidden"}: any member names a listed batch or hides/shows it.
export const PATCH = withWorkspace<Params>(async (context) => {
  const id = batchIdOf(context);
  if (!id.ok) return id.response;
  const body = await readJsonBody(context.request, batchChangeSchema);
  if (!body.ok) return apiError(body.code, body.message);
  const { workspace, person } = context;
  const batch = await updateBatch(workspace, id.batchId, body.value);
  if (!batch) return notListed();
  const action = "label" in body.value ? "batch.label" : body.value.hidden ? "batch.hide" : "batch.show";
  recordActivity({ workspace, person, action, batchId: id.batchId, status: 200 });
  return answer(batch);
});

// DELETE /api/w/{slug}/batches/{batchId}: an operator cancels a batch of the workspace's list (Trillet's counts kept).
export const DELETE = withOperator<Params>("batch.cancel", async (context) => {
  const id = batchIdOf(context);
  if (!id.ok) return id.response;
  return cancelResponse(await cancelBatch(context.workspace, context.person, id.batchId));
});
