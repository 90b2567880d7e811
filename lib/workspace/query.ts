import { z } from "zod";
import { batchIdSchema } from "@/lib/batch/query";

const integerText = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be ${min} or more`).max(max, `${name} must be at most ${max}`));

export const batchListLimits = [20, 50, 100] as const;

/** Trillet's batch statuses; a status it adds later still filters by its own name. */
export const batchStatuses = ["queued", "processing", "completed", "cancelled", "failed"] as const;

export const batchListQuerySchema = z.strictObject({
  q: z.string().trim().max(100, "q must be at most 100 characters").optional(),
  status: z
    .string()
    .regex(/^[a-z_]{1,32}$/, "status must be unfinished or a batch status such as processing")
    .optional(),
  page: integerText("page", 1, 100_000).default(1),
  limit: integerText("limit", 1, 100).default(20),
  hidden: z
    .enum(["0", "1"], { error: "hidden must be 0 or 1" })
    .default("0")
    .transform((value) => value === "1"),
  /** The parts of one run split by calling hours. */
  run: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "run must be a run id (a UUID)")
    .optional(),
});

export type BatchListParams = z.infer<typeof batchListQuerySchema>;

export const batchChangeSchema = z.union([
  z.strictObject({
    label: z
      .string()
      .trim()
      .max(120, "label must be at most 120 characters")
      .transform((label) => (label === "" ? null : label))
      .nullable(),
  }),
  z.strictObject({ hidden: z.boolean({ error: "hidden must be true or false" }) }),
]);

/** The activity page's filters: a batch, a person (their subject id), an action. */
export const activityQuerySchema = z.strictObject({
  batch: batchIdSchema.optional(),
  person: z.string().max(300, "person must be at most 300 characters").optional(),
  action: z
    .string()
    .regex(/^[a-z.]{1,40}$/, "action must be an action name such as batch.view")
    .optional(),
  page: integerText("page", 1, 100_000).default(1),
  limit: integerText("limit", 1, 100).default(50),
});
