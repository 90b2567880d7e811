import { z } from "zod";
import type { JsonValue } from "@/lib/shared/metadata-cell";

/**
 * Trillet's documented shapes, read tolerantly: an additive change on their side must not take a
 * batch page down. Unknown fields are dropped (no schema here is strict), a call status is any
 * text, metadata values are any JSON, and one call that cannot be read becomes an "unreadable"
 * row instead of failing the page. Only a broken envelope (no calls array, pagination or summary,
 * or wrong types there) fails the whole reply as bad upstream data.
 */

const timestamp = z.number().finite().nonnegative();
// Absent and null both mean "does not apply": the docs only promise these fields when relevant.
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The CSV row's columns, values as Trillet sent them (any JSON: text, numbers, booleans, null,
 * objects, arrays); lib/shared/metadata-cell.ts turns them into text for the table and the CSV.
 * The object is kept as JSON.parse built it: its keys ("__proto__" included) are own properties,
 * which z.record would not keep, and an export parses thousands of these a second.
 */
const metadataSchema = z.custom<Record<string, JsonValue>>(isPlainObject, "metadata must be an object");

/** A call as the docs describe it. */
export const callSchema = z.object({
  jobId: z.string().min(1),
  status: z.string().min(1),
  phone_number: z.string(),
  startTime: optional(timestamp),
  endTime: optional(timestamp),
  duration: optional(z.number().finite().nonnegative()),
  error: optional(z.string()),
  metadata: optional(metadataSchema).transform((value) => value ?? {}),
});

export type ReadableCall = z.infer<typeof callSchema>;

/**
 * A call as the console holds it. `unreadable` is set on a row Trillet sent that does not fit the
 * docs (say a missing jobId, or a phone_number that is an object): it says which fields, never their
 * values, and the row keeps only the jobId and status when they are text; everything else is empty.
 */
export type Call = ReadableCall & { unreadable?: string };

const expectedField: Record<string, string> = {
  jobId: "non-empty text",
  status: "non-empty text",
  phone_number: "text",
  startTime: "a timestamp",
  endTime: "a timestamp",
  duration: "a number of seconds",
  error: "text",
  metadata: "an object",
};

/** What is wrong with a call, in field names only: no value from the row (phone numbers, metadata) appears. */
function unreadableReason(raw: unknown, issues: readonly z.core.$ZodIssue[]): string {
  if (!isPlainObject(raw)) return "the call is not an object";
  const fields = [...new Set(issues.map((issue) => String(issue.path[0] ?? "")))].filter((field) =>
    Object.hasOwn(expectedField, field),
  );
  if (fields.length === 0) return "the call does not match the documented shape";
  return fields
    .map((field) => (raw[field] === undefined ? `${field} missing` : `${field} is not ${expectedField[field]}`))
    .join("; ");
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** One call of a reply: readable, or an unreadable row that stands in for it. */
export function readCall(raw: unknown): Call {
  const parsed = callSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const record = isPlainObject(raw) ? raw : {};
  return {
    jobId: text(record.jobId),
    status: text(record.status),
    phone_number: "",
    startTime: undefined,
    endTime: undefined,
    duration: undefined,
    error: undefined,
    metadata: {},
    unreadable: unreadableReason(raw, parsed.error.issues),
  };
}

const count = z.number().int().nonnegative();

export const paginationSchema = z.object({
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
  total: count,
  totalPages: count,
  hasNext: z.boolean(),
  hasPrev: z.boolean(),
});

export type Pagination = z.infer<typeof paginationSchema>;

export const summarySchema = z.object({
  total: count,
  waiting: count,
  active: count,
  completed: count,
  failed: count,
});

export type Summary = z.infer<typeof summarySchema>;

export const batchCallsSchema = z.object({
  // Each call is read on its own: one that does not fit is an unreadable row, not a failed page.
  calls: z.custom<unknown[]>(Array.isArray, "calls must be an array").transform((rows) => rows.map(readCall)),
  pagination: paginationSchema,
  summary: summarySchema,
});

export type BatchCalls = z.infer<typeof batchCallsSchema>;

export const batchStatusSchema = z.object({
  id: z.string(),
  status: z.string(),
  isComplete: z.boolean(),
  totalCalls: count,
  progress: z.object({
    waiting: count,
    active: count,
    completed: count,
    failed: count,
    total: count,
    startTime: optional(timestamp),
    lastCompletedTime: optional(timestamp),
    completedTime: optional(timestamp),
    averageCallDuration: optional(z.number().finite().nonnegative()),
  }),
  timestamp: optional(timestamp),
});

export type BatchStatus = z.infer<typeof batchStatusSchema>;
