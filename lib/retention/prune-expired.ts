import "server-only";
import { getConfig } from "@/lib/config";
import { pruneActivity } from "@/lib/db/activity";
import { pruneFollowUps } from "@/lib/follow-ups/store";
import { pruneStarts } from "@/lib/operations/start-records";

/** What one pass of the retention job deleted, by record kind. */
export type PruneReport = { activity: number; followUps: number; starts: number };

/**
 * Deletes every record past its retention, in every workspace: activity and start records after
 * ACTIVITY_RETENTION_DAYS (a start record is never deleted while its request is still sending), follow-ups done
 * longer than FOLLOW_UP_RETENTION_DAYS ago.
 */
export async function pruneExpiredRecords(now = Date.now()): Promise<PruneReport> {
  const config = getConfig();
  let starts = 0;
  for (const workspace of config.workspaces) {
    starts += await pruneStarts(workspace, config.database.activityRetentionDays, new Date(now));
  }
  return { activity: await pruneActivity(now), followUps: await pruneFollowUps(now), starts };
}
