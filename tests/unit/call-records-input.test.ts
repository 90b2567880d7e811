import { describe, expect, it } from "vitest";
import { parseRange } from "@/lib/call-records/byte-range";
import { searchQuerySchema, searchTerm } from "@/lib/call-records/search-term";

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

describe("search terms", () => {
  it.each(["(415) 555-0134", "415-555-0134", "+14155550134", "415.555.0134", "1 415 555 0134", "+1 (415) 555 0134"])(
    "%s is the phone number +14155550134",
    (query) => {
      expect(searchTerm(query)).toEqual({ kind: "phone", upstream: "+14155550134" });
    },
  );

  it("keeps international numbers in their country", () => {
    expect(searchTerm("+44 20 7946 0958")).toEqual({ kind: "phone", upstream: "+442079460958" });
  });

  it.each(["Liam", "Smith 2024", "555", "order #41", "liam.nguyen@mail.example.com"])("%s is text", (query) => {
    expect(searchTerm(query)).toEqual({ kind: "text", upstream: query });
  });

  it("validates the query: trimmed, 1–100 characters, no control characters", () => {
    expect(searchQuerySchema.parse({ q: "  Liam " })).toEqual({ q: "Liam" });
    expect(searchQuerySchema.safeParse({ q: "   " }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: "x".repeat(101) }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: "a\u0000b" }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: "a", extra: "1" }).success).toBe(false);
  });
});
