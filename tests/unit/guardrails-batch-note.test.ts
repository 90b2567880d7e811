import { describe, expect, it } from "vitest";
import { listedForm, tallyGuardrails } from "@/lib/guardrails/batch-note";
import { hasGuardrailsNote, isBatchGuardrails, maxListedJobIds, notePollMs } from "@/lib/shared/batch-guardrails";

// The batch page's note (issue 26, item 5): the counts over a batch's calls, given which numbers the list holds.

const settings = { hours: { start: "08:00", end: "21:00" }, defaultCountry: "US" };
// Tuesday 8 December 2026, 14:30 UTC: New York 09:30, Chicago 08:30, Denver 07:30, Los Angeles 06:30, India 20:00.
const now = Date.parse("2026-12-08T14:30:00Z");

type Status = "waiting" | "active" | "completed" | "failed";
let next = 0;
const call = (phone_number: string, status: Status = "waiting") => ({ jobId: `job_${++next}`, status, phone_number });

describe("calls to numbers on the do-not-call list", () => {
  it("counts listed calls of every status, waiting ones apart and first in the job ids", () => {
    const done = call("+12125550101", "completed");
    const waiting = call("+12125550101");
    const active = call("+13125550102", "active");
    const other = call("+12125550199");
    const listed = new Set(["+12125550101", "+13125550102"]);
    const tally = tallyGuardrails([done, waiting, active, other], listed, settings, now);
    expect(tally.doNotCall).toEqual({ calls: 3, waiting: 1, jobIds: [waiting.jobId, done.jobId, active.jobId] });
  });

  it("finds a number Trillet holds in another format (national, spaces) under its E.164 form", () => {
    expect(listedForm("(212) 555-0101", "US")).toBe("+12125550101");
    expect(listedForm("+1 212 555 0101", "US")).toBe("+12125550101");
    expect(listedForm("not a number", "US")).toBe("");
    const formatted = call("(212) 555-0101");
    const tally = tallyGuardrails([formatted], new Set(["+12125550101"]), settings, now);
    expect(tally.doNotCall.jobIds).toEqual([formatted.jobId]);
  });

  it("lists at most maxListedJobIds job ids, and counts them all", () => {
    const calls = Array.from({ length: maxListedJobIds + 5 }, () => call("+12125550101", "completed"));
    const tally = tallyGuardrails(calls, new Set(["+12125550101"]), settings, now);
    expect(tally.doNotCall.calls).toBe(maxListedJobIds + 5);
    expect(tally.doNotCall.jobIds).toHaveLength(maxListedJobIds);
  });

  it("says nothing when the list holds none of the numbers", () => {
    const tally = tallyGuardrails([call("+12125550101")], new Set(["+12125550999"]), settings, now);
    expect(tally.doNotCall).toEqual({ calls: 0, waiting: 0, jobIds: [] });
  });
});

describe("calls still to be placed outside calling hours, now", () => {
  it("counts waiting calls by the zone of their number; placed and finished calls are not counted", () => {
    const calls = [
      call("+12125550101"), // New York 09:30: inside
      call("+13125550102"), // Chicago 08:30: inside
      call("+13105550103"), // Los Angeles 06:30: outside
      call("+13105550104"), // outside
      call("+13105550105", "active"), // being placed: Trillet finishes it whatever a cancel says
      call("+13105550106", "completed"),
      call("+919876543210"), // India 20:00: inside
    ];
    expect(tallyGuardrails(calls, new Set(), settings, now).hours).toEqual({
      start: "08:00",
      end: "21:00",
      waiting: 5,
      outside: 2,
      noZone: 0,
    });
  });

  it("takes the most restrictive zone of a number that spans zones (605: Denver and North Dakota)", () => {
    // Denver 07:30 (outside), North Dakota 08:30 (inside): outside.
    expect(tallyGuardrails([call("+16055550101")], new Set(), settings, now).hours.outside).toBe(1);
    // An hour later both are inside.
    expect(tallyGuardrails([call("+16055550101")], new Set(), settings, now + 3_600_000).hours.outside).toBe(0);
  });

  it("is inside at the window's first and last minute, outside a minute after it", () => {
    const india = [call("+919876543210")];
    const closing = Date.parse("2026-12-08T15:30:00Z"); // 21:00 in India
    expect(tallyGuardrails(india, new Set(), settings, closing).hours.outside).toBe(0);
    expect(tallyGuardrails(india, new Set(), settings, closing + 60_000).hours.outside).toBe(1);
    const opening = Date.parse("2026-12-08T13:00:00Z"); // 08:00 in New York
    expect(tallyGuardrails([call("+12125550101")], new Set(), settings, opening).hours.outside).toBe(0);
    expect(tallyGuardrails([call("+12125550101")], new Set(), settings, opening - 60_000).hours.outside).toBe(1);
  });

  it("uses the workspace's own (stricter) window", () => {
    const stricter = { ...settings, hours: { start: "10:00", end: "20:00" } };
    const tally = tallyGuardrails([call("+12125550101")], new Set(), stricter, now);
    expect(tally.hours).toMatchObject({ start: "10:00", end: "20:00", outside: 1 });
  });

  it("counts numbers with no zone apart, never as inside", () => {
    const calls = [call("+15555550123"), call("not a number"), call("")];
    expect(tallyGuardrails(calls, new Set(), settings, now).hours).toMatchObject({ waiting: 3, outside: 0, noZone: 3 });
  });

  it("counts a listed waiting call once, under the list, not again under the hours", () => {
    const calls = [call("+13105550103"), call("+13105550104")];
    const tally = tallyGuardrails(calls, new Set(["+13105550103"]), settings, now);
    expect(tally.doNotCall.waiting).toBe(1);
    expect(tally.hours).toMatchObject({ waiting: 1, outside: 1 });
  });
});

describe("whether the note shows", () => {
  const answer = (listed: number, outside: number, noZone: number) => ({
    doNotCall: { calls: listed, waiting: 0, jobIds: [] },
    hours: { start: "08:00", end: "21:00", waiting: 0, outside, noZone },
    progress: { checked: 1, total: 1, complete: true, live: false },
    canCancel: false,
    checkedAt: "2026-12-08T14:30:00.000Z",
  });
  it("shows nothing when every count is 0, and shows for any one of them", () => {
    expect(hasGuardrailsNote(answer(0, 0, 0))).toBe(false);
    expect(hasGuardrailsNote(answer(1, 0, 0))).toBe(true);
    expect(hasGuardrailsNote(answer(0, 1, 0))).toBe(true);
    expect(hasGuardrailsNote(answer(0, 0, 1))).toBe(true);
  });

  it("asks again every 5 s while the calls are read, every minute while the batch is live, never once it is done", () => {
    const read = (complete: boolean, live: boolean) => ({
      ...answer(1, 0, 0),
      progress: { checked: 1, total: 2, complete, live },
    });
    expect(notePollMs(undefined)).toBe(0);
    expect(notePollMs(read(false, false))).toBe(5_000);
    expect(notePollMs(read(true, true))).toBe(60_000);
    expect(notePollMs(read(true, false))).toBe(0);
  });

  it("shows nothing of an answer in another shape", () => {
    expect(isBatchGuardrails(answer(1, 2, 3))).toBe(true);
    expect(isBatchGuardrails({ ...answer(1, 0, 0), doNotCall: { calls: "12", waiting: 0, jobIds: [] } })).toBe(false);
    expect(isBatchGuardrails({ ...answer(1, 0, 0), hours: undefined })).toBe(false);
    expect(isBatchGuardrails({ error: { code: "internal", message: "x" } })).toBe(false);
  });
});
