import { describe, expect, it } from "vitest";
import { sameLiveCalls, type LiveCalls } from "@/lib/shared/api-client";

const answer = (overrides: Partial<LiveCalls> = {}, status = "completed"): LiveCalls => ({
  key: "/api/w/acme/batches/b1/calls?status=all&page=1&limit=20",
  pollAfterMs: 3_000,
  receivedAt: 1_000,
  calls: {
    calls: [
      {
        jobId: "c1",
        status,
        phone_number: "+14155550100",
        phoneDisplay: "(415) 555-0100",
        startTime: 1_000,
        endTime: 2_000,
        duration: 1,
        error: undefined,
        metadata: { name: "Ann" },
      },
    ],
    pagination: { page: 1, limit: 20, total: 1, totalPages: 1, hasNext: false, hasPrev: false },
    summary: { total: 1, waiting: 0, active: 0, completed: 1, failed: 0 },
  },
  ...overrides,
});

describe("sameLiveCalls", () => {
  it("treats a poll with the same rows as unchanged, whenever it arrived", () => {
    expect(sameLiveCalls(answer(), answer({ receivedAt: 4_000 }))).toBe(true);
  });

  it("sees a changed call, another view, or another polling hint", () => {
    expect(sameLiveCalls(answer(), answer({}, "failed"))).toBe(false);
    expect(sameLiveCalls(answer(), answer({ key: "/api/w/acme/batches/b1/calls?status=failed&page=1&limit=20" }))).toBe(
      false,
    );
    expect(sameLiveCalls(answer(), answer({ pollAfterMs: 10_000 }))).toBe(false);
  });

  it("handles a missing side", () => {
    expect(sameLiveCalls(undefined, undefined)).toBe(true);
    expect(sameLiveCalls(answer(), undefined)).toBe(false);
  });
});
