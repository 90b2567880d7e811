import { NextResponse } from "next/server";
import { csvDownload } from "@/lib/api/csv-download";
import { apiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/json-body";
import { withWorkspace, type WorkspaceRouteContext } from "@/lib/api/with-workspace";
import { canOperate } from "@/lib/auth/access";
import { parseSearchParams } from "@/lib/batch/query";
import { recordActivity } from "@/lib/db/activity";
import { addDoNotCall, eachDoNotCall, listDoNotCall } from "@/lib/guardrails/do-not-call";
import { numbersFromCsv, oneNumber, readUpload } from "@/lib/guardrails/intake";
import {
  doNotCallAddBodyBytes,
  doNotCallAddSchema,
  doNotCallQuerySchema,
  exportHeader,
  exportLine,
  maskedNumber,
  refuseUnlessOperator,
} from "@/lib/guardrails/routes";

type Params = { slug: string };
const noStore = { "Cache-Control": "private, no-store" };

// GET /api/w/{slug}/do-not-call?q=&page=&limit=&format=json|csv: the workspace's list, a page of it or all as CSV.
export const GET = withWorkspace<Params>(async ({ request, workspace, person, identity }) => {
  const query = parseSearchParams(doNotCallQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return apiError("bad_request", query.issue.message);
  if (query.value.format === "csv") {
    const encoder = new TextEncoder();
    let rows = 0;
    const chunks = eachDoNotCall(workspace);
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(encoder.encode(exportHeader)),
      pull: async (controller) => {
        const next = await chunks.next();
        if (next.done) {
          recordActivity({ workspace, person, action: "dnc.export", status: 200, details: { rows } });
          controller.close();
          return;
        }
        rows += next.value.length;
        controller.enqueue(encoder.encode(next.value.map(exportLine).join("")));
      },
      cancel: async () => void (await chunks.return(undefined)),
    });
    return csvDownload(stream, `do-not-call-${workspace.slug}-${new Date().toISOString().slice(0, 10)}.csv`);
  }
  const page = await listDoNotCall(workspace, query.value);
  return NextResponse.json(
    { ...page, page: query.value.page, limit: query.value.limit, canEdit: canOperate(identity, workspace) },
    { headers: noStore },
  );
});

// POST /api/w/{slug}/do-not-call: an operator adds one number or a call's numbers (JSON), or imports a CSV (multipart).
export const POST = withWorkspace<Params>(async (context) => {
  const multipart = (context.request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/");
  const refused = refuseUnlessOperator(context, multipart ? "dnc.import" : "dnc.add");
  if (refused) return refused;
  return multipart ? importFile(context) : addNumbers(context);
});

async function addNumbers({ request, workspace, person }: WorkspaceRouteContext<Params>): Promise<Response> {
  const body = await readJsonBody(request, doNotCallAddSchema, doNotCallAddBodyBytes);
  if (!body.ok) return apiError(body.code, body.message);
  const texts = "number" in body.value ? [body.value.number] : body.value.numbers;
  const numbers: string[] = [];
  for (const text of texts) {
    const number = oneNumber(text, workspace);
    if (!number.ok) return apiError("bad_request", number.message);
    numbers.push(number.number);
  }
  const { reason, note } = body.value;
  const result = await addDoNotCall(
    workspace,
    person,
    numbers.map((number) => ({ number, reason, note: note || null })),
  );
  recordActivity({
    workspace,
    person,
    action: "dnc.add",
    status: 200,
    details: {
      reason,
      added: result.added,
      alreadyListed: result.alreadyListed,
      ...(numbers.length === 1 ? { number: maskedNumber(numbers[0]!) } : {}),
    },
  });
  return NextResponse.json({ ...result, numbers }, { headers: noStore });
}

async function importFile({ request, workspace, person }: WorkspaceRouteContext<Params>): Promise<Response> {
  const upload = await readUpload(request);
  if (!upload.ok) {
    const code =
      upload.status === 413 ? "payload_too_large" : upload.status === 415 ? "unsupported_media_type" : "bad_request";
    return apiError(code, upload.message);
  }
  const intake = numbersFromCsv(upload.bytes, workspace, upload.fields.get("phoneColumn"));
  if (!intake.ok) {
    const notText = intake.problem.code === "not-text" || intake.problem.code === "too-large";
    if (notText) return apiError("unsupported_media_type", intake.problem.message);
    if (intake.problem.candidates) {
      // The file's headers that could be phone_number: the page offers them, as a new batch's review does.
      return NextResponse.json(
        { error: { code: "unprocessable", message: intake.problem.message, candidates: intake.problem.candidates } },
        { status: 422, headers: noStore },
      );
    }
    return apiError("unprocessable", intake.problem.message);
  }
  const note = (upload.fields.get("note")?.trim() || `Imported from ${upload.fileName}`).slice(0, 200);
  const result = await addDoNotCall(
    workspace,
    person,
    intake.numbers.map((number) => ({ number, reason: "imported" as const, note })),
  );
  const { summary } = intake;
  recordActivity({
    workspace,
    person,
    action: "dnc.import",
    status: 200,
    details: {
      rows: summary.rows,
      valid: summary.valid,
      invalid: summary.invalid.length,
      duplicates: summary.duplicates.length,
      added: result.added,
      alreadyListed: result.alreadyListed,
    },
  });
  return NextResponse.json(
    {
      ...result,
      rows: summary.rows,
      valid: summary.valid,
      invalid: summary.invalid.slice(0, 1_000),
      invalidCount: summary.invalid.length,
      duplicates: summary.duplicates.length,
      phoneColumn: summary.phoneColumn,
    },
    { headers: noStore },
  );
}
