import { NextResponse } from "next/server";
import { csvDownload } from "@/lib/api/csv-download";
import { apiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/json-body";
import { withWorkspace } from "@/lib/api/with-workspace";
import { parseSearchParams } from "@/lib/batch/query";
import { callsOfOutcome, callsOfSearch, callsOfStatus, resolveCalls, type Resolved } from "@/lib/follow-ups/calls";
import { followUpCsvLine, queueCsvHeader, queueCsvLine } from "@/lib/follow-ups/csv";
import { followUpBodyBytes, upstreamFailure } from "@/lib/follow-ups/http";
import { walkGuard } from "@/lib/follow-ups/walk-guard";
import { createFollowUps, followUpsOfCalls, isWorkspacePerson, listQueue, queueRows } from "@/lib/follow-ups/store";
import { createFollowUpsSchema, queueApiQuerySchema } from "@/lib/follow-ups/validation";

// A bulk follow-up of a big status tab walks up to 100 list pages at background priority (minutes when the
// budget is shared); the walk stops a little before this, so the answer says so instead of the platform cutting it.
export const maxDuration = 300;

const noStore = { "Cache-Control": "private, no-store" };
/** At most this many created follow-ups come back in full; the counts always do. */
const maxReturned = 100;

// GET /api/w/{slug}/follow-ups?who=&overdue=&batch=&state=&page=&limit=&format=csv|json (&jobs= with batch):
// the workspace's queue by due date, a page of it or all of it as CSV; or the follow-ups of some calls.
export const GET = withWorkspace(async ({ request, workspace, identity }) => {
  const parsed = parseSearchParams(queueApiQuerySchema, new URL(request.url).searchParams);
  if (!parsed.ok) return apiError("bad_request", parsed.issue.message);
  const query = parsed.value;
  if (query.jobs) {
    if (!query.batch) return apiError("bad_request", "jobs needs batch.");
    const followUps = await followUpsOfCalls(workspace, query.batch, query.jobs);
    return NextResponse.json({ followUps }, { headers: noStore });
  }
  const filter = { who: query.who, overdue: query.overdue, batch: query.batch, state: query.state };
  if (query.format === "csv") {
    const rows = queueRows(workspace, identity.id, filter);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(queueCsvLine(queueCsvHeader)));
      },
      async pull(controller) {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map(followUpCsvLine).join("")));
      },
      async cancel() {
        await rows.return(undefined);
      },
    });
    return csvDownload(stream, `follow-ups-${workspace.slug}.csv`);
  }
  const page = await listQueue(workspace, identity.id, { ...filter, page: query.page, limit: query.limit });
  return NextResponse.json({ ...page, page: query.page, limit: query.limit }, { headers: noStore });
});

// POST /api/w/{slug}/follow-ups {batchId, jobIds | outcome | status (+ q), view?, assignee?, dueOn?, note?}: follow-ups
// for one call, selected calls, every call of one outcome or of a status tab (and search). Contacts are read by the
// server from the batch's calls; calls that already have an open follow-up are skipped and counted.
export const POST = withWorkspace(async ({ request, workspace, identity, person }) => {
  const body = await readJsonBody(request, createFollowUpsSchema, followUpBodyBytes);
  if (!body.ok) return apiError(body.code, body.message);
  const input = body.value;
  if (input.assignee !== null && !(await isWorkspacePerson(workspace, input.assignee))) {
    return apiError("bad_request", "assignee is not one of this workspace's people.");
  }
  let resolved: Resolved;
  const walk = walkGuard(request.signal, identity.id);
  try {
    if (input.jobIds) {
      resolved = await resolveCalls(workspace, input.batchId, input.jobIds, identity.id, {
        view: input.view,
        guard: walk.guard,
      });
    } else if (input.outcome !== undefined) {
      resolved = await callsOfOutcome(workspace, input.batchId, input.outcome, identity.id, walk.guard);
    } else if (input.q !== undefined) {
      resolved = await callsOfSearch(workspace, input.batchId, { status: input.status!, q: input.q }, identity.id);
    } else {
      resolved = await callsOfStatus(workspace, input.batchId, input.status!, identity.id, walk.guard);
    }
  } catch (error) {
    const refusal = walk.refusal(error);
    if (refusal) return refusal;
    const failure = upstreamFailure(error);
    if (failure) return failure;
    throw error;
  } finally {
    await walk.release();
  }
  if (!resolved.ok) return apiError(resolved.code, resolved.message);
  const result = await createFollowUps(workspace, person, {
    batchId: input.batchId,
    calls: resolved.calls,
    assignee: input.assignee,
    dueOn: input.dueOn,
    note: input.note,
  });
  if (!result.ok) return apiError(result.code, result.message);
  return NextResponse.json(
    {
      created: result.created.slice(0, maxReturned),
      createdCount: result.createdCount,
      skipped: result.skipped,
      upstreamReads: resolved.upstreamReads,
    },
    { status: 201, headers: noStore },
  );
});
