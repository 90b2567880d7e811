import { describe, expect, it } from "vitest";
import { planCallingHours } from "@/lib/guardrails/hours";
import { earliestStart, instantOf, offsetMinutes, spanInside, windowOn } from "@/lib/guardrails/window";
import { recipientCountry, recipientZone, zonesOfPrefix } from "@/lib/guardrails/zones";

const federal = { start: "08:00", end: "21:00" };
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const hour = 3_600_000;

describe("recipient zones from the number", () => {
  it("maps a North American area code to its zone", () => {
    expect(recipientZone("+12125550123")).toMatchObject({ kind: "zoned", zones: ["America/New_York"] });
    expect(recipientZone("+13125550123")).toMatchObject({ kind: "zoned", zones: ["America/Chicago"] });
    expect(recipientZone("+14165550123")).toMatchObject({ kind: "zoned", zones: ["America/Toronto"] });
    expect(recipientCountry("+14165550123")).toBe("CA");
  });

  it("keeps every zone of an area code that spans zones (the window is then the most restrictive)", () => {
    expect(zonesOfPrefix("1605")).toEqual(["America/Denver", "America/North_Dakota/Center"]);
    const southDakota = recipientZone("+16055550123");
    expect(southDakota).toMatchObject({ kind: "zoned", zones: ["America/Denver", "America/North_Dakota/Center"] });
  });

  it("reads a national number in the workspace's default country", () => {
    expect(recipientZone("(212) 555-0123", "US")).toMatchObject({ kind: "zoned", zones: ["America/New_York"] });
    expect(recipientZone("030 1234567", "DE")).toMatchObject({ kind: "zoned", zones: ["Europe/Berlin"] });
    expect(recipientZone("+919876543210")).toMatchObject({ kind: "zoned", zones: ["Asia/Calcutta"] });
  });

  it("numbers without a zone: an area code the table lacks and text that is no number get none, not a guess", () => {
    expect(recipientZone("+15555550123")).toEqual({ kind: "none", reason: "unknown_prefix" });
    expect(recipientZone("not a number")).toEqual({ kind: "none", reason: "not_a_number" });
  });
});

describe("window math", () => {
  it("half-hour offsets: India (+05:30) and Newfoundland (−03:30, −02:30 in summer)", () => {
    expect(offsetMinutes("Asia/Kolkata", at("2026-01-15T12:00:00Z"))).toBe(330);
    expect(offsetMinutes("America/St_Johns", at("2026-01-15T12:00:00Z"))).toBe(-210);
    expect(offsetMinutes("America/St_Johns", at("2026-07-15T12:00:00Z"))).toBe(-150);
    expect(windowOn("Asia/Kolkata", { year: 2026, month: 1, day: 15 }, federal)).toEqual({
      start: at("2026-01-15T02:30:00Z"),
      end: at("2026-01-15T15:30:00Z"),
    });
    expect(windowOn("America/St_Johns", { year: 2026, month: 1, day: 15 }, federal).start).toBe(
      at("2026-01-15T11:30:00Z"),
    );
    // +1 709 (Newfoundland) spans St_Johns and Puerto_Rico in the table: the later start and the earlier end win.
    const plan = planCallingHours({
      numbers: ["+17095550123"],
      defaultCountry: "US",
      hours: federal,
      startAt: at("2026-01-15T11:45:00Z"),
      now: at("2026-01-15T00:00:00Z"),
      estimate: { averageCallSeconds: 60, concurrency: 1 },
    });
    expect(plan.check.outside).toBe(1);
    expect(plan.check.earliestStart).toBe("2026-01-15T12:00:00.000Z");
  });

  it("DST changes, US dates: the window moves an hour earlier in UTC on 8 March 2026", () => {
    expect(windowOn("America/New_York", { year: 2026, month: 3, day: 7 }, federal).start).toBe(
      at("2026-03-07T13:00:00Z"),
    );
    expect(windowOn("America/New_York", { year: 2026, month: 3, day: 8 }, federal).start).toBe(
      at("2026-03-08T12:00:00Z"),
    );
    // Back on 1 November 2026.
    expect(windowOn("America/New_York", { year: 2026, month: 11, day: 1 }, federal).start).toBe(
      at("2026-11-01T13:00:00Z"),
    );
    // A wall time skipped by the change moves forward by the gap; one that occurs twice is its first occurrence.
    expect(instantOf("America/New_York", { year: 2026, month: 3, day: 8 }, 150)).toBe(at("2026-03-08T07:30:00Z"));
    expect(instantOf("America/New_York", { year: 2026, month: 11, day: 1 }, 90)).toBe(at("2026-11-01T05:30:00Z"));
    // East of UTC too: 02:30 on 29 March 2026 does not occur in Berlin; 03:30 CEST does.
    expect(instantOf("Europe/Berlin", { year: 2026, month: 3, day: 29 }, 150)).toBe(at("2026-03-29T01:30:00Z"));
  });

  it("DST changes, EU dates: New York and London share 12:00–21:00 UTC between the US and EU changes, 12:00–20:00 after 29 March", () => {
    const zones = ["America/New_York", "Europe/London"];
    expect(iso(earliestStart(zones, federal, at("2026-02-10T05:00:00Z"), 0))).toBe("2026-02-10T13:00:00.000Z");
    expect(iso(earliestStart(zones, federal, at("2026-03-10T05:00:00Z"), 0))).toBe("2026-03-10T12:00:00.000Z");
    // 8.5 hours fit on 10 March (12:00 → 20:30 UTC), but not once London is on summer time (window of 8 hours).
    expect(iso(earliestStart(zones, federal, at("2026-03-10T05:00:00Z"), 8.5 * hour))).toBe("2026-03-10T12:00:00.000Z");
    expect(earliestStart(zones, federal, at("2026-03-30T05:00:00Z"), 8.5 * hour, 10 * 24 * hour)).toBeUndefined();
    expect(windowOn("Europe/Berlin", { year: 2026, month: 3, day: 28 }, federal).start).toBe(
      at("2026-03-28T07:00:00Z"),
    );
    expect(windowOn("Europe/Berlin", { year: 2026, month: 3, day: 29 }, federal).start).toBe(
      at("2026-03-29T06:00:00Z"),
    );
    expect(windowOn("Europe/Berlin", { year: 2026, month: 10, day: 25 }, federal).start).toBe(
      at("2026-10-25T07:00:00Z"),
    );
  });

  it("midnight: a window that crosses midnight UTC, and a start late in the local evening moves to the next morning", () => {
    // Los Angeles in June: 08:00–21:00 PDT is 15:00 UTC to 04:00 UTC the next day.
    expect(spanInside("America/Los_Angeles", federal, at("2026-06-02T03:30:00Z"), 0)).toBe(true);
    expect(spanInside("America/Los_Angeles", federal, at("2026-06-02T03:30:00Z"), hour)).toBe(false);
    expect(spanInside("America/Los_Angeles", federal, at("2026-06-02T04:30:00Z"), 0)).toBe(false);
    // 23:30 in Tokyo (14:30 UTC) → 08:00 the next local day (23:00 UTC the same UTC day).
    expect(iso(earliestStart(["Asia/Tokyo"], federal, at("2026-06-02T14:30:00Z"), hour))).toBe(
      "2026-06-02T23:00:00.000Z",
    );
    // 00:10 local in New York: that morning, not the next.
    expect(iso(earliestStart(["America/New_York"], federal, at("2026-06-02T04:10:00Z"), hour))).toBe(
      "2026-06-02T12:00:00.000Z",
    );
  });

  it("a stricter window is honoured, and a run longer than the window has no start", () => {
    const strict = { start: "09:00", end: "17:00" };
    expect(iso(earliestStart(["America/Chicago"], strict, at("2026-06-02T05:00:00Z"), hour))).toBe(
      "2026-06-02T14:00:00.000Z",
    );
    expect(earliestStart(["America/Chicago"], strict, at("2026-06-02T05:00:00Z"), 9 * hour)).toBeUndefined();
  });
});

describe("a file's calling-hours plan", () => {
  const numbers = [
    "+12125550101",
    "+12125550102",
    "+13125550103",
    "+13105550104",
    "+13105550105",
    "+13105550106",
    "+15555550107",
  ];

  it("counts who is outside at the chosen start, finds the earliest start for all, and splits by zone group", () => {
    const plan = planCallingHours({
      numbers,
      defaultCountry: "US",
      hours: federal,
      // 08:00 in New York, 07:00 in Chicago, 05:00 in Los Angeles.
      startAt: at("2026-06-01T12:00:00Z"),
      now: at("2026-06-01T11:00:00Z"),
      estimate: { averageCallSeconds: 60, concurrency: 1 },
    });
    const { check } = plan;
    expect(check.recipients).toBe(7);
    expect(check.noZone).toEqual([{ number: "+15555550107", reason: "unknown_prefix" }]);
    expect(check.runSeconds).toBe(360);
    expect(check.outside).toBe(4);
    expect(check.earliestStart).toBe("2026-06-01T15:00:00.000Z");
    expect(check.groups.map((group) => [group.label, group.count, group.scheduledAt, group.insideAtStart])).toEqual([
      ["UTC−04:00", 2, "2026-06-01T12:00:00.000Z", true],
      ["UTC−05:00", 1, "2026-06-01T13:00:00.000Z", false],
      ["UTC−07:00", 3, "2026-06-01T15:00:00.000Z", false],
    ]);
    expect(plan.partOf("+13105550104")).toBe(3);
    expect(plan.partOf("+15555550107")).toBeUndefined();
  });

  it("smart-callback gaps that can land outside the window are counted", () => {
    const plan = planCallingHours({
      numbers: ["+12125550101", "+12125550102"],
      defaultCountry: "US",
      hours: federal,
      // 18:00 in New York: a retry 4 hours later is at 22:00; one a day later is inside again.
      startAt: at("2026-06-01T22:00:00Z"),
      now: at("2026-06-01T11:00:00Z"),
      estimate: { averageCallSeconds: 60, concurrency: 1 },
      callbackGaps: [
        { days: 0, hours: 4 },
        { days: 0, hours: 20 },
      ],
    });
    expect(plan.check.outside).toBe(0);
    expect(plan.check.callbacks).toEqual([
      { retry: 1, afterHours: 4, outside: 2 },
      { retry: 2, afterHours: 24, outside: 0 },
    ]);
  });

  it("the expected run time counts: a start at 20:30 with an hour of calls runs past 21:00", () => {
    const plan = planCallingHours({
      numbers: ["+12125550101", "+12125550102"],
      defaultCountry: "US",
      hours: federal,
      startAt: at("2026-06-02T00:30:00Z"),
      now: at("2026-06-01T11:00:00Z"),
      estimate: { averageCallSeconds: 3600, concurrency: 2 },
    });
    expect(plan.check.runSeconds).toBe(3600);
    expect(plan.check.outside).toBe(2);
    expect(plan.check.earliestStart).toBe("2026-06-02T12:00:00.000Z");
  });

  it("a start in the past is planned from now", () => {
    const plan = planCallingHours({
      numbers: ["+12125550101"],
      defaultCountry: "US",
      hours: federal,
      startAt: at("2026-06-01T05:00:00Z"),
      now: at("2026-06-01T13:07:30Z"),
      estimate: { averageCallSeconds: 60, concurrency: 1 },
    });
    expect(plan.check.earliestStart).toBe("2026-06-01T13:08:00.000Z");
  });
});
