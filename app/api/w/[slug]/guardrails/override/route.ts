import { NextResponse } from "next/server";
import { z } from "zod";
import { apiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/json-body";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordActivity } from "@/lib/db/activity";
import { refuseUnlessOperator } from "@/lib/guardrails/routes";

type Params = { slug: string };

const overrideSchema = z.strictObject({
  reason: z.string().trim().min(1, "type why the calls may go outside their hours").max(300, "reason is too long"),
  outside: z.number().int().min(0).max(1_000_000),
  noZone: z.number().int().min(0).max(1_000_000),
  scheduledAt: z.string().max(40).optional(),
  fileSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

// POST /api/w/{slug}/guardrails/override {reason, outside, noZone}: an operator proceeds outside calling hours,
// with a typed reason, recorded in the activity before the start is sent.
export const POST = withWorkspace<Params>(async (context) => {
  const refused = refuseUnlessOperator(context, "hours.override");
  if (refused) return refused;
  const body = await readJsonBody(context.request, overrideSchema);
  if (!body.ok) return apiError(body.code, body.message);
  const { reason, outside, noZone, scheduledAt, fileSha256 } = body.value;
  recordActivity({
    workspace: context.workspace,
    person: context.person,
    action: "hours.override",
    status: 200,
    details: {
      reason,
      outside,
      noZone,
      ...(scheduledAt ? { scheduledAt } : {}),
      ...(fileSha256 ? { fileSha256 } : {}),
    },
  });
  return NextResponse.json({ recorded: true }, { headers: { "Cache-Control": "private, no-store" } });
});
