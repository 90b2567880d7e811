import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginRedirect } from "@/lib/auth/callback-url";
import { mulberry32 } from "../../dev/simulator/prng";

const appOrigin = "http://app.test";

/** The rule: a same-origin path with exactly one leading "/", never "//" or "/\". */
function expectSafePath(raw: string, result: string) {
  const label = JSON.stringify(raw).slice(0, 120);
  expect(result.startsWith("/"), label).toBe(true);
  expect(result.startsWith("//"), label).toBe(false);
  expect(result.startsWith("/\\"), label).toBe(false);
  expect(/[\u0000-\u001f\u007f\\]/.test(result), label).toBe(false);
  expect(new URL(result, appOrigin).origin, label).toBe(appOrigin);
}

const hostilePieces = [
  "/",
  "//",
  "\\",
  "\\\\",
  "/\\",
  "evil.test",
  "@evil.test",
  "user:pass@",
  ":",
  "http:",
  "https://",
  "javascript:",
  "data:text/html,",
  "%2F",
  "%2f",
  "%5C",
  "%5c",
  "%09",
  "%0a",
  "%00",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u007f",
  " ",
  "\u3000",
  "\u2028",
  "／",
  "＼",
  "?",
  "#",
  "&",
  "=",
  "w",
  "acme",
  "batches",
];
const dotSegments = ["..", ".", "/..", "/.", "%2e%2e", "%2E", "./", "../"];

function hostileStrings(count: number, seed: number, pieces: string[]): string[] {
  // Seeded, so a failure names a reproducible input.
  const random = mulberry32(seed);
  const pick = () => pieces[Math.floor(random() * pieces.length)]!;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(random() * 7);
    let text = random() < 0.7 ? "/" : "";
    for (let j = 0; j < length; j++) text += pick();
    out.push(text);
  }
  return out;
}

describe("safeCallbackPath", () => {
  it.each([
    ["https://evil.test/"],
    ["http://evil.test"],
    ["//evil.test"],
    ["//evil.test/w/acme"],
    ["///evil.test"],
    ["/\\evil.test"],
    ["\\\\evil.test"],
    ["\\/evil.test"],
    ["javascript:alert(1)"],
    ["JavaScript:alert(1)"],
    ["http:evil.test"],
    ["https:/evil.test"],
    ["/\t/evil.test"],
    ["/\n/evil.test"],
    ["/\r\n//evil.test"],
    ["/x\u0000y"],
    ["/x\u007f"],
    ["/w/acme\\..\\..\\evil.test"],
    ["evil.test"],
    ["w/acme/batches/x"],
    [" /w/acme"],
    [""],
  ])("refuses %j", (raw) => {
    expect(safeCallbackPath(raw)).toBe("/");
  });

  it("refuses a path longer than 2048 characters", () => {
    expect(safeCallbackPath("/" + "a".repeat(2048))).toBe("/");
    expect(safeCallbackPath("/w/acme?q=" + "%2F".repeat(1000))).toBe("/");
  });

  it("returns / for null and undefined", () => {
    expect(safeCallbackPath(null)).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
  });

  it("keeps a batch deep link with its query and hash", () => {
    expect(safeCallbackPath("/w/acme/batches/x?status=failed&page=2#h")).toBe(
      "/w/acme/batches/x?status=failed&page=2#h",
    );
    expect(safeCallbackPath("/")).toBe("/");
    expect(safeCallbackPath("/w/acme/batches/batch_7891011121314?call=call_1")).toBe(
      "/w/acme/batches/batch_7891011121314?call=call_1",
    );
  });

  it("keeps a long but acceptable path", () => {
    const path = "/w/acme/batches/" + "b".repeat(128) + "?status=failed";
    expect(safeCallbackPath(path)).toBe(path);
  });

  it("keeps encoded slashes and backslashes encoded (they stay inside the path)", () => {
    for (const raw of ["/%5Cevil.test", "/%2F%2Fevil.test", "/%5C%5Cevil.test", "/%09/evil.test"]) {
      const result = safeCallbackPath(raw);
      expect(result).toBe(raw);
      expectSafePath(raw, result);
    }
  });

  it("keeps '//' that is only in the query or hash", () => {
    expect(safeCallbackPath("/x?next=//evil.test#//evil.test")).toBe("/x?next=//evil.test#//evil.test");
  });

  it("percent-encodes non-ASCII instead of passing it through", () => {
    expect(safeCallbackPath("/\u3000/evil.test")).toBe("/%E3%80%80/evil.test");
    expect(safeCallbackPath("/ /evil.test")).toBe("/%20/evil.test");
  });

  it("always yields a same-origin path for 500 generated hostile strings (no dot segments)", () => {
    for (const raw of hostileStrings(500, 20_250_101, hostilePieces)) expectSafePath(raw, safeCallbackPath(raw));
  });
});

describe("sameOriginRedirect", () => {
  const baseUrl = appOrigin;

  it("keeps same-origin relative and absolute URLs", () => {
    expect(sameOriginRedirect({ url: "/w/acme/batches/x?status=failed#h", baseUrl })).toBe(
      `${baseUrl}/w/acme/batches/x?status=failed#h`,
    );
    expect(sameOriginRedirect({ url: `${baseUrl}/w/acme?page=2`, baseUrl })).toBe(`${baseUrl}/w/acme?page=2`);
  });

  it("sends other origins, schemes and ports to the home page", () => {
    for (const url of [
      "https://evil.test/w/acme",
      "http://app.test.evil.test/",
      "http://evil.test@app.test.evil.test/",
      "https://app.test/x",
      "http://app.test:8080/x",
      "javascript:alert(1)",
      "not a url",
      "",
    ]) {
      expect(sameOriginRedirect({ url, baseUrl }), url).toBe(baseUrl);
    }
  });

  it("cleans hostile relative URLs to the home page", () => {
    expect(sameOriginRedirect({ url: "/\\evil.test", baseUrl })).toBe(`${baseUrl}/`);
    expect(sameOriginRedirect({ url: "//evil.test", baseUrl })).toBe(`${baseUrl}/`);
    expect(sameOriginRedirect({ url: "//evil.test/x", baseUrl })).toBe(`${baseUrl}/`);
    expect(sameOriginRedirect({ url: "/\t/evil.test", baseUrl })).toBe(`${baseUrl}/`);
  });

  it("always stays on the base origin for 500 generated hostile strings", () => {
    const all = [...hostilePieces, ...dotSegments];
    for (const raw of [
      ...hostileStrings(500, 7, all),
      ...hostileStrings(100, 8, all).map((path) => `${baseUrl}${path}`),
    ]) {
      const result = sameOriginRedirect({ url: raw, baseUrl });
      expect(new URL(result).origin, JSON.stringify(raw)).toBe(appOrigin);
      expect(result === baseUrl || result.startsWith(`${baseUrl}/`), JSON.stringify(raw)).toBe(true);
    }
  });
});

describe("dot segments that resolve to a protocol-relative path", () => {
  it.each(["/a/..//evil.test", "/.//evil.test", "/%2e%2e//evil.test", "/w/acme/../..//evil.test/x"])(
    "%s stays on this origin",
    (raw) => {
      const result = safeCallbackPath(raw);
      expect(new URL(result, "http://app.test").origin).toBe("http://app.test");
      expect(result.startsWith("//")).toBe(false);
    },
  );
});
