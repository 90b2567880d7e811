import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  decodeCsv,
  intakeCsv,
  invalidRowsCsv,
  maxCsvBytes,
  type IntakeOptions,
  type IntakeResult,
  type IntakeSummary,
} from "@/lib/shared/contacts";

const us: IntakeOptions = { defaultCountry: "US", maxRows: 100_000 };

function ok(result: IntakeResult): IntakeSummary {
  if (!result.ok) throw new Error(`refused: ${result.problem.code} ${result.problem.message}`);
  return result.summary;
}
function refused(result: IntakeResult) {
  if (result.ok) throw new Error("accepted");
  return result.problem;
}
const sent = (summary: IntakeSummary) => parse(summary.csv, { bom: false }) as string[][];
const bytes = (text: string) => new TextEncoder().encode(text);

describe("intakeCsv", () => {
  it("normalises numbers to E.164 with the default country and puts phone_number first", () => {
    const s = ok(intakeCsv("first_name,phone_number,email\nAda,(201) 555-0123,ada@x.test\nBo,+44 7911 123456,\n", us));
    expect(s.columns).toEqual(["phone_number", "first_name", "email"]);
    expect(sent(s)).toEqual([
      ["phone_number", "first_name", "email"],
      ["+12015550123", "Ada", "ada@x.test"],
      ["+447911123456", "Bo", ""],
    ]);
    expect(s).toMatchObject({
      rows: 2,
      valid: 2,
      invalid: [],
      duplicates: [],
      delimiter: ",",
      phoneColumnMapped: false,
    });
    expect(s.preview).toEqual([
      ["+12015550123", "Ada", "ada@x.test"],
      ["+447911123456", "Bo", ""],
    ]);
  });

  it("uses the workspace's country for national numbers", () => {
    const s = ok(intakeCsv("phone_number\n07911 123456\n", { ...us, defaultCountry: "GB" }));
    expect(sent(s)[1]).toEqual(["+447911123456"]);
    const inUs = intakeCsv("phone_number\n07911 123456\n", us);
    expect(refused(inUs).code).toBe("no-valid-rows");
  });

  it("drops a UTF-8 byte order mark (as text and as bytes)", () => {
    const text = "\uFEFFphone_number,name\n2015550123,Ada\n";
    expect(ok(intakeCsv(text, us)).columns).toEqual(["phone_number", "name"]);
    const decoded = decodeCsv(bytes(text));
    expect(decoded.ok && decoded.text.startsWith("phone_number")).toBe(true);
  });

  it("reads ; and tab delimited files", () => {
    const semi = ok(intakeCsv("name;phone_number;note\nAda;2015550123;a,b\n", us));
    expect(semi.delimiter).toBe(";");
    expect(sent(semi)[1]).toEqual(["+12015550123", "Ada", "a,b"]);
    const tab = ok(intakeCsv("name\tphone_number\nAda\t2015550123\n", us));
    expect(tab.delimiter).toBe("\t");
    expect(sent(tab)[1]).toEqual(["+12015550123", "Ada"]);
  });

  it("keeps quoted newlines inside a cell and numbers rows as a spreadsheet does", () => {
    const s = ok(intakeCsv('phone_number,note\n2015550123,"line one\nline two"\nnope,x\n', us));
    expect(sent(s)[1]).toEqual(["+12015550123", "line one\nline two"]);
    expect(s.invalid).toEqual([{ row: 3, reason: "Not a phone number", value: "nope" }]);
  });

  it.each(["Phone", "phone number", "mobile", "Mobile Number", "PHONE_NUMBER"])(
    "offers a column named %s as phone_number and uses it once confirmed",
    (header) => {
      const text = `name,${header}\nAda,2015550123\n`;
      const problem = refused(intakeCsv(text, us));
      expect(problem.code).toBe("phone-column-unconfirmed");
      expect(problem.candidates).toEqual([header]);
      const s = ok(intakeCsv(text, { ...us, phoneColumn: header }));
      expect(s).toMatchObject({ phoneColumn: header, phoneColumnMapped: true, columns: ["phone_number", "name"] });
      expect(sent(s)[1]).toEqual(["+12015550123", "Ada"]);
    },
  );

  it("refuses a file with no phone column, naming its headers", () => {
    const problem = refused(intakeCsv("name,email\nAda,a@x.test\n", us));
    expect(problem.code).toBe("no-phone-column");
    expect(problem.message).toContain("“name”, “email”");
    expect(refused(intakeCsv("name\nAda\n", { ...us, phoneColumn: "Phone" })).code).toBe("no-phone-column");
  });

  it("refuses a confirmed column when phone_number exists too, and duplicate column names", () => {
    expect(refused(intakeCsv("phone_number,Phone\n1,2\n", { ...us, phoneColumn: "Phone" })).code).toBe("bad-header");
    expect(refused(intakeCsv("phone_number,name,name\n2015550123,a,b\n", us)).code).toBe("bad-header");
  });

  it("removes duplicates by E.164 number, keeping the first", () => {
    const s = ok(intakeCsv("phone_number,n\n(201) 555-0123,1\n+1 201 555 0123,2\n2015550124,3\n201.555.0123,4\n", us));
    expect(s.valid).toBe(2);
    expect(s.duplicates).toEqual([
      { row: 3, firstRow: 2 },
      { row: 5, firstRow: 2 },
    ]);
    expect(sent(s).map((r) => r[1])).toEqual(["n", "1", "3"]);
  });

  it("lists invalid rows with their row number and reason", () => {
    const text = [
      "phone_number,name",
      ",empty",
      "12,short",
      "+1 123 456 7890,no such area code",
      "+49 1234 567890,digits fail the plan",
      "201 555 0123 ext 5,extension",
      "2015550123,ok,extra",
      "2015550125,fine",
    ].join("\n");
    const s = ok(intakeCsv(text, us));
    expect(s.invalid).toEqual([
      { row: 2, reason: "No phone number", value: "" },
      { row: 3, reason: "Too short for a phone number", value: "12" },
      { row: 4, reason: "Not a valid phone number", value: "+1 123 456 7890" },
      { row: 5, reason: "Not a valid number in DE", value: "+49 1234 567890" },
      { row: 6, reason: "Has an extension, which the agent cannot dial", value: "201 555 0123 ext 5" },
      { row: 7, reason: "3 cells, but the header has 2", value: "2015550123" },
    ]);
    expect(s).toMatchObject({ rows: 7, valid: 1 });
  });

  it("skips blank lines without counting them, but keeps row numbers true to the file", () => {
    const s = ok(intakeCsv("\nphone_number\n\n  \nbad\n2015550123\n\n", us));
    expect(s.rows).toBe(2);
    expect(s.invalid).toEqual([{ row: 5, reason: "Not a phone number", value: "bad" }]);
  });

  it("pads short rows and ignores nameless columns", () => {
    const s = ok(intakeCsv("phone_number,,name\n2015550123\n2015550124,x,Bo\n", us));
    expect(s.ignoredColumns).toEqual([2]);
    expect(sent(s)).toEqual([
      ["phone_number", "name"],
      ["+12015550123", ""],
      ["+12015550124", "Bo"],
    ]);
  });

  it("keeps formula-looking cells as text in the file sent and neutralises them in the invalid-rows download", () => {
    const text = 'phone_number,name,note\n2015550123,=HYPERLINK("http://x.test"),+1+1\n=1+1,@SUM(A1),-2\n';
    const s = ok(intakeCsv(text, us));
    expect(sent(s)[1]).toEqual(["+12015550123", '=HYPERLINK("http://x.test")', "+1+1"]);
    expect(s.preview[0]).toEqual(["+12015550123", '=HYPERLINK("http://x.test")', "+1+1"]);
    expect(s.invalid).toEqual([{ row: 3, reason: "Not a phone number", value: "=1+1" }]);
    const download = parse(invalidRowsCsv(s.invalid)) as string[][];
    expect(download).toEqual([
      ["row", "reason", "phone_number"],
      ["3", "Not a phone number", "'=1+1"],
    ]);
  });

  it("refuses an empty file, a header alone, and a file with no valid row", () => {
    expect(refused(intakeCsv("", us)).code).toBe("empty");
    expect(refused(intakeCsv("\n\n", us)).code).toBe("empty");
    expect(refused(intakeCsv("phone_number\n", us)).code).toBe("empty");
    const none = refused(intakeCsv("phone_number\nx\ny\n", us));
    expect(none.code).toBe("no-valid-rows");
    expect(none.message).toContain("2 rows");
  });

  it("refuses more rows than the maximum, and accepts exactly the maximum", () => {
    const text = (n: number) =>
      ["phone_number", ...Array.from({ length: n }, (_, i) => `20155${String(i).padStart(5, "0")}`)].join("\n");
    expect(ok(intakeCsv(text(3), { ...us, maxRows: 3 })).rows).toBe(3);
    const problem = refused(intakeCsv(text(4), { ...us, maxRows: 3 }));
    expect(problem.code).toBe("too-many-rows");
    expect(problem.message).toContain("more than 3 rows");
  });

  it("refuses an unclosed quote instead of swallowing the rest of the file", () => {
    const problem = refused(intakeCsv('phone_number,note\n2015550123,"open\n2015550124,x\n', us));
    expect(problem).toMatchObject({ code: "unclosed-quote" });
    expect(problem.message).toContain("Row 2");
  });

  it("refuses a file to send over the byte limit", () => {
    const problem = refused(intakeCsv("phone_number,note\n2015550123,abcdefghij\n", { ...us, maxBytes: 20 }));
    expect(problem.code).toBe("too-large");
  });

  it("quotes cells with commas, quotes and edge spaces, and counts UTF-8 bytes", () => {
    const s = ok(intakeCsv('phone_number,note\n2015550123,"a ""b"", c"\n2015550124," é "\n', us));
    expect(s.csv).toBe('phone_number,note\r\n+12015550123,"a ""b"", c"\r\n+12015550124," é "\r\n');
    expect(s.csvBytes).toBe(bytes(s.csv).length);
  });

  it("reads 100,000 rows (~12 MB) with invalid rows and duplicates, and reports progress", () => {
    const lines = ["first_name,last_name,phone_number,email,company,note"];
    for (let i = 0; i < 100_000; i++) {
      const phone =
        i % 50 === 7
          ? "not a number"
          : i % 40 === 3
            ? `(201) 555-${String(1000 + ((i - 3) % 9000)).padStart(4, "0")}`
            : `+1 (212) ${String(200 + (i % 700)).padStart(3, "0")}-${String(i % 10000).padStart(4, "0")}`;
      lines.push(
        `Firstname${i},Lastname${i},${phone},person${i}@example.test,"Company ${i}, Inc.",A note of some length to make rows realistic ${i}`,
      );
    }
    const text = lines.join("\n");
    expect(text.length).toBeGreaterThan(11_000_000);
    let progress = 0;
    const s = ok(intakeCsv(text, { ...us, onProgress: (n) => (progress = n) }));
    expect(s.rows).toBe(100_000);
    expect(s.invalid).toHaveLength(2000);
    expect(s.valid + s.invalid.length + s.duplicates.length).toBe(100_000);
    expect(s.duplicates.length).toBeGreaterThan(0);
    expect(progress).toBe(100_000);
    expect(s.preview).toHaveLength(20);
    expect(s.csv.split("\r\n")).toHaveLength(s.valid + 2);
  }, 120_000);
});

describe("decodeCsv", () => {
  it("accepts UTF-8 text", () => {
    expect(decodeCsv(bytes("phone_number\n2015550123\n"))).toEqual({ ok: true, text: "phone_number\n2015550123\n" });
  });

  it.each([
    ["a zip (xlsx)", [0x50, 0x4b, 0x03, 0x04, 1, 2]],
    ["a PDF", [0x25, 0x50, 0x44, 0x46, 0x2d]],
    ["a NUL byte", [0x61, 0x00, 0x62]],
    ["invalid UTF-8", [0x61, 0xc3, 0x28]],
    ["UTF-16", [0xff, 0xfe, 0x61, 0x00]],
  ])("refuses %s as not text", (_, data) => {
    const result = decodeCsv(new Uint8Array(data));
    expect(result.ok ? "" : result.problem.code).toBe("not-text");
  });

  it("refuses HTML", () => {
    const result = decodeCsv(bytes("  <!doctype html><html><body>phone_number</body></html>"));
    expect(result.ok ? "" : result.problem.code).toBe("not-text");
  });

  it("refuses 20 MB + 1 byte and accepts 20 MB", () => {
    const over = decodeCsv(new Uint8Array(maxCsvBytes + 1).fill(0x61));
    expect(over.ok ? "" : over.problem.code).toBe("too-large");
    expect(decodeCsv(new Uint8Array(maxCsvBytes).fill(0x61)).ok).toBe(true);
  });
});
