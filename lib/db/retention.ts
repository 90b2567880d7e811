import "server-only";
import { pruneFollowUps } from "@/lib/follow-ups/store";
import { pruneActivity } from "./activity";

/** What one pass of the retention job deleted, by record kind. */
export type PruneReport = { activity: number; followUps: number };

/** Deletes every record past its retention (ACTIVITY_RETENTION_DAYS, FOLLOW_UP_RETENTION_DAYS), in every workspace. */
export async function pruneExpiredRecords(now = Date.now()): Promise<PruneReport> {
  return { activity: await pruneActivity(now), followUps: await pruneFollowUps(now) };
}
