import { describe, expect, it } from "vitest";
import { formatPhone, toCallRows, toFailureReasonRows } from "@/lib/batch/phone-display";

describe("formatPhone (server side)", () => {
  it("formats a valid E.164 US number nationally", () => {
    expect(formatPhone("+14155552671")).toBe("(415) 555-2671");
    expect(formatPhone(" +1 415 555 2671 ")).toBe("(415) 555-2671");
    expect(formatPhone("4155552671")).toBe("(415) 555-2671");
  });

  it("keeps the country code of a non-US number (international format)", () => {
    expect(formatPhone("+442079460958")).toBe("+44 20 7946 0958");
  });

  it("returns anything that is not a valid number exactly as it came", () => {
    for (const raw of [
      "n/a",
      "",
      "   ",
      "+1234",
      '=HYPERLINK("http://evil.test")',
      "<b>555</b>",
      "+1 (000) 000-0000",
      "call me",
    ]) {
      expect(formatPhone(raw), raw).toBe(raw);
    }
  });
});

describe("rows for the browser", () => {
  const call = {
    jobId: "call_1",
    status: "failed",
    phone_number: "+14155552671",
    startTime: undefined,
    endTime: undefined,
    duration: undefined,
    error: undefined,
    metadata: {},
  };

  it("adds the display text to every call of a page and keeps everything else", () => {
    const page = {
      calls: [call, { ...call, jobId: "call_2", phone_number: "n/a" }],
      pagination: { page: 1, limit: 20, total: 2, totalPages: 1, hasNext: false, hasPrev: false },
      summary: { total: 2, waiting: 0, active: 0, completed: 0, failed: 2 },
    };
    const rows = toCallRows(page);
    expect(rows.calls.map((row) => row.phoneDisplay)).toEqual(["(415) 555-2671", "n/a"]);
    expect(rows.calls[0]).toEqual({ ...call, phoneDisplay: "(415) 555-2671" });
    expect(rows.pagination).toBe(page.pagination);
    expect(rows.summary).toBe(page.summary);
  });

  it("adds the display text to the calls behind each failure reason", () => {
    const rows = toFailureReasonRows({
      totalFailed: 1,
      examined: 1,
      complete: true,
      reasons: [
        { reason: "Number busy", count: 1, calls: [{ jobId: "call_1", phone_number: "+442079460958", endTime: 5 }] },
      ],
    });
    expect(rows.reasons[0]!.calls).toEqual([
      { jobId: "call_1", phone_number: "+442079460958", endTime: 5, phoneDisplay: "+44 20 7946 0958" },
    ]);
  });
});
