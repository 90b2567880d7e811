import "server-only";
import { envSchema } from "@/lib/config/schema";

/** FOLLOW_UP_RETENTION_DAYS (default 180): checked with every other variable at start, read here when needed. */
export function followUpRetentionDays(): number {
  return envSchema.shape.FOLLOW_UP_RETENTION_DAYS.parse(process.env.FOLLOW_UP_RETENTION_DAYS || undefined);
}
