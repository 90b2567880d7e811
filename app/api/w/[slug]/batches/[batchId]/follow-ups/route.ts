import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { batchIdSchema } from "@/lib/batch/query";
import { maxOpenOfBatch, openOfBatch } from "@/lib/follow-ups/store";

// GET /api/w/{slug}/batches/{batchId}/follow-ups: the batch's open follow-ups, one mark per call (the batch page's
// badges and its "Needs follow-up" count), read from the database only.
export const GET = withWorkspace<{ slug: string; batchId: string }>(async ({ workspace, params }) => {
  const batchId = batchIdSchema.safeParse(params.batchId);
  if (!batchId.success) return apiError("bad_request", `batchId ${batchId.error.issues[0]!.message}.`);
  const open = await openOfBatch(workspace, batchId.data);
  return NextResponse.json(
    { followUps: open, truncated: open.length >= maxOpenOfBatch },
    { headers: { "Cache-Control": "private, no-store" } },
  );
});
