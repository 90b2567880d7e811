import { z } from "zod";

/** Trillet's documented shapes. Unknown fields are dropped; wrong types fail the whole reply as bad upstream data. */

const timestamp = z.number().finite().nonnegative();
// Absent and null both mean "does not apply": the docs only promise these fields when relevant.
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

const metadataValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((value) =>
  value === null ? "" : String(value),
);

export const callSchema = z.object({
  jobId: z.string().min(1),
  status: z.string().min(1),
  phone_number: z.string(),
  startTime: optional(timestamp),
  endTime: optional(timestamp),
  duration: optional(z.number().finite().nonnegative()),
  error: optional(z.string()),
  metadata: optional(z.record(z.string(), metadataValue)).transform((value) => value ?? {}),
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

export const batchStatuses = ["queued", "processing", "completed", "cancelled", "failed"] as const;

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

export const upstreamErrorSchema = z.object({ error: z.string() });
