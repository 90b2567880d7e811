import { describe, expect, it } from "vitest";
import { parseRange } from "@/lib/call-records/byte-range";

describe("Range parsing", () => {
  it.each([
    [null, { kind: "whole" }],
    ["bytes=0-99", { kind: "part", start: 0, end: 99 }],
    ["bytes=100-", { kind: "part", start: 100, end: 999 }],
    ["bytes=-100", { kind: "part", start: 900, end: 999 }],
    ["bytes=-5000", { kind: "part", start: 0, end: 999 }],
    ["bytes=990-5000", { kind: "part", start: 990, end: 999 }],
    [" bytes=5-5 ", { kind: "part", start: 5, end: 5 }],
  ])("%s on 1000 bytes → %j", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it.each([
    "bytes=1000-",
    "bytes=5000-6000",
    "bytes=10-5",
    "bytes=-0",
    "bytes=-",
    "bytes=0-9,20-29",
    "items=0-9",
    "bytes=abc-",
    "bytes=0x10-",
    "",
    "bytes=99999999999999999999-",
  ])("%j is unsatisfiable (416)", (header) => {
    expect(parseRange(header, 1000)).toEqual({ kind: "unsatisfiable" });
  });

  it("nothing of an empty body can be asked for", () => {
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
  });
});
