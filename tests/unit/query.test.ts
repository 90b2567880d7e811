import { maxExportSelection } from "@/lib/shared/call-selection";
import { describe, expect, it } from "vitest";
import {
  batchIdSchema,
  callsQuerySchema,
  exportJobIdSchema,
  exportQuerySchema,
  jobIdSchema,
  parseSearchParams,
} from "@/lib/batch/query";
import { batchViewSearch, isCanonicalView, normaliseBatchView, type BatchView } from "@/lib/shared/batch-view";
import {
  batchPath,
  callsApiUrl,
  exportApiUrl,
  failuresApiUrl,
  unscopedBatchPath,
  workspacePath,
} from "@/lib/shared/paths";
import { firstParam, searchSuffix, toPageSearchParams, toUrlSearchParams } from "@/lib/shared/search-params";

const parseCalls = (search: string) => parseSearchParams(callsQuerySchema, new URLSearchParams(search));
const parseExport = (search: string) => parseSearchParams(exportQuerySchema, new URLSearchParams(search));

function expectRejected(search: string, field?: string) {
  const result = parseCalls(search);
  expect(result.ok, search).toBe(false);
  if (!result.ok) {
    expect(result.issue.message.length).toBeGreaterThan(0);
    if (field) expect(result.issue.field, search).toBe(field);
  }
  return result;
}

describe("callsQuerySchema via parseSearchParams", () => {
  it("fills defaults for an empty query", () => {
    expect(parseCalls("")).toEqual({ ok: true, value: { status: "all", page: 1, limit: 20 } });
  });

  it("reads a full valid query", () => {
    expect(parseCalls("status=failed&page=3&limit=100")).toEqual({
      ok: true,
      value: { status: "failed", page: 3, limit: 100 },
    });
  });

  it("accepts every documented status", () => {
    for (const status of ["all", "waiting", "active", "completed", "failed"]) {
      const result = parseCalls(`status=${status}`);
      expect(result.ok && result.value.status).toBe(status);
    }
  });

  it("accepts the bounds: page 1, limit 1 and 100, a nine-digit page", () => {
    expect(parseCalls("page=1&limit=1")).toMatchObject({ ok: true, value: { page: 1, limit: 1 } });
    expect(parseCalls("limit=100")).toMatchObject({ ok: true, value: { limit: 100 } });
    expect(parseCalls("page=999999999")).toMatchObject({ ok: true, value: { page: 999_999_999 } });
  });

  it("rejects out-of-range page and limit", () => {
    expectRejected("page=0", "page");
    expectRejected("limit=0", "limit");
    expectRejected("limit=101", "limit");
    expectRejected("limit=1000", "limit");
    expect(parseCalls("limit=101")).toEqual({
      ok: false,
      issue: { field: "limit", message: "limit must be at most 100" },
    });
    expect(parseCalls("page=0")).toEqual({ ok: false, issue: { field: "page", message: "page must be 1 or more" } });
  });

  it("rejects anything that is not a plain run of ASCII digits", () => {
    const bad = [
      "-1",
      "+1",
      "1.0",
      "1.5",
      "1e3",
      "0x10",
      " 1",
      "1 ",
      "1%20",
      "",
      "one",
      "Infinity",
      "NaN",
      "１", // full-width digit
      "١", // Arabic-Indic digit
      "1٠",
      "9999999999", // ten digits
      "99999999999999999999999",
    ];
    for (const value of bad) {
      expectRejected(`page=${encodeURIComponent(value)}`, "page");
      expectRejected(`limit=${encodeURIComponent(value)}`, "limit");
    }
  });

  it("rejects an unknown status, case variants included", () => {
    for (const status of ["bogus", "FAILED", "Failed", "", "failed ", "all,failed"]) {
      const result = expectRejected(`status=${encodeURIComponent(status)}`, "status");
      if (!result.ok) expect(result.issue.message).toContain("status must be one of");
    }
  });

  it("rejects repeated keys, even with identical values", () => {
    for (const search of ["page=1&page=2", "page=1&page=1", "status=failed&status=completed", "limit=20&limit=20"]) {
      const result = expectRejected(search);
      if (!result.ok) expect(result.issue.message).toMatch(/is given more than once$/);
    }
  });

  it("rejects unknown keys, including prototype names", () => {
    for (const key of ["foo", "call", "Page", "__proto__", "constructor", "toString", "status[]"]) {
      const result = expectRejected(`${encodeURIComponent(key)}=1`);
      if (!result.ok) expect(result.issue.message).toContain("unknown parameter");
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not let __proto__ change the parsed value's prototype", () => {
    const result = parseCalls("__proto__=x");
    expect(result.ok).toBe(false);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe("exportQuerySchema", () => {
  it("defaults to all calls, CSV, no BOM", () => {
    expect(parseExport("")).toEqual({ ok: true, value: { status: "all", format: "csv", bom: false, records: false } });
  });

  it("reads format and bom", () => {
    expect(parseExport("status=failed&format=rerun&bom=1")).toEqual({
      ok: true,
      value: { status: "failed", format: "rerun", bom: true, records: false },
    });
    expect(parseExport("bom=0")).toMatchObject({ ok: true, value: { bom: false } });
    expect(parseExport("records=1")).toMatchObject({ ok: true, value: { records: true } });
    expect(parseExport("records=yes")).toMatchObject({ ok: false });
  });

  it("rejects other formats, bom values, paging keys and repeats", () => {
    for (const search of [
      "format=xlsx",
      "format=CSV",
      "bom=true",
      "bom=2",
      "page=1",
      "limit=20",
      "format=csv&format=csv",
      "status=nope",
    ]) {
      expect(parseExport(search).ok, search).toBe(false);
    }
  });
});

describe("exportQuerySchema ids (the selected calls)", () => {
  it("reads comma-separated job ids, without repeats", () => {
    expect(parseExport("ids=call_1,call_2,call_1")).toMatchObject({ ok: true, value: { ids: ["call_1", "call_2"] } });
  });

  it("refuses an empty list, a bad id and more than the cap", () => {
    for (const search of ["ids=", "ids=call_1,,call_2", "ids=call_1,../x", "ids=-x", "ids=a%20b"]) {
      expect(parseExport(search).ok, search).toBe(false);
    }
    const cap = Array.from({ length: maxExportSelection }, (_, index) => `call_${index}`);
    expect(parseExport(`ids=${cap.join(",")}`)).toMatchObject({ ok: true });
    expect(parseExport(`ids=${[...cap, "call_x"].join(",")}`)).toMatchObject({
      ok: false,
      issue: { field: "ids", message: `ids may name at most ${maxExportSelection} calls` },
    });
  });
});

describe("batchIdSchema", () => {
  const accepts = (value: string) => batchIdSchema.safeParse(value).success;

  it("accepts letters, digits, '_' and '-' up to 128 characters, starting with a letter or digit", () => {
    for (const id of ["batch_7891011121314", "a", "7", "A-b_9", "b-", "z_", "x".repeat(128)]) {
      expect(accepts(id), id).toBe(true);
    }
  });

  it("refuses an id that starts with '-' or '_', with a message that says how it must start", () => {
    for (const id of ["-", "_", "-x", "_batch", "--help"]) expect(accepts(id), id).toBe(false);
    expect(batchIdSchema.safeParse("-x").error?.issues[0]?.message).toBe(
      "must be 1–128 letters, digits, '_' or '-', starting with a letter or digit",
    );
  });

  it("rejects everything that could change the upstream path", () => {
    const bad = [
      "",
      "x".repeat(129),
      "../x",
      "..",
      ".",
      "a.b",
      "a/b",
      "a%2Fb",
      "%2e%2e",
      "a\\b",
      "a b",
      " a",
      "a\n",
      "a?b",
      "a#b",
      "a&b",
      "bätch",
      "батч",
      "batch😀",
      "ａ",
    ];
    for (const id of bad) expect(accepts(id), JSON.stringify(id)).toBe(false);
  });
});

describe("jobIdSchema (a call's job id)", () => {
  const accepts = (value: string) => jobIdSchema.safeParse(value).success;

  it("accepts letters, digits, '_', '.', ':' and '-' up to 200 characters, starting with a letter or digit", () => {
    for (const id of ["call_123", "job:1.2-3_x", "a", "9", "a..b", "x.", "x".repeat(200)]) {
      expect(accepts(id), id).toBe(true);
    }
  });

  it("refuses '.', '..' and anything else that does not start with a letter or digit", () => {
    for (const id of [".", "..", "...", ".x", "..%2F", "-x", "_x", ":x", "", "x".repeat(201), "a/b", "a b"]) {
      expect(accepts(id), JSON.stringify(id)).toBe(false);
    }
  });
});

describe("exportJobIdSchema", () => {
  it("accepts only the ids newJobId makes", () => {
    expect(exportJobIdSchema.safeParse("exp_AAAAAAAAAAAAAAAA").success).toBe(true);
    for (const id of [".", "..", "exp_", "exp_AAAAAAAAAAAAAAA", "exp_AAAAAAAAAAAAAAAA.", "xexp_AAAAAAAAAAAAAAAA"]) {
      expect(exportJobIdSchema.safeParse(id).success, id).toBe(false);
    }
  });
});

describe("normaliseBatchView", () => {
  it("defaults an empty view", () => {
    expect(normaliseBatchView({})).toEqual({ status: "all", page: 1, limit: 20 });
  });

  it("keeps a valid view", () => {
    expect(normaliseBatchView({ status: "failed", page: "4", limit: "50", call: "call_12" })).toEqual({
      status: "failed",
      page: 4,
      limit: 50,
      call: "call_12",
    });
  });

  it("clamps page and limit into range", () => {
    expect(normaliseBatchView({ page: "0", limit: "0" })).toMatchObject({ page: 1, limit: 1 });
    expect(normaliseBatchView({ limit: "1000" })).toMatchObject({ limit: 100 });
    expect(normaliseBatchView({ limit: "100" })).toMatchObject({ limit: 100 });
  });

  it("falls back to defaults for junk", () => {
    for (const junk of ["-3", "abc", "1.5", "1e3", "0x10", "+2", "", "9999999999"]) {
      expect(normaliseBatchView({ status: junk, page: junk, limit: junk }), junk).toEqual({
        status: "all",
        page: 1,
        limit: 20,
      });
    }
  });

  it("takes the first value of a repeated parameter", () => {
    expect(
      normaliseBatchView({
        status: ["failed", "completed"],
        page: ["2", "9"],
        limit: ["50", "100"],
        call: ["call_1", "call_2"],
      }),
    ).toEqual({ status: "failed", page: 2, limit: 50, call: "call_1" });
  });

  it("drops an invalid call id but keeps the rest", () => {
    for (const call of ["", "a b", "<script>", "../x", ".", "..", "-x", "x".repeat(201), "call/1"]) {
      const view = normaliseBatchView({ status: "active", call });
      expect(view, JSON.stringify(call)).toEqual({ status: "active", page: 1, limit: 20 });
      expect("call" in view).toBe(false);
    }
    expect(normaliseBatchView({ call: "job:1.2-3_x" }).call).toBe("job:1.2-3_x");
  });

  it("ignores unknown parameters", () => {
    expect(normaliseBatchView({ foo: "bar", status: "waiting" })).toEqual({ status: "waiting", page: 1, limit: 20 });
  });
});

describe("batchViewSearch and batchPath", () => {
  it("leaves defaults out", () => {
    expect(batchViewSearch({ status: "all", page: 1, limit: 20 })).toBe("");
    expect(batchPath("acme", "batch_1", { status: "all", page: 1, limit: 20 })).toBe("/w/acme/batches/batch_1");
    expect(batchPath("acme", "batch_1")).toBe("/w/acme/batches/batch_1");
  });

  it("writes keys in one order whatever the object order", () => {
    const view: BatchView = { call: "call_3", limit: 50, page: 2, status: "failed" };
    expect(batchViewSearch(view)).toBe("?status=failed&page=2&limit=50&call=call_3");
    expect(batchPath("globex", "b-2", view)).toBe("/w/globex/batches/b-2?status=failed&page=2&limit=50&call=call_3");
  });

  it("round-trips through normaliseBatchView", () => {
    const view: BatchView = { status: "completed", page: 7, limit: 100, call: "call_9" };
    const params = Object.fromEntries(new URLSearchParams(batchViewSearch(view)));
    expect(normaliseBatchView(params)).toEqual(view);
  });
});

describe("isCanonicalView", () => {
  const view: BatchView = { status: "failed", page: 2, limit: 20 };

  it("accepts the canonical params in any order", () => {
    expect(isCanonicalView({ status: "failed", page: "2" }, view)).toBe(true);
    expect(isCanonicalView({ page: "2", status: "failed" }, view)).toBe(true);
    expect(isCanonicalView({}, { status: "all", page: 1, limit: 20 })).toBe(true);
    expect(isCanonicalView({ status: undefined }, { status: "all", page: 1, limit: 20 })).toBe(true);
  });

  it("refuses explicit defaults, extras, repeats and non-canonical numbers", () => {
    expect(isCanonicalView({ status: "failed", page: "2", limit: "20" }, view)).toBe(false);
    expect(isCanonicalView({ status: "failed", page: "2", foo: "1" }, view)).toBe(false);
    expect(isCanonicalView({ status: ["failed", "failed"], page: "2" }, view)).toBe(false);
    expect(isCanonicalView({ status: "failed", page: "02" }, view)).toBe(false);
    expect(isCanonicalView({ status: "all" }, { status: "all", page: 1, limit: 20 })).toBe(false);
  });

  it("agrees with normaliseBatchView for sloppy links", () => {
    const sloppy = { page: "0", limit: "500", status: "nope" };
    const normal = normaliseBatchView(sloppy);
    expect(isCanonicalView(sloppy, normal)).toBe(false);
    const canonical = Object.fromEntries(new URLSearchParams(batchViewSearch(normal)));
    expect(isCanonicalView(canonical, normal)).toBe(true);
  });
});

describe("callsApiUrl", () => {
  it("always spells out every parameter", () => {
    expect(callsApiUrl("acme", "batch_1", { status: "all", page: 1, limit: 20 })).toBe(
      "/api/w/acme/batches/batch_1/calls?status=all&page=1&limit=20",
    );
    expect(callsApiUrl("acme", "batch_1", { status: "failed", page: 3, limit: 100 })).toBe(
      "/api/w/acme/batches/batch_1/calls?status=failed&page=3&limit=100",
    );
  });

  it("produces a query the route handler's parser accepts unchanged", () => {
    const query = { status: "waiting", page: 12, limit: 50 } as const;
    const search = new URL(callsApiUrl("acme", "b", query), "http://app.test").searchParams;
    expect(parseSearchParams(callsQuerySchema, search)).toEqual({ ok: true, value: query });
  });
});

describe("app paths", () => {
  it("builds workspace, unscoped and pasted-link batch paths", () => {
    expect(workspacePath("acme")).toBe("/w/acme");
    expect(unscopedBatchPath("batch_1", "?status=failed")).toBe("/batches/batch_1?status=failed");
    expect(batchPath("acme", "batch_1", { search: "?page=2" })).toBe("/w/acme/batches/batch_1?page=2");
  });

  it("builds export and failure URLs the route handlers accept", () => {
    const csv = new URL(exportApiUrl("acme", "b", { status: "failed", format: "csv", bom: true }), "http://app.test");
    expect(csv.pathname).toBe("/api/w/acme/batches/b/export");
    expect(parseSearchParams(exportQuerySchema, csv.searchParams)).toEqual({
      ok: true,
      value: { status: "failed", format: "csv", bom: true, records: false },
    });
    expect(exportApiUrl("acme", "b", { format: "rerun" })).toBe("/api/w/acme/batches/b/export?format=rerun");
    expect(failuresApiUrl("acme", "b")).toBe("/api/w/acme/batches/b/failures");
  });
});

describe("search params helpers", () => {
  it("keeps every repeated value in order, both ways", () => {
    const page = { status: ["failed", "all"], page: "2", gone: undefined };
    const search = toUrlSearchParams(page);
    expect(search.toString()).toBe("status=failed&status=all&page=2");
    expect(toPageSearchParams(search)).toEqual({ status: ["failed", "all"], page: ["2"] });
    expect(searchSuffix(new URLSearchParams())).toBe("");
    expect(firstParam(["a", "b"])).toBe("a");
  });
});
