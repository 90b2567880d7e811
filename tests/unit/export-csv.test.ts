import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../dev/simulator/prng";
import {
  CallCsvWriter,
  exportFilename,
  extraMetadataColumn,
  metadataKeyUnion,
  neutraliseFormula,
} from "@/lib/export/csv";
import { metadataText } from "@/lib/shared/metadata-cell";
import { batchCallsSchema, callSchema, type Call } from "@/lib/trillet/schemas";

const call = (fields: Partial<Call> & { jobId: string }): Call =>
  callSchema.parse({ status: "completed", phone_number: "+14155550100", metadata: {}, ...fields });

const readCsv = (text: string): string[][] => parse(text.replace(/^\uFEFF/, ""), { relax_column_count: false });

describe("neutraliseFormula", () => {
  it.each([
    "=1+2",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '=HYPERLINK("http://evil.test","x")',
    "=cmd|' /C calc'!A0",
    // A leading NUL: some importers drop it and evaluate what follows.
    "\u0000=1+2",
    "\u0000@SUM(A1)",
    "\u0000",
  ])("prefixes %j so spreadsheets show it as text", (value) => expect(neutraliseFormula(value)).toBe(`'${value}`));

  it.each(["+14155550100", "-42", "42", "3.14", "Alice", "", "a=b", " =1"])("leaves %j alone", (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });
});

describe("CallCsvWriter", () => {
  it("writes the documented columns with ISO 8601 UTC times and one column per metadata key", () => {
    const calls = [
      call({
        jobId: "c1",
        startTime: 1703097600000,
        endTime: 1703097642000,
        duration: 42,
        metadata: { first_name: "John", email: "j@x.test" },
      }),
      call({
        jobId: "c2",
        status: "failed",
        error: "Number busy",
        metadata: { last_name: "Smith", first_name: "Jane" },
      }),
    ];
    const writer = new CallCsvWriter("csv", metadataKeyUnion(calls));
    const rows = readCsv(writer.headerText(false) + writer.rowsText(calls));
    expect(rows[0]).toEqual([
      "jobId",
      "status",
      "phone_number",
      "started_at",
      "ended_at",
      "duration_seconds",
      "error",
      "first_name",
      "email",
      "last_name",
      extraMetadataColumn,
    ]);
    expect(rows[1]).toEqual([
      "c1",
      "completed",
      "+14155550100",
      "2023-12-20T18:40:00.000Z",
      "2023-12-20T18:40:42.000Z",
      "42",
      "",
      "John",
      "j@x.test",
      "",
      "",
    ]);
    expect(rows[2]).toEqual(["c2", "failed", "+14155550100", "", "", "", "Number busy", "Jane", "", "Smith", ""]);
  });

  it("round-trips quotes, commas, newlines and unicode exactly", () => {
    const tricky = 'He said "call me", then\r\nhung up; 👩🏽‍💻 Zoë مريم';
    const calls = [call({ jobId: "c1", metadata: { notes: tricky, "Contact, Owner": "Dana" } })];
    const writer = new CallCsvWriter("csv", metadataKeyUnion(calls));
    const rows = readCsv(writer.headerText(false) + writer.rowsText(calls));
    expect(rows[0]).toContain("Contact, Owner");
    expect(rows[1]).toContain(tricky);
  });

  it("neutralises formulas in cells, errors and headers", () => {
    const calls = [
      call({
        jobId: "c1",
        status: "failed",
        error: '=HYPERLINK("http://evil.test")',
        metadata: { "=cmd": "@SUM(A1)" },
      }),
    ];
    const writer = new CallCsvWriter("csv", metadataKeyUnion(calls));
    const rows = readCsv(writer.headerText(false) + writer.rowsText(calls));
    expect(rows[0]).toContain("'=cmd");
    expect(rows[1]).toContain("'@SUM(A1)");
    expect(rows[1]).toContain('\'=HYPERLINK("http://evil.test")');
  });

  it("keeps keys that appear after the header was written, as JSON in the last column", () => {
    const writer = new CallCsvWriter("csv", ["first_name"]);
    const rows = readCsv(
      writer.headerText(false) +
        writer.rowsText([call({ jobId: "c9", metadata: { first_name: "A", company: "Acme" } })]),
    );
    expect(rows[1]!.at(-1)).toBe('{"company":"Acme"}');
  });

  it("keeps rows aligned with the header when a metadata key is named like a fixed column", () => {
    const calls = [call({ jobId: "c1", metadata: { status: "vip", phone_number: "+14155550199", name: "Ann" } })];
    const writer = new CallCsvWriter("csv", metadataKeyUnion(calls));
    const [header, row] = readCsv(writer.headerText(false) + writer.rowsText(calls));
    expect(header).toEqual([
      "jobId",
      "status",
      "phone_number",
      "started_at",
      "ended_at",
      "duration_seconds",
      "error",
      "name",
      extraMetadataColumn,
    ]);
    expect(row).toEqual([
      "c1",
      "completed",
      "+14155550100",
      "",
      "",
      "",
      "",
      "Ann",
      '{"status":"vip","phone_number":"+14155550199"}',
    ]);
  });

  it("round-trips any mix of quotes, commas, line breaks and edge whitespace through a CSV parser", () => {
    const random = mulberry32(20261129);
    const alphabet = ["a", "Z", "7", ",", '"', "\r", "\n", "\r\n", " ", "\t", "é", "👩🏽‍💻", "=", "-", "'", ";"];
    const cellText = () =>
      Array.from({ length: Math.floor(random() * 9) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    const keys = ["k1", "k 2", "k,3", 'k"4'];
    const calls = Array.from({ length: 300 }, (_, index) =>
      call({
        jobId: `c${index}`,
        error: cellText(),
        metadata: Object.fromEntries(keys.map((key) => [key, cellText()])),
      }),
    );
    const writer = new CallCsvWriter("csv", keys);
    const rows = readCsv(writer.headerText(true) + writer.rowsText(calls));
    expect(rows).toHaveLength(calls.length + 1);
    calls.forEach((written, index) => {
      const row = rows[index + 1]!;
      expect(row[6]).toBe(neutraliseFormula(written.error!));
      expect(row.slice(7, 11)).toEqual(keys.map((key) => neutraliseFormula(metadataText(written.metadata[key]))));
    });
  });

  it("writes the re-run format: phone_number then the original columns, nothing else", () => {
    const calls = [
      call({
        jobId: "c1",
        status: "failed",
        phone_number: "+15125550116",
        metadata: { first_name: "Jane", email: "j@x.test" },
      }),
      call({ jobId: "c2", status: "failed", phone_number: "n/a", metadata: { first_name: "Nia", company: "Globex" } }),
    ];
    const writer = new CallCsvWriter("rerun", metadataKeyUnion(calls));
    const rows = readCsv(writer.headerText(false) + writer.rowsText(calls));
    expect(rows).toEqual([
      ["phone_number", "first_name", "email", "company"],
      ["+15125550116", "Jane", "j@x.test", ""],
      ["n/a", "Nia", "", "Globex"],
    ]);
  });

  it("starts with a BOM only when asked, for Excel", () => {
    const writer = new CallCsvWriter("csv", []);
    expect(writer.headerText(true).startsWith("\uFEFF")).toBe(true);
    expect(writer.headerText(false).startsWith("\uFEFF")).toBe(false);
  });

  it("never reads inherited properties for keys like constructor or __proto__", () => {
    const parsed = callSchema.parse(
      JSON.parse('{"jobId":"c1","status":"completed","phone_number":"1","metadata":{"__proto__":"p"}}'),
    );
    const writer = new CallCsvWriter("csv", ["__proto__", "constructor", "toString"]);
    const rows = readCsv(writer.headerText(false) + writer.rowsText([parsed]));
    expect(rows[1]!.slice(7, 10)).toEqual(["p", "", ""]);
  });
});

describe("CallCsvWriter, for replies beyond the docs", () => {
  it("writes metadata of every JSON type as the table shows it: objects and lists as compact JSON", () => {
    const parsed = callSchema.parse({
      jobId: "c1",
      status: "completed",
      phone_number: "+14155550100",
      metadata: {
        n: 36,
        neg: -12.5,
        yes: true,
        no: false,
        nothing: null,
        tags: ["a", 2, null],
        address: { city: "Paris", zip: "75001" },
        formula: ["=1+2"],
      },
    });
    const writer = new CallCsvWriter("csv", metadataKeyUnion([parsed]));
    const [header, row] = readCsv(writer.headerText(false) + writer.rowsText([parsed]));
    expect(header!.slice(7)).toEqual([
      "n",
      "neg",
      "yes",
      "no",
      "nothing",
      "tags",
      "address",
      "formula",
      "extra_metadata",
    ]);
    expect(row!.slice(7)).toEqual([
      "36",
      "-12.5",
      "true",
      "false",
      "",
      '["a",2,null]',
      '{"city":"Paris","zip":"75001"}',
      '["=1+2"]',
      "",
    ]);
  });

  it("keeps JSON types in the extra_metadata column", () => {
    const parsed = callSchema.parse({
      jobId: "c1",
      status: "completed",
      phone_number: "1",
      metadata: { first_name: "A", late: { n: 1, list: [true, null] } },
    });
    const writer = new CallCsvWriter("csv", ["first_name"]);
    const rows = readCsv(writer.headerText(false) + writer.rowsText([parsed]));
    expect(rows[1]!.at(-1)).toBe('{"late":{"n":1,"list":[true,null]}}');
  });

  it("writes an unreadable row with its jobId, status and why; the re-run file leaves it out", () => {
    const page = batchCallsSchema.parse({
      calls: [
        { jobId: "c1", status: "failed", phone_number: "+14155550100", metadata: { first_name: "Ann" } },
        { jobId: "c2", status: "failed", phone_number: { e164: "+14155550199" }, metadata: { first_name: "Bo" } },
        { status: "voicemail", phone_number: "+14155550198" },
      ],
      pagination: { page: 1, limit: 20, total: 3, totalPages: 1, hasNext: false, hasPrev: false },
      summary: { total: 3, waiting: 0, active: 0, completed: 0, failed: 2 },
    });
    const csv = new CallCsvWriter("csv", metadataKeyUnion(page.calls));
    expect(readCsv(csv.headerText(false) + csv.rowsText(page.calls))).toEqual([
      [
        "jobId",
        "status",
        "phone_number",
        "started_at",
        "ended_at",
        "duration_seconds",
        "error",
        "first_name",
        "extra_metadata",
      ],
      ["c1", "failed", "+14155550100", "", "", "", "", "Ann", ""],
      ["c2", "failed", "", "", "", "", "(unreadable row: phone_number is not text)", "", ""],
      ["", "voicemail", "", "", "", "", "(unreadable row: jobId missing)", "", ""],
    ]);
    const rerun = new CallCsvWriter("rerun", metadataKeyUnion(page.calls));
    expect(readCsv(rerun.headerText(false) + rerun.rowsText(page.calls))).toEqual([
      ["phone_number", "first_name"],
      ["+14155550100", "Ann"],
    ]);
  });
});

describe("metadataKeyUnion", () => {
  it("keeps first-seen order across rows", () => {
    const calls = [
      call({ jobId: "a", metadata: { b: "1", a: "2" } }),
      call({ jobId: "b", metadata: { c: "3", a: "4" } }),
    ];
    expect(metadataKeyUnion(calls)).toEqual(["b", "a", "c"]);
  });
});

describe("exportFilename", () => {
  it("names the batch, the filter and the day", () => {
    const day = new Date("2026-11-29T10:00:00Z");
    expect(exportFilename("batch_1", "failed", "csv", day)).toBe("batch_1-failed-2026-11-29.csv");
    expect(exportFilename("batch_1", "all", "rerun", day)).toBe("batch_1-failed-rerun-2026-11-29.csv");
  });
});
