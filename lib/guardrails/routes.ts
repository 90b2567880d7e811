import "server-only";
import { z } from "zod";
import type { WorkspaceRouteContext } from "@/lib/api/with-workspace";
import { apiError } from "@/lib/api/errors";
import { canOperate } from "@/lib/auth/access";
import { recordActivity } from "@/lib/db/activity";
import { spreadsheetLine } from "@/lib/shared/contacts";
import type { DoNotCallEntry } from "./do-not-call";

// What the do-not-call routes share: their query and body schemas, the operator check, the export's lines.

const integerText = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be ${min} or more`).max(max, `${name} must be at most ${max}`));

export const doNotCallQuerySchema = z.strictObject({
  q: z.string().trim().max(40, "q must be at most 40 characters").optional(),
  page: integerText("page", 1, 100_000).default(1),
  limit: integerText("limit", 1, 100).default(50),
  format: z.enum(["json", "csv"], { error: "format must be json or csv" }).default("json"),
});

const noteSchema = z.string().trim().max(200, "note must be at most 200 characters");

/** POST as JSON: one number typed by hand, or the numbers of a call or an outcome (at most 2,000, the panel's cap). */
export const doNotCallAddSchema = z.union([
  z.strictObject({
    number: z.string().max(40, "number must be at most 40 characters"),
    reason: z.enum(["asked", "manual"]).default("manual"),
    note: noteSchema.optional(),
  }),
  z.strictObject({
    numbers: z
      .array(z.string().max(40, "each number must be at most 40 characters"))
      .min(1, "numbers must hold at least one number")
      .max(2_000, "numbers may hold at most 2,000 numbers"),
    reason: z.enum(["asked", "manual"]).default("manual"),
    note: noteSchema.optional(),
  }),
]);

/** A JSON body of up to 2,000 numbers. */
export const doNotCallAddBodyBytes = 64 * 1024;

export const doNotCallRemoveSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, "say why the number may be called again")
    .max(200, "reason must be at most 200 characters"),
});

/** The last four digits: enough to tell entries apart in the activity, which never holds a whole number. */
export const maskedNumber = (number: string) => `…${number.slice(-4)}`;

/** 403 for a member who is not an operator, recorded in the activity as a refused change. */
export function refuseUnlessOperator(
  context: WorkspaceRouteContext<{ slug: string }>,
  attempted: string,
): Response | undefined {
  if (canOperate(context.identity, context.workspace)) return undefined;
  recordActivity({
    workspace: context.workspace,
    person: context.person,
    action: "denied",
    status: 403,
    details: { reason: "not_operator", attempted },
  });
  return apiError("forbidden", "Only the workspace's operators may change the do-not-call list.");
}

export const exportHeader = spreadsheetLine(["phone_number", "reason", "note", "added_by", "added_at"]);

export const exportLine = (entry: DoNotCallEntry) =>
  spreadsheetLine([entry.number, entry.reason, entry.note ?? "", entry.addedBy, entry.addedAt]);
