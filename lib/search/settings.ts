import "server-only";
import { z } from "zod";

// Read here rather than in lib/config until that module takes it over; a bad value falls back to the default.
const ttlSchema = z.coerce
  .number()
  .positive()
  .max(24 * 30)
  .catch(24);

/** How long a batch's search index is kept after its last write: SEARCH_INDEX_TTL_HOURS, default 24. */
export function indexTtlMs(): number {
  const hours = process.env.SEARCH_INDEX_TTL_HOURS;
  return (hours === undefined || hours.trim() === "" ? 24 : ttlSchema.parse(hours)) * 3_600_000;
}

/** A live batch's index is re-read at most this often. */
export const liveRefreshMs = 3_000;
