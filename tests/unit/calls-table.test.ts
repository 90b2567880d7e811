import { describe, expect, it } from "vitest";
import { pageFromInput, selectedJobIds, selectionFilterKey, selectionSummary } from "@/lib/shared/call-selection";
import { firstDayOf, tableTime } from "@/lib/shared/call-time";
import { parseVisibility, readVisibility, writeVisibility } from "@/lib/shared/column-visibility";
import { columnsStorageKey } from "@/lib/shared/local-choices";

describe("selection", () => {
  it("belongs to the status tab and the search, not to the page or page size", () => {
    const key = selectionFilterKey({ status: "failed" });
    expect(selectionFilterKey({ status: "failed", q: undefined })).toBe(key);
    expect(selectionFilterKey({ status: "completed" })).not.toBe(key);
    expect(selectionFilterKey({ status: "failed", q: "Walsh" })).not.toBe(key);
  });

  it("lists the ids in the order picked and says how many are on other pages", () => {
    const ids = selectedJobIds({ call_9: true, call_2: true, call_5: true });
    expect(ids).toEqual(["call_9", "call_2", "call_5"]);
    expect(selectionSummary(["call_1"], new Set(["call_1"]))).toBe("1 call selected");
    expect(selectionSummary(ids, new Set(["call_2"]))).toBe("3 calls selected (2 on other pages)");
  });
});

describe("the pager's page field", () => {
  it("reads a page number and clamps it to the pages there are", () => {
    expect(pageFromInput("3", 10)).toBe(3);
    expect(pageFromInput(" 4,000 ", 5_000)).toBe(4_000);
    expect(pageFromInput("0", 10)).toBe(1);
    expect(pageFromInput("99", 10)).toBe(10);
  });

  it("refuses what is not a whole number", () => {
    for (const text of ["", "x", "-2", "1.5", "1e3", "２"]) expect(pageFromInput(text, 10), text).toBeUndefined();
  });
});

describe("times in the calls table", () => {
  const day1 = Date.UTC(2026, 11, 6, 22, 30);
  const sameDay = Date.UTC(2026, 11, 6, 23, 59, 59);
  const nextDay = Date.UTC(2026, 11, 7, 0, 0, 1);

  it("show the time alone on the batch's first day, the date too on another day", () => {
    expect(tableTime(sameDay, day1, 0)).toBe("23:59:59");
    expect(tableTime(nextDay, day1, 0)).toBe("2026-12-07 00:00:01");
  });

  it("count days in the zone shown: at UTC+2 both calls are on the 7th", () => {
    expect(tableTime(sameDay, nextDay, 120)).toBe("01:59:59");
    expect(tableTime(day1, day1 - 86_400_000, 120)).toBe("2026-12-07 00:30:00");
  });

  it("take the batch's start, else the earliest time among the rows", () => {
    expect(firstDayOf(day1, [{ startTime: nextDay }])).toBe(day1);
    expect(firstDayOf(undefined, [{ startTime: nextDay }, { endTime: sameDay }, {}])).toBe(sameDay);
    expect(firstDayOf(undefined, [])).toBeUndefined();
    expect(tableTime(nextDay, undefined, 0)).toBe("00:00:01");
  });
});

describe("remembered columns", () => {
  const memory = () => {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
    };
  };

  it("round-trips per batch", () => {
    const storage = memory();
    expect(writeVisibility(storage, "acme", "batch_1", { email: false })).toBe(true);
    expect(readVisibility(storage, "acme", "batch_1")).toEqual({ email: false });
    expect(readVisibility(storage, "acme", "batch_2")).toEqual({});
  });

  it("shows every column when the stored text is unreadable or storage is blocked", () => {
    const storage = memory();
    storage.items.set(columnsStorageKey("acme", "b"), "{not json");
    expect(readVisibility(storage, "acme", "b")).toEqual({});
    storage.items.set(columnsStorageKey("acme", "b"), JSON.stringify({ email: "no" }));
    expect(readVisibility(storage, "acme", "b")).toEqual({});
    const blocked = {
      getItem: () => {
        throw new Error("blocked");
      },
      setItem: () => {
        throw new Error("blocked");
      },
    };
    expect(readVisibility(blocked, "acme", "b")).toEqual({});
    expect(writeVisibility(blocked, "acme", "b", { email: false })).toBe(false);
    expect(readVisibility(undefined, "acme", "b")).toEqual({});
  });

  it("keeps a __proto__ column as an own key", () => {
    const parsed = parseVisibility(JSON.parse('{"__proto__": false}'))!;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
  });
});
