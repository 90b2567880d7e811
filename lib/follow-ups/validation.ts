import "server-only";
import { z } from "zod";
import { batchIdSchema, callsQuerySchema, jobIdSchema } from "@/lib/batch/query";
import { maxLimit } from "@/lib/shared/batch-view";
import { maxNoteLength } from "@/lib/shared/follow-ups";
import { searchTextSchema } from "@/lib/search/query";

/** The most calls one request names by job id: a page of the table at most. */
export const maxJobIds = 100;

const integerText = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be ${min} or more`).max(max, `${name} must be at most ${max}`));

/** A calendar date, YYYY-MM-DD, that exists (no 2026-02-30), between 2000 and 2199. */
export const dueOnSchema = z
  .string({ error: "dueOn must be a date (YYYY-MM-DD) or null" })
  .regex(/^2[01]\d\d-\d\d-\d\d$/, "dueOn must be a date (YYYY-MM-DD) or null")
  .refine((text) => {
    const [year, month, day] = text.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, "dueOn is not a date that exists");

const noteSchema = z
  .string({ error: "note must be text" })
  .max(maxNoteLength, `note must be at most ${maxNoteLength.toLocaleString("en-US")} characters`)
  .transform((text) => text.replaceAll("\u0000", ""));

const closingNoteSchema = z
  .string({ error: "closingNote must be text" })
  .max(maxNoteLength, `closingNote must be at most ${maxNoteLength.toLocaleString("en-US")} characters`)
  .transform((text) => text.replaceAll("\u0000", ""));

/** A person's subject id from the workspace's people (checked against them in the database). */
const assigneeSchema = z
  .string({ error: "assignee must be a person's id or null" })
  .min(1, "assignee must be a person's id or null")
  .max(300, "assignee must be at most 300 characters");

/** Which calls: some by job id (one call, or selected rows), every call of one outcome, or every call of a status tab. */
export const createFollowUpsSchema = z
  .strictObject({
    batchId: batchIdSchema,
    jobIds: z
      .array(jobIdSchema, { error: "jobIds must be a list of job ids" })
      .min(1, "jobIds must name at least one call")
      .max(maxJobIds, `jobIds must name at most ${maxJobIds} calls`)
      .optional(),
    outcome: z.string().trim().min(1, "outcome must not be empty").max(200, "outcome is too long").optional(),
    status: z
      .enum(["all", "waiting", "active", "completed", "failed"], {
        error: "status must be all, waiting, active, completed or failed",
      })
      .optional(),
    /** With `status`: only the calls of that tab matching this search (the batch page's current filter). */
    q: searchTextSchema.optional(),
    /** Where the named calls are listed (the table's view): that page is read first, usually from the cache. */
    view: z
      .strictObject({
        status: callsQuerySchema.shape.status,
        page: z.number().int().min(1).max(100_000),
        limit: z.number().int().min(1).max(maxLimit),
      })
      .optional(),
    assignee: assigneeSchema.nullable().default(null),
    dueOn: dueOnSchema.nullable().default(null),
    note: noteSchema.default(""),
  })
  .refine(
    (body) => [body.jobIds, body.outcome, body.status].filter((value) => value !== undefined).length === 1,
    "name the calls with exactly one of jobIds, outcome or status",
  )
  .refine((body) => body.q === undefined || body.status !== undefined, "q goes with status");

export type CreateFollowUpsBody = z.infer<typeof createFollowUpsSchema>;

export const updateFollowUpSchema = z
  .strictObject({
    assignee: assigneeSchema.nullable().optional(),
    dueOn: dueOnSchema.nullable().optional(),
    note: noteSchema.optional(),
    state: z.enum(["done", "reopened"], { error: "state must be done or reopened" }).optional(),
    closingNote: closingNoteSchema.nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), "change at least one field");

export type FollowUpChange = z.infer<typeof updateFollowUpSchema>;

export const followUpIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, "is not a follow-up id")
  .transform(Number);

export const queueLimits = [25, 50, 100] as const;

/** The queue's URL: who, overdue, batch, state, page. Shared by the page and GET …/follow-ups. */
export const queueQuerySchema = z.strictObject({
  who: z.enum(["mine", "unassigned"], { error: "who must be mine or unassigned" }).optional(),
  overdue: z
    .enum(["0", "1"], { error: "overdue must be 0 or 1" })
    .optional()
    .transform((value) => value === "1"),
  batch: batchIdSchema.optional(),
  state: z.enum(["open", "done", "all"], { error: "state must be open, done or all" }).default("open"),
  page: integerText("page", 1, 100_000).default(1),
  limit: integerText("limit", 1, 100).default(25),
});

export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** GET …/follow-ups also takes `format=csv`: the same filter, every page, as a file. */
export const queueApiQuerySchema = queueQuerySchema.extend({
  format: z.enum(["json", "csv"], { error: "format must be json or csv" }).default("json"),
  /** With `batch`: the follow-ups of these calls (comma-separated job ids), any state (badges, the call dialog). */
  jobs: z
    .string()
    .max(20_500, "jobs is too long")
    .transform((text) => text.split(","))
    .pipe(z.array(jobIdSchema).min(1).max(maxJobIds, `jobs must name at most ${maxJobIds} calls`))
    .optional(),
});

/** `If-Match: "v3"` (or `W/"v3"`): the version the change was made against. */
export function versionFromIfMatch(header: string | null): number | undefined {
  const match = /^(?:W\/)?"v(\d{1,9})"$/.exec((header ?? "").trim());
  return match ? Number(match[1]) : undefined;
}
