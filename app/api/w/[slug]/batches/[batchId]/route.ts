import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/json-body";
import { withWorkspace } from "@/lib/api/with-workspace";
import { batchIdSchema } from "@/lib/batch/query";
import { recordActivity } from "@/lib/db/activity";
import { updateBatch } from "@/lib/db/batches";
import { batchChangeSchema } from "@/lib/workspace/query";

// PATCH /api/w/{slug}/batches/{batchId} {"label"} or {"hidden"}: any member names a listed batch or hides/shows it.
export const PATCH = withWorkspace<{ slug: string; batchId: string }>(
  async ({ request, workspace, person, params }) => {
    const batchId = batchIdSchema.safeParse(params.batchId);
    if (!batchId.success) return apiError("bad_request", `batchId ${batchId.error.issues[0]!.message}.`);
    const body = await readJsonBody(request, batchChangeSchema);
    if (!body.ok) return apiError(body.code, body.message);
    const batch = await updateBatch(workspace, batchId.data, body.value);
    if (!batch) return apiError("not_found", "This workspace's list has no batch with this id.");
    const action = "label" in body.value ? "batch.label" : body.value.hidden ? "batch.hide" : "batch.show";
    recordActivity({ workspace, person, action, batchId: batchId.data, status: 200 });
    return NextResponse.json({ batch }, { headers: { "Cache-Control": "private, no-store" } });
  },
);
