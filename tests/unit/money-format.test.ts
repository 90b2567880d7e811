import { describe, expect, it } from "vitest";
import { formatMinutes, formatMoney } from "@/lib/shared/format";

describe("formatMoney", () => {
  it("rounds a charge to the currency's digits and keeps the exact figure with its unit", () => {
    expect(formatMoney(0.0824, "USD")).toEqual({ shown: "$0.08", exact: "0.0824 USD" });
    expect(formatMoney(12.345678, "EUR")).toEqual({ shown: "€12.35", exact: "12.345678 EUR" });
    expect(formatMoney(1234.5, "USD").shown).toBe("$1,234.50");
  });

  it("uses the currency's own digits (no cents in yen)", () => {
    expect(formatMoney(12.6, "JPY").shown).toBe("¥13");
  });

  it("says a tiny charge is below the smallest unit instead of showing nothing", () => {
    expect(formatMoney(0.0004, "USD")).toEqual({ shown: "<$0.01", exact: "0.0004 USD" });
    expect(formatMoney(0, "USD").shown).toBe("$0.00");
  });

  it("falls back to USD for a code that is not three capitals", () => {
    expect(formatMoney(1, "dollars").exact).toBe("1 USD");
  });
});

describe("formatMinutes", () => {
  it.each([
    [0, "0 min"],
    [10, "<1 min"],
    [90, "2 min"],
    [60 * 1234, "1,234 min"],
  ])("%s seconds is %s", (seconds, text) => {
    expect(formatMinutes(seconds)).toBe(text);
  });
});
