import { describe, expect, it } from "vitest";
import { formatDuration, formatPhone, percent } from "@/lib/format";

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

describe("formatPhone", () => {
  it("formats a valid E.164 US number nationally", () => {
    expect(formatPhone("+14155552671")).toBe("(415) 555-2671");
    expect(formatPhone(" +1 415 555 2671 ")).toBe("(415) 555-2671");
    expect(formatPhone("4155552671")).toBe("(415) 555-2671");
  });

  it("keeps the country code of a non-US number (international format)", () => {
    expect(formatPhone("+442079460958")).toBe("+44 20 7946 0958");
  });

  it("returns anything that is not a valid number exactly as it came", () => {
    for (const raw of ["n/a", "", "   ", "+1234", "=HYPERLINK(\"http://evil.test\")", "<b>555</b>", "+1 (000) 000-0000", "call me"]) {
      expect(formatPhone(raw), raw).toBe(raw);
    }
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
