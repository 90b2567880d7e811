import { describe, expect, it } from "vitest";
import { toCallRows } from "@/lib/batch/phone-display";
import { otherStatusCount } from "@/lib/shared/call-status";
import { metadataCell, metadataText, metadataTexts } from "@/lib/shared/metadata-cell";
import { isBatchCallRows } from "@/lib/shared/response-checks";
import { TrilletError } from "@/lib/trillet/errors";
import { parseAnswer } from "@/lib/trillet/http";
import { batchCallsSchema, type BatchCalls } from "@/lib/trillet/schemas";

// Hardening issue, item A: an additive change in Trillet's replies must not take a batch page down.

const jsonMetadata = {
  text: "Ada",
  count: 36,
  negative: -12.5,
  flag: true,
  off: false,
  nothing: null,
  list: ["math", 2, null],
  object: { city: "London", zip: "W1" },
  nested: { deep: { list: [1, { three: 3 }] } },
  empty_list: [],
  empty_object: {},
};

/** A reply as Trillet might send it after an additive change: everything the docs have, and more. */
function additiveReply() {
  return {
    object: "list",
    apiVersion: "2026-03-01",
    calls: [
      {
        jobId: "call_1",
        status: "completed",
        phone_number: "+14155550101",
        startTime: 1735689600000,
        endTime: 1735689642000,
        duration: 42,
        recordingUrl: "https://recordings.test/1.mp3",
        sentiment: { label: "positive" },
        metadata: jsonMetadata,
      },
      { jobId: "call_2", status: "voicemail", phone_number: "+14155550102", duration: 18, metadata: {} },
      // Unreadable: no jobId.
      { status: "completed", phone_number: "+14155550103", metadata: { first_name: "Nobody" } },
      // Unreadable: a phone number that is an object.
      {
        jobId: "call_4",
        status: "failed",
        phone_number: { e164: "+14155550104" },
        error: "No answer",
        metadata: { first_name: "Olga" },
      },
      // Unreadable: not even an object.
      "call_5",
      // Unreadable: metadata that is a list, and a negative duration.
      { jobId: "call_6", status: "failed", phone_number: "+14155550106", duration: -1, metadata: ["Zed"] },
      { jobId: "call_7", status: "failed", phone_number: "+14155550107", error: "Busy", errorCode: "BUSY" },
    ],
    pagination: { page: 1, limit: 20, total: 7, totalPages: 1, hasNext: false, hasPrev: false, nextCursor: null },
    summary: { total: 7, waiting: 0, active: 0, completed: 2, failed: 3, voicemail: 1, other: 1 },
  };
}

const parse = (body: unknown): BatchCalls => parseAnswer({ status: 200, text: JSON.stringify(body) }, batchCallsSchema);

describe("reading a calls reply tolerantly", () => {
  it("reads an additive reply: every call is there, in order, and the documented fields are kept", () => {
    const page = parse(additiveReply());
    expect(page.calls.map((call) => call.jobId)).toEqual(["call_1", "call_2", "", "call_4", "", "call_6", "call_7"]);
    expect(page.pagination).toEqual({ page: 1, limit: 20, total: 7, totalPages: 1, hasNext: false, hasPrev: false });
    expect(page.calls[0]).toMatchObject({ startTime: 1735689600000, endTime: 1735689642000, duration: 42 });
  });

  it("ignores fields the docs do not have, at every level (no schema is strict)", () => {
    const page = parse(additiveReply());
    expect(Object.keys(page).sort()).toEqual(["calls", "pagination", "summary"]);
    expect(Object.keys(page.summary).sort()).toEqual(["active", "completed", "failed", "total", "waiting"]);
    expect(page.calls[0]).not.toHaveProperty("recordingUrl");
    expect(page.calls[0]).not.toHaveProperty("sentiment");
    expect(page.calls[6]).not.toHaveProperty("errorCode");
    expect(page.calls[6]!.unreadable).toBeUndefined();
  });

  it("keeps a status the docs do not list, as it came", () => {
    const call = parse(additiveReply()).calls[1]!;
    expect(call.status).toBe("voicemail");
    expect(call.unreadable).toBeUndefined();
  });

  it("keeps metadata values of every JSON type as they came", () => {
    expect(parse(additiveReply()).calls[0]!.metadata).toEqual(jsonMetadata);
  });

  it("turns each call it cannot read into an unreadable row that names the fields, and reads the others", () => {
    const calls = parse(additiveReply()).calls;
    expect(calls.map((call) => call.unreadable)).toEqual([
      undefined,
      undefined,
      "jobId missing",
      "phone_number is not text",
      "the call is not an object",
      "duration is not a number of seconds; metadata is not an object",
      undefined,
    ]);
    // What is kept of an unreadable row: its jobId and status when they are text, nothing else.
    expect(calls[3]).toMatchObject({ jobId: "call_4", status: "failed", phone_number: "", metadata: {} });
    expect(calls[3]!.error).toBeUndefined();
    expect(calls[2]).toMatchObject({ jobId: "", status: "completed", phone_number: "", metadata: {} });
    // The reason never carries a value from the row.
    const reasons = calls.map((call) => call.unreadable ?? "").join(" ");
    for (const value of ["+1415", "Nobody", "Olga", "Zed", "e164", "-1"]) expect(reasons).not.toContain(value);
  });

  type Reply = ReturnType<typeof additiveReply>;
  const without = (field: keyof Reply) => (body: Reply) =>
    Object.fromEntries(Object.entries(body).filter(([key]) => key !== field));

  it.each([
    ["no calls", without("calls")],
    ["calls not an array", (body: Reply) => ({ ...body, calls: { 0: body.calls[0] } })],
    ["no pagination", without("pagination")],
    ["no summary", without("summary")],
    ["a summary count as text", (body: Reply) => ({ ...body, summary: { ...body.summary, total: "7" } })],
    ["not an object", () => []],
  ])("still refuses a broken envelope (%s) as bad_response", (_name, breakIt) => {
    let thrown: unknown;
    try {
      parse(breakIt(additiveReply()));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TrilletError);
    expect((thrown as TrilletError).kind).toBe("bad_response");
  });
});

describe("metadata as text: one rule for the table, the dialog and the CSV", () => {
  it.each([
    ["Ada", "Ada"],
    ["", ""],
    [36, "36"],
    [-12.5, "-12.5"],
    [1e21, "1e+21"],
    [true, "true"],
    [false, "false"],
    [null, ""],
    [["math", 2, null], '["math",2,null]'],
    [{ city: "London", zip: "W1" }, '{"city":"London","zip":"W1"}'],
    [{ deep: { list: [1, { three: 3 }] } }, '{"deep":{"list":[1,{"three":3}]}}'],
    [[], "[]"],
    [{}, "{}"],
  ])("shows %j as %j", (value, text) => {
    expect(metadataText(value)).toBe(text);
  });

  it("reads own keys only, __proto__ included, for cells and for the browser's copy", () => {
    const metadata = JSON.parse('{"__proto__":{"a":1},"n":2}') as Record<string, never>;
    expect(metadataCell(metadata, "__proto__")).toBe('{"a":1}');
    expect(metadataCell(metadata, "constructor")).toBe("");
    const texts = metadataTexts(metadata);
    expect(Object.keys(texts)).toEqual(["__proto__", "n"]);
    expect(texts.n).toBe("2");
    expect(Object.getPrototypeOf(texts)).toBe(Object.prototype);
  });
});

describe("rows for the browser", () => {
  it("carry every metadata value as text and unreadable rows as they are, and pass the browser's check", () => {
    const rows = toCallRows(parse(additiveReply()));
    expect(rows.calls[0]!.metadata).toEqual({
      text: "Ada",
      count: "36",
      negative: "-12.5",
      flag: "true",
      off: "false",
      nothing: "",
      list: '["math",2,null]',
      object: '{"city":"London","zip":"W1"}',
      nested: '{"deep":{"list":[1,{"three":3}]}}',
      empty_list: "[]",
      empty_object: "{}",
    });
    expect(rows.calls[3]).toMatchObject({ jobId: "call_4", unreadable: "phone_number is not text", phoneDisplay: "" });
    // Through JSON, as the browser receives it.
    expect(isBatchCallRows(JSON.parse(JSON.stringify(rows)))).toBe(true);
  });

  it("the browser's check still refuses metadata that is not text, and an unreadable flag that is not text", () => {
    const rows = JSON.parse(JSON.stringify(toCallRows(parse(additiveReply())))) as {
      calls: Record<string, unknown>[];
    };
    const withNumber = structuredClone(rows);
    withNumber.calls[0]!.metadata = { count: 36 };
    expect(isBatchCallRows(withNumber)).toBe(false);
    const withFlag = structuredClone(rows);
    withFlag.calls[2]!.unreadable = true;
    expect(isBatchCallRows(withFlag)).toBe(false);
  });
});

describe("otherStatusCount", () => {
  it("counts calls in the total but in none of the documented counters, never below zero", () => {
    expect(otherStatusCount({ total: 7, waiting: 0, active: 0, completed: 2, failed: 3 })).toBe(2);
    expect(otherStatusCount({ total: 150, waiting: 45, active: 5, completed: 95, failed: 5 })).toBe(0);
    expect(otherStatusCount({ total: 3, waiting: 1, active: 1, completed: 1, failed: 1 })).toBe(0);
  });
});
