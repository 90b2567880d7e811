import { describe, expect, it } from "vitest";
import { z } from "zod";
import { maxBodyBytes, readJsonBody } from "@/lib/api/json-body";

// readJsonBody refuses an oversized body by its Content-Length before reading, and stops reading one that
// grows past the limit whatever it declared.

const schema = z.strictObject({ format: z.enum(["csv", "rerun"]) });
const jsonHeaders = { "content-type": "application/json" };

/** A request whose body is produced on demand, counting what was pulled from it. */
function streamedRequest(chunks: number, chunkBytes: number, headers: Record<string, string> = jsonHeaders) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= chunks) return controller.close();
        pulled += 1;
        controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://localhost/api", { method: "POST", headers, body, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("readJsonBody", () => {
  it("reads a small body and checks it against the schema", async () => {
    const ok = new Request("http://localhost/api", { method: "POST", headers: jsonHeaders, body: '{"format":"csv"}' });
    expect(await readJsonBody(ok, schema)).toEqual({ ok: true, value: { format: "csv" } });
    const unknown = new Request("http://localhost/api", { method: "POST", headers: jsonHeaders, body: '{"x":1}' });
    expect(await readJsonBody(unknown, schema)).toMatchObject({ ok: false, code: "bad_request" });
  });

  it("refuses a declared Content-Length over the limit without reading a byte", async () => {
    const { request, pulled } = streamedRequest(1_000, 1_024, {
      ...jsonHeaders,
      "content-length": String(1_000 * 1_024),
    });
    const answer = await readJsonBody(request, schema);
    expect(answer).toMatchObject({ ok: false, code: "payload_too_large" });
    expect(pulled()).toBe(0);
  });

  it("stops reading a body that passes the limit while streaming, whatever it declared", async () => {
    const { request, pulled } = streamedRequest(10_000, 1_024);
    const answer = await readJsonBody(request, schema);
    expect(answer).toMatchObject({ ok: false, code: "payload_too_large" });
    expect(pulled()).toBeLessThanOrEqual(Math.ceil(maxBodyBytes / 1_024) + 2);
  });

  it("its refusal is a 413 in the API's error shape", async () => {
    const { apiError } = await import("@/lib/api/errors");
    const { request } = streamedRequest(10, 1_024);
    const answer = await readJsonBody(request, schema);
    if (answer.ok) throw new Error("an oversized body was accepted");
    const response = apiError(answer.code, answer.message);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
  });
});
