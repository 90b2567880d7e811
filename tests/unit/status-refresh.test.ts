import { describe, expect, it } from "vitest";
import type { ListedBatch } from "@/lib/db/batches";
import { staleFirst } from "@/lib/workspace/status-refresh";

const now = Date.parse("2026-12-07T12:00:00Z");
const secondsAgo = (seconds: number) => new Date(now - seconds * 1000).toISOString();
const batch = (batchId: string, statusSeenAt: string | null, finished = false) =>
  ({ batchId, statusSeenAt, finished }) as ListedBatch;

describe("which listed batches get a fresh status first", () => {
  it("never-seen first, then the oldest; finished and fresh ones never", () => {
    const shown = [
      batch("top-fresh", secondsAgo(10)),
      batch("stale-40s", secondsAgo(40)),
      batch("finished", null, true),
      batch("never-seen", null),
      batch("stale-5min", secondsAgo(300)),
    ];
    expect(staleFirst(shown, now).map((listed) => listed.batchId)).toEqual(["never-seen", "stale-5min", "stale-40s"]);
  });

  it("goes round the page: once the top rows are refreshed, the rows below them come first", () => {
    const shown = Array.from({ length: 20 }, (_, index) => batch(`b${index}`, secondsAgo(60)));
    // The minute's reads went to the first rows; a minute later they are stale again, but less so than the rest.
    const refreshed = shown.map((listed, index) => (index < 8 ? { ...listed, statusSeenAt: secondsAgo(31) } : listed));
    expect(
      staleFirst(refreshed, now)
        .slice(0, 12)
        .map((listed) => listed.batchId),
    ).toEqual(Array.from({ length: 12 }, (_, index) => `b${index + 8}`));
  });
});
