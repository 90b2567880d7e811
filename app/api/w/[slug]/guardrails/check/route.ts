import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { checkFieldsSchema, checkFile } from "@/lib/guardrails/check";
import { readUpload } from "@/lib/guardrails/intake";

type Params = { slug: string };

// POST /api/w/{slug}/guardrails/check (multipart: file, scheduledAt?, smartCallbackConfig?, phoneColumn?,
// averageCallSeconds?, concurrency?): the numbers the do-not-call list removes and the calling-hours plan.
export const POST = withWorkspace<Params>(async ({ request, workspace }) => {
  const upload = await readUpload(request);
  if (!upload.ok) {
    const code =
      upload.status === 413 ? "payload_too_large" : upload.status === 415 ? "unsupported_media_type" : "bad_request";
    return apiError(code, upload.message);
  }
  // Empty fields a form sends are absent ones.
  const fields = checkFieldsSchema.safeParse(
    Object.fromEntries([...upload.fields].filter(([, value]) => value.trim() !== "")),
  );
  if (!fields.success) return apiError("bad_request", `${fields.error.issues[0]!.message}.`);
  const result = await checkFile(workspace, upload.bytes, fields.data);
  if (!result.ok) {
    if (result.candidates) {
      return NextResponse.json(
        { error: { code: "unprocessable", message: result.message, candidates: result.candidates } },
        { status: 422, headers: { "Cache-Control": "private, no-store" } },
      );
    }
    return apiError(
      result.status === 415 ? "unsupported_media_type" : result.status === 422 ? "unprocessable" : "bad_request",
      result.message,
    );
  }
  return NextResponse.json(result.check, { headers: { "Cache-Control": "private, no-store" } });
});
