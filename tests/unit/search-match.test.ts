import { afterEach, describe, expect, it } from "vitest";
import { matches, toSearchable, type IndexedCall } from "@/lib/search/entry";
import { normaliseText } from "@/lib/search/normalise";
import { parseSearch, searchRequestSchema } from "@/lib/search/query";
import { indexTtlMs } from "@/lib/search/settings";

function call(phone: string, metadata: Record<string, string>, jobId = "job_1"): IndexedCall {
  return { jobId, status: "failed", phone_number: phone, metadata, error: "Number busy" } as IndexedCall;
}

const finds = (query: string, row: IndexedCall) => matches(toSearchable(row), parseSearch(query));

describe("numbers in any format, or part of one", () => {
  const stored = call("+14155550123", { first_name: "Zoë" });

  it.each(["(415) 555-0123", "415-555-0123", "+14155550123", "415.555.0123", "+1 (415) 555 0123", "1 415 555 0123"])(
    "%s finds +14155550123",
    (query) => {
      expect(parseSearch(query).kind).toBe("phone");
      expect(finds(query, stored)).toBe(true);
    },
  );

  it.each(["0123", "555-0123", "5550123", "(415) 555-01", "4155"])("the part %s finds it", (query) => {
    expect(finds(query, stored)).toBe(true);
  });

  it.each(["555-0124", "(415) 555-02", "+44 20 7946 0958", "0199"])("%s does not", (query) => {
    expect(finds(query, stored)).toBe(false);
  });

  it("finds a number stored without its country code from one typed with it, and the other way round", () => {
    const national = call("(415) 555-0123", {});
    expect(finds("+1 415 555 0123", national)).toBe(true);
    expect(finds("415-555-0123", stored)).toBe(true);
  });

  it("finds an international number typed in its national form, trunk 0 and all", () => {
    const london = call("+442079460958", {});
    expect(finds("020 7946 0958", london)).toBe(true);
    expect(finds("+44 20 7946 0958", london)).toBe(true);
    expect(finds("7946 0958", london)).toBe(true);
  });

  it("finds a run of digits in a CSV field too (a second number, an account id)", () => {
    const row = call("+14155550123", { account_id: "ACC-077123", alt_phone: "(212) 555-0199" });
    expect(finds("077123", row)).toBe(true);
    expect(finds("212-555-0199", row)).toBe(true);
  });
});

describe("names, emails and any CSV text", () => {
  const zoe = call("+12125550191", { first_name: "Zoë", last_name: "Rossi", email: "zoe.rossi@example.net" });
  const agard = call("+14155550100", { first_name: "Astrid", last_name: "Ågård", notes: "Rappelle  après\t17 h" });
  const obrien = call("+14155550101", { first_name: "Chloé", last_name: "O'Brien" });
  const typographic = call("+14155550102", { first_name: "Siobhán", last_name: "O’Brien" });
  const boLi = call("+14155550103", { first_name: "Bo", last_name: "Li" });

  it("ignores case and accents on either side", () => {
    expect(finds("zoe", zoe)).toBe(true);
    expect(finds("ZOË ROSSI", zoe)).toBe(true);
    expect(finds("agard", agard)).toBe(true);
    expect(finds("Ågård", agard)).toBe(true);
    expect(finds("siobhan", typographic)).toBe(true);
  });

  it("treats typographic and plain apostrophes alike", () => {
    for (const row of [obrien, typographic]) {
      expect(finds("O’Brien", row)).toBe(true);
      expect(finds("o'brien", row)).toBe(true);
    }
  });

  it("needs every word, in any order, anywhere in the row", () => {
    expect(finds("li bo", boLi)).toBe(true);
    expect(finds("Bo Li", boLi)).toBe(true);
    expect(finds("Rossi zoe.rossi@example.net", zoe)).toBe(true);
    expect(finds("Zoë Smith", zoe)).toBe(false);
    expect(finds("après 17 h", agard)).toBe(true);
  });

  it("finds an email whole, the job id and the error text", () => {
    expect(finds("zoe.rossi@example.net", zoe)).toBe(true);
    expect(finds("job_1", zoe)).toBe(true);
    expect(finds("busy", zoe)).toBe(true);
  });

  it("never lets one word span two fields", () => {
    expect(finds("zoë rossizoe", zoe)).toBe(false);
    expect(normaliseText("  Zoë\u00a0 O’Brien\n")).toBe("zoe o'brien");
  });
});

describe("the request", () => {
  it("takes the table's view with the search: trimmed, 1–100 characters, no control characters", () => {
    expect(searchRequestSchema.parse({ q: "  Liam " })).toEqual({ q: "Liam", status: "all", page: 1, limit: 20 });
    expect(searchRequestSchema.parse({ q: "Liam", status: "failed", page: "2", limit: "50" })).toEqual({
      q: "Liam",
      status: "failed",
      page: 2,
      limit: 50,
    });
    for (const bad of [
      { q: "   " },
      { q: "x".repeat(101) },
      { q: "a\u0000b" },
      { q: "a", extra: "1" },
      { q: "a", page: "0" },
    ]) {
      expect(searchRequestSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe("SEARCH_INDEX_TTL_HOURS", () => {
  const saved = process.env.SEARCH_INDEX_TTL_HOURS;
  afterEach(() => {
    if (saved === undefined) delete process.env.SEARCH_INDEX_TTL_HOURS;
    else process.env.SEARCH_INDEX_TTL_HOURS = saved;
  });

  it("keeps an index 24 hours unless told otherwise, and a bad value falls back to that", () => {
    delete process.env.SEARCH_INDEX_TTL_HOURS;
    expect(indexTtlMs()).toBe(24 * 3_600_000);
    process.env.SEARCH_INDEX_TTL_HOURS = "2";
    expect(indexTtlMs()).toBe(2 * 3_600_000);
    process.env.SEARCH_INDEX_TTL_HOURS = "soon";
    expect(indexTtlMs()).toBe(24 * 3_600_000);
  });
});
