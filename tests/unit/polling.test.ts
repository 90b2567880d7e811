import { describe, expect, it } from "vitest";
import { basePollMs, maxRetryAfterMs, nextPollMs, retryAfterMs, slowPollMs } from "@/lib/shared/polling";

// Hardening issue, item C: the batch page's live polling honours a clamped Retry-After.

describe("nextPollMs: when the live batch page polls next", () => {
  it("follows the server's hint while polls succeed", () => {
    expect(nextPollMs(basePollMs)).toBe(3_000);
    expect(nextPollMs(slowPollMs)).toBe(10_000);
  });

  it.each([429, 503])("after a %i, waits its Retry-After", (status) => {
    expect(nextPollMs(basePollMs, { status, retryAfterMs: 30_000 })).toBe(30_000);
    expect(nextPollMs(basePollMs, { status, retryAfterMs: 119_000 })).toBe(119_000);
  });

  it.each([429, 503])("after a %i, never waits more than 120 s, however long its Retry-After", (status) => {
    expect(nextPollMs(basePollMs, { status, retryAfterMs: 3_600_000 })).toBe(120_000);
    expect(nextPollMs(basePollMs, { status, retryAfterMs: Number.MAX_SAFE_INTEGER })).toBe(maxRetryAfterMs);
  });

  it("never polls sooner than the server's hint because a Retry-After was short", () => {
    expect(nextPollMs(slowPollMs, { status: 429, retryAfterMs: 1_000 })).toBe(10_000);
    expect(nextPollMs(basePollMs, { status: 503, retryAfterMs: 0 })).toBe(3_000);
  });

  it("without a Retry-After: 10 s after a 429, 15 s after any other failure", () => {
    expect(nextPollMs(basePollMs, { status: 429 })).toBe(10_000);
    expect(nextPollMs(basePollMs, { status: 503 })).toBe(15_000);
    expect(nextPollMs(basePollMs, { status: 502 })).toBe(15_000);
    expect(nextPollMs(basePollMs, { status: 0 })).toBe(15_000);
  });

  it("ignores a Retry-After on a status that does not mean 'come back later'", () => {
    expect(nextPollMs(basePollMs, { status: 500, retryAfterMs: 90_000 })).toBe(15_000);
  });
});

describe("retryAfterMs: the header as the browser reads it", () => {
  const now = Date.parse("2026-11-29T10:00:00Z");

  it("reads delta-seconds and HTTP dates, clamped to 0..120 s", () => {
    expect(retryAfterMs("30", now)).toBe(30_000);
    expect(retryAfterMs(" 5 ", now)).toBe(5_000);
    expect(retryAfterMs("0", now)).toBe(0);
    expect(retryAfterMs("86400", now)).toBe(120_000);
    expect(retryAfterMs("Sun, 29 Nov 2026 10:00:45 GMT", now)).toBe(45_000);
    expect(retryAfterMs("Sun, 29 Nov 2026 12:00:00 GMT", now)).toBe(120_000);
    expect(retryAfterMs("Sun, 29 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });

  it("is undefined when absent or unreadable", () => {
    for (const header of [null, undefined, "", "  ", "soon", "-5", "1.5"]) {
      expect(retryAfterMs(header, now), String(header)).toBeUndefined();
    }
  });
});
