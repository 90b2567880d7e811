import { describe, expect, it } from "vitest";
import { cpuSlowdownFor } from "@/bench/support/cpu-slowdown";

describe("cpuSlowdownFor (Lighthouse's CPU throttling calculator)", () => {
  it("gives Lighthouse's default 4× at the calculator's reference index, and its anchor points", () => {
    expect(cpuSlowdownFor(1533)).toBeCloseTo(4, 1);
    expect(cpuSlowdownFor(2000)).toBeCloseTo(6, 1);
    expect(cpuSlowdownFor(1300)).toBe(3);
    expect(cpuSlowdownFor(800)).toBe(2);
    expect(cpuSlowdownFor(150)).toBe(1);
  });

  it("slows a fast host more than a slow one, continuously across the brackets", () => {
    expect(cpuSlowdownFor(2200)).toBeGreaterThan(cpuSlowdownFor(1300));
    expect(cpuSlowdownFor(1299.999)).toBeCloseTo(cpuSlowdownFor(1300), 3);
    expect(cpuSlowdownFor(799.999)).toBeCloseTo(cpuSlowdownFor(800), 3);
  });

  it("refuses a host too slow to stand for the phone", () => {
    expect(() => cpuSlowdownFor(120)).toThrow(/too slow/);
    expect(() => cpuSlowdownFor(Number.NaN)).toThrow();
  });
});
