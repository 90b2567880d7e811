import { describe, expect, it } from "vitest";
import { formatCount, formatDuration, percent, wallClock } from "@/lib/shared/format";

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [42, "42s"],
    [59, "59s"],
    [60, "1m 0s"],
    [102, "1m 42s"],
    [3600, "1h 00m 00s"],
    [3723, "1h 02m 03s"],
    [86_400, "24h 00m 00s"],
  ])("%s seconds is %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("rounds fractional seconds", () => {
    expect(formatDuration(42.4)).toBe("42s");
    expect(formatDuration(42.6)).toBe("43s");
    expect(formatDuration(59.5)).toBe("1m 0s");
    expect(formatDuration(0.4)).toBe("0s");
  });

  it("shows a dash for missing or non-finite values", () => {
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("—");
  });
});

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [7, "7"],
    [999, "999"],
    [1000, "1,000"],
    [12345, "12,345"],
    [100000, "100,000"],
    [1234567, "1,234,567"],
  ])("writes %d as %s, like en-US toLocaleString", (value, text) => {
    expect(formatCount(value)).toBe(text);
    expect(formatCount(value)).toBe(value.toLocaleString("en-US"));
  });
});

describe("percent", () => {
  it("floors, and is 0 for an empty whole", () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(2, 3)).toBe(66);
    expect(percent(150, 150)).toBe(100);
    expect(percent(5, 0)).toBe(0);
  });
});

describe("wallClock", () => {
  const instant = Date.UTC(2025, 0, 31, 23, 30, 5);

  it("reads an instant at UTC and at offsets east and west, across a date line", () => {
    expect(wallClock(instant, 0)).toEqual({ date: "2025-01-31", time: "23:30:05", zone: "UTC+00:00" });
    expect(wallClock(instant, 60)).toEqual({ date: "2025-02-01", time: "00:30:05", zone: "UTC+01:00" });
    expect(wallClock(instant, 345)).toEqual({ date: "2025-02-01", time: "05:15:05", zone: "UTC+05:45" });
    expect(wallClock(instant, -600)).toEqual({ date: "2025-01-31", time: "13:30:05", zone: "UTC\u221210:00" });
  });

  // The server renders UTC and the browser local time: equal lengths keep the layout still.
  it("gives text of the same length at every offset", () => {
    const lengths = new Set<string>();
    for (let offset = -12 * 60; offset <= 14 * 60; offset += 15) {
      const { date, time, zone } = wallClock(instant, offset);
      lengths.add(`${date.length}/${time.length}/${zone.length}`);
    }
    expect([...lengths]).toEqual(["10/8/9"]);
  });
});
