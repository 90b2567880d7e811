import { NextResponse } from "next/server";
import { z } from "zod";
import { apiError } from "@/lib/api/errors";
import { withBatch } from "@/lib/api/with-batch";
import { canOperate } from "@/lib/auth/access";
import { parseSearchParams } from "@/lib/batch/query";
import { batchGuardrails } from "@/lib/guardrails/batch-note";
import type { BatchGuardrails } from "@/lib/shared/batch-guardrails";

// GET /api/w/{slug}/batches/{batchId}/guardrails: calls to numbers on the do-not-call list (their job ids) and calls
// still to be placed where it is now outside calling hours, or with no zone; for the batch page's note.
export const GET = withBatch(
  "guardrails.read",
  async ({ request, identity, user, workspace, batchId, auditDetails }) => {
    const query = parseSearchParams(z.strictObject({}), new URL(request.url).searchParams);
    if (!query.ok) return apiError("bad_request", `${query.issue.message}.`);
    const counts = await batchGuardrails(workspace, batchId, user);
    const answer: BatchGuardrails = {
      ...counts,
      canCancel: canOperate(identity, workspace) && counts.progress.live,
    };
    Object.assign(auditDetails, {
      listed: answer.doNotCall.calls,
      outside: answer.hours.outside,
      noZone: answer.hours.noZone,
      complete: answer.progress.complete,
    });
    return NextResponse.json(answer, { headers: { "Cache-Control": "private, no-store" } });
  },
);
