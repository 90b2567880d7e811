import { z } from "zod";
import {
  batchIdPattern,
  callStatuses,
  defaultLimit,
  jobIdPattern,
  maxLimit,
  type CallsQuery,
} from "@/lib/shared/batch-view";
import { maxExportSelection } from "@/lib/shared/call-selection";

export const batchIdSchema = z
  .string()
  .regex(batchIdPattern, "must be 1–128 letters, digits, '_' or '-', starting with a letter or digit");
export const jobIdSchema = z
  .string()
  .regex(jobIdPattern, "jobId must be 1–200 letters, digits, '_', '.', ':' or '-', starting with a letter or digit");

const integerText = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number);

export const callsQuerySchema = z.strictObject({
  status: z.enum(callStatuses, { error: `status must be one of ${callStatuses.join(", ")}` }).default("all"),
  page: integerText("page").pipe(z.number().min(1, "page must be 1 or more")).default(1),
  limit: integerText("limit")
    .pipe(z.number().min(1, "limit must be 1 or more").max(maxLimit, `limit must be at most ${maxLimit}`))
    .default(defaultLimit),
}) satisfies z.ZodType<CallsQuery, unknown>;

export const exportQuerySchema = z.strictObject({
  status: callsQuerySchema.shape.status,
  format: z.enum(["csv", "rerun"], { error: "format must be csv or rerun" }).default("csv"),
  bom: z
    .enum(["0", "1"], { error: "bom must be 0 or 1" })
    .default("0")
    .transform((value) => value === "1"),
  /** Add outcome, summary and recording-link columns from the call records (csv only). */
  records: z
    .enum(["0", "1"], { error: "records must be 0 or 1" })
    .default("0")
    .transform((value) => value === "1"),
  /** Only these calls (the rows selected on the batch page): job ids, comma-separated, at most maxExportSelection. */
  ids: z
    .string()
    .max(maxExportSelection * 201, `ids may name at most ${maxExportSelection} calls`)
    .transform((text) => text.split(","))
    .pipe(
      z
        .array(jobIdSchema)
        .min(1, "ids must name at least one call")
        .max(maxExportSelection, `ids may name at most ${maxExportSelection} calls`),
    )
    .transform((ids) => [...new Set(ids)])
    .optional(),
});

export type ExportQuery = z.infer<typeof exportQuerySchema>;

export type QueryIssue = { field: string; message: string };

/**
 * Reads URLSearchParams strictly: unknown or repeated keys are errors, so `?page=1&page=2`
 * cannot mean two things in two places. Route handlers pass `new URL(request.url).searchParams`:
 * `nextUrl.searchParams` silently drops a `__proto__` parameter.
 */
export function parseSearchParams<T extends z.ZodType>(
  schema: T,
  params: URLSearchParams,
): { ok: true; value: z.infer<T> } | { ok: false; issue: QueryIssue } {
  const record: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (values.length > 1) return { ok: false, issue: { field: key, message: `${key} is given more than once` } };
    // defineProperty: a "__proto__" parameter must be an unknown key, not a prototype change.
    Object.defineProperty(record, key, { value: values[0]!, enumerable: true, configurable: true, writable: true });
  }
  const parsed = schema.safeParse(record);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".") || "query";
  const message =
    issue.code === "unrecognized_keys" ? `unknown parameter: ${issue.keys.slice(0, 3).join(", ")}` : issue.message;
  return { ok: false, issue: { field, message } };
}

/** The body of POST …/exports: what to export. */
export const exportJobRequestSchema = z.strictObject({
  format: exportQuerySchema.shape.format,
  status: callsQuerySchema.shape.status,
  bom: z.boolean({ error: "bom must be true or false" }).default(false),
  records: z.boolean({ error: "records must be true or false" }).default(false),
});

export const exportJobIdSchema = z.string().regex(/^exp_[A-Za-z0-9_-]{16}$/, "is not an export job id");
