import { NextResponse } from "next/server";
import { apiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/json-body";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordActivity } from "@/lib/db/activity";
import { deleteDoNotCall } from "@/lib/guardrails/do-not-call";
import { e164Schema } from "@/lib/guardrails/intake";
import { doNotCallRemoveSchema, maskedNumber, refuseUnlessOperator } from "@/lib/guardrails/routes";

type Params = { slug: string; number: string };

// DELETE /api/w/{slug}/do-not-call/{number} {"reason"}: an operator removes a number, saying why (audited).
export const DELETE = withWorkspace<Params>(async (context) => {
  const refused = refuseUnlessOperator(context, "dnc.remove");
  if (refused) return refused;
  const { workspace, person, request } = context;
  const number = e164Schema.safeParse(decodeURIComponent(context.params.number));
  if (!number.success) return apiError("bad_request", `number ${number.error.issues[0]!.message}.`);
  const body = await readJsonBody(request, doNotCallRemoveSchema);
  if (!body.ok) return apiError(body.code, body.message);
  const removed = await deleteDoNotCall(workspace, number.data);
  if (!removed) return apiError("not_found", "The do-not-call list does not hold this number.");
  recordActivity({
    workspace,
    person,
    action: "dnc.remove",
    status: 200,
    details: { number: maskedNumber(number.data), reason: body.value.reason, wasReason: removed.reason },
  });
  return NextResponse.json({ removed }, { headers: { "Cache-Control": "private, no-store" } });
});
