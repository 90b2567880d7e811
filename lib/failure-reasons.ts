import { z } from "zod";

/** The failure-reasons panel's data, shared by the route handler and the client. */
export const failureReasonsSchema = z.object({
  totalFailed: z.number().int().nonnegative(),
  examined: z.number().int().nonnegative(),
  complete: z.boolean(),
  reasons: z.array(
    z.object({
      reason: z.string(),
      count: z.number().int().positive(),
      calls: z.array(z.object({ jobId: z.string(), phone_number: z.string(), endTime: z.number().optional() })),
    }),
  ),
});

export type FailureReasons = z.infer<typeof failureReasonsSchema>;
