import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { withOperator } from "@/lib/api/with-operator";
import { withWorkspace } from "@/lib/api/with-workspace";
import { parseSearchParams } from "@/lib/batch/query";
import { listBatches } from "@/lib/db/batches";
import { startResponse } from "@/lib/operations/responses";
import { startFromRequest } from "@/lib/operations/start";
import { refreshUnfinished } from "@/lib/workspace/status-refresh";
import { batchListQuerySchema } from "@/lib/workspace/query";

// GET /api/w/{slug}/batches?q=&status=&page=&limit=&hidden=: the batches the workspace's members have opened.
export const GET = withWorkspace(async ({ request, workspace }) => {
  const query = parseSearchParams(batchListQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", query.issue.message);
  const list = await listBatches(workspace, query.value);
  refreshUnfinished(workspace, list.batches);
  return NextResponse.json(
    { ...list, page: query.value.page, limit: query.value.limit },
    { headers: { "Cache-Control": "private, no-store" } },
  );
});

// POST /api/w/{slug}/batches (multipart: file, agentId, scheduledAt?, smartCallbackConfig?, parentBatchId?, label?,
// phoneColumn?; header Idempotency-Key): an operator starts a batch, or re-runs one, at most once per key.
export const POST = withOperator("batch.start", async ({ request, workspace, person }) => {
  return startResponse(workspace.slug, await startFromRequest(request, workspace, person));
});
