import { z } from "zod";

/** Trillet's documented shapes. Unknown fields are dropped; wrong types fail the whole reply as bad upstream data. */

const timestamp = z.number().finite().nonnegative();
// Absent and null both mean "does not apply": the docs only promise these fields when relevant.
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/**
 * CSV columns as strings. Keys are customer data: "__proto__" or "constructor" must stay plain
 * own properties, so the object is built with defineProperty rather than assignment. Values are
 * checked with typeof, not a zod union: this runs for every cell of every page an export reads.
 */
const plainObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "metadata must be an object",
);

function metadataText(value: unknown): string | undefined {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

// z.record would drop a "__proto__" key silently; the raw object's own entries are read instead.
const metadataSchema = plainObject.transform((raw, ctx) => {
  const metadata: Record<string, string> = {};
  for (const key of Object.keys(raw)) {
    const text = metadataText(raw[key]);
    if (text === undefined) {
      ctx.addIssue({ code: "custom", message: "metadata values must be text, numbers or booleans", path: [key] });
      return z.NEVER;
    }
    Object.defineProperty(metadata, key, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return metadata;
});

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

export type Call = z.infer<typeof callSchema>;

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
  calls: z.array(callSchema),
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
