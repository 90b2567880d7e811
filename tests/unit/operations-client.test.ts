import { afterEach, describe, expect, it, vi } from "vitest";
import {
  agentsOf,
  cancelBatch,
  formatUtc,
  formatWhen,
  newBatchPath,
  rerunApiUrl,
  scheduledAtText,
  scheduleProblem,
  startBatch,
} from "@/lib/shared/operations";

describe("schedule", () => {
  const at = new Date("2026-12-08T15:00:00Z");

  it("states a time in the viewer's zone and in UTC", () => {
    expect(formatWhen(at, "America/Chicago")).toBe("Tue 8 Dec 09:00");
    expect(formatUtc(at, "America/Chicago")).toBe("15:00 UTC");
    // Another day in UTC than in the zone: the UTC day is named too.
    expect(formatUtc(new Date("2026-12-09T03:30:00Z"), "America/Chicago")).toBe("Wed 9 Dec 03:30 UTC");
  });

  it("sends Trillet's format, to the second", () => {
    expect(scheduledAtText(new Date("2026-12-08T15:00:00.123Z"))).toBe("2026-12-08T15:00:00Z");
  });

  it("refuses the past, more than 30 days ahead and no time at all", () => {
    const now = new Date("2026-12-07T12:00:00Z");
    expect(scheduleProblem(new Date("2026-12-07T11:59:00Z"), now)).toMatch(/passed/);
    expect(scheduleProblem(new Date("2027-01-06T12:01:00Z"), now)).toMatch(/30 days/);
    expect(scheduleProblem(new Date("2027-01-06T12:00:00Z"), now)).toBeUndefined();
    expect(scheduleProblem(new Date("nope"), now)).toMatch(/Choose/);
  });
});

describe("paths", () => {
  it("builds the new-batch and re-run URLs", () => {
    expect(newBatchPath("acme")).toBe("/w/acme/batches/new");
    expect(newBatchPath("acme", "batch_1")).toBe("/w/acme/batches/new?rerun=batch_1");
    expect(rerunApiUrl("acme", "batch_1", ["Invalid number", "a&b"])).toBe(
      "/api/w/acme/batches/batch_1/rerun?exclude=Invalid+number&exclude=a%26b",
    );
  });
});

describe("answers", () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = (status: number, body: unknown) =>
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify(body), { status })),
    );

  it("reads the agent list in either shape, and nothing else", () => {
    const agents = [{ _id: "a", name: "A", status: "active" }];
    expect(agentsOf({ agents })).toEqual(agents);
    expect(agentsOf(agents)).toEqual(agents);
    expect(agentsOf({ agents: [{ _id: 1 }] })).toBeUndefined();
  });

  it("sends the key and maps each answer of a start", async () => {
    const fetch = vi.fn(
      async () => new Response(JSON.stringify({ start: { batchId: "b1", state: "started" } }), { status: 201 }),
    );
    vi.stubGlobal("fetch", fetch);
    expect(await startBatch("/api/w/acme/batches", new FormData(), "key-1")).toEqual({
      kind: "started",
      batch: { batchId: "b1", totalCalls: undefined, status: undefined },
    });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>)["idempotency-key"]).toBe("key-1");

    answer(504, { error: { code: "outcome_unknown", message: "lost" }, start: { state: "unknown" } });
    expect(await startBatch("/x", new FormData(), "k")).toEqual({ kind: "unknown", message: "lost" });
    answer(409, { error: { code: "in_progress", message: "wait" } });
    expect(await startBatch("/x", new FormData(), "k")).toEqual({ kind: "in_progress", message: "wait" });
    answer(422, { error: { code: "unprocessable", message: "no rows" } });
    expect(await startBatch("/x", new FormData(), "k")).toMatchObject({
      kind: "refused",
      status: 422,
      message: "no rows",
    });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("offline"))),
    );
    expect((await startBatch("/x", new FormData(), "k")).kind).toBe("network");
  });

  it("reads Trillet's counts from a cancel", async () => {
    const counts = { completedCalls: 1, failedCalls: 2, cancelledCalls: 3, totalCalls: 6 };
    answer(200, { cancel: { batchId: "b", status: "cancelled", counts, by: "Alice", at: "2026-12-07T00:00:00Z" } });
    expect(await cancelBatch("/x")).toEqual(counts);
    answer(403, { error: { code: "forbidden", message: "operators only" } });
    await expect(cancelBatch("/x")).rejects.toMatchObject({ status: 403, message: "operators only" });
  });
});
