import { describe, expect, it } from "vitest";
import { parseBatchInput } from "@/lib/shared/batch-link";

describe("parseBatchInput", () => {
  it("reads a bare batch id, trimming whitespace", () => {
    expect(parseBatchInput("batch_7891011121314")).toEqual({ batchId: "batch_7891011121314", search: "" });
    expect(parseBatchInput("  batch-1\n")).toEqual({ batchId: "batch-1", search: "" });
  });

  it("reads a full link from any host, keeping slug and query", () => {
    expect(parseBatchInput("https://anything/w/acme/batches/batch_1?status=failed")).toEqual({
      slug: "acme",
      batchId: "batch_1",
      search: "?status=failed",
    });
    expect(parseBatchInput("http://localhost:3000/w/globex/batches/batch_globex_q3/?page=2&limit=50#top")).toEqual({
      slug: "globex",
      batchId: "batch_globex_q3",
      search: "?page=2&limit=50",
    });
  });

  it("reads a path without a workspace", () => {
    expect(parseBatchInput("/batches/x")).toEqual({ slug: undefined, batchId: "x", search: "" });
    expect(parseBatchInput("/w/acme/batches/x?call=call_1")).toEqual({
      slug: "acme",
      batchId: "x",
      search: "?call=call_1",
    });
  });

  it("asks for input when there is none", () => {
    for (const input of ["", "   ", "\n\t"]) {
      expect(parseBatchInput(input)).toEqual({ error: "Enter a batch id or paste a link to a batch." });
    }
  });

  it("refuses junk and links to other pages", () => {
    for (const input of [
      "junk!!",
      "not a batch",
      "javascript:alert(1)",
      "https://evil.test/",
      "https://app.test/w/acme",
      "/w/acme/batches/",
      "/w/acme/batches/b/calls",
      "/api/w/acme/batches/b/calls",
      "/w/acme/x/batches/b",
    ]) {
      const result = parseBatchInput(input);
      expect(result, input).toHaveProperty("error");
      expect(result, input).not.toHaveProperty("batchId");
    }
  });

  it("refuses traversal and encoded separators in the batch id", () => {
    for (const input of [
      "https://x/w/acme/batches/../../x",
      "/w/acme/batches/%2e%2e",
      "/w/acme/batches/a%2Fb",
      "/w/acme/batches/a%5Cb",
      "/w/acme/batches/a.b",
      "/batches/%2E%2E%2Fadmin",
      "../batches/x/../../etc",
    ]) {
      const result = parseBatchInput(input);
      expect(result, input).toHaveProperty("error");
    }
    expect(parseBatchInput("/w/acme/batches/a%2Fb")).toEqual({ error: "The batch id in that link is not valid." });
  });

  it("refuses a bad workspace slug", () => {
    for (const input of [
      "https://x/w/Bad_Slug/batches/b",
      "/w/-acme/batches/b",
      "/w/ac%20me/batches/b",
      `/w/${"a".repeat(64)}/batches/b`,
    ]) {
      expect(parseBatchInput(input), input).toEqual({ error: "The workspace in that link is not valid." });
    }
  });
});
