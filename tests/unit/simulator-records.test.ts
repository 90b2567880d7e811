import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/dev/simulator/server";

const headers = { "x-api-key": "demo-trillet-key", "x-workspace-id": "ws_acme" };
const EXAMPLE = "batch_7891011121314";
type Json = Record<string, unknown>;
type History = { data: Json[]; pagination: { total: number } };

let sim: RunningSimulator;
const get = (path: string, extra: Record<string, string> = {}) =>
  fetch(`${sim.url}${path}`, { headers: { ...headers, ...extra } });
const json = async <T>(path: string): Promise<T> => {
  const response = await get(path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};
const history = (query: Record<string, string>) => json<History>(`/v2/api/call-history?${new URLSearchParams(query)}`);

beforeAll(async () => {
  sim = await startSimulator({});
});
afterAll(() => sim.close());

describe("simulator: call records", () => {
  it("a completed job names its call, and the call's record holds a multi-turn transcript, outcome and summary", async () => {
    const job = await json<{ status: string; result: { callId: string; transcript: string; outcome: string } }>(
      `/v1/api/batch-calls/${EXAMPLE}/calls/call_125`,
    );
    expect(job.status).toBe("completed");
    expect(job.result.transcript).toMatch(/^Agent: .+\nCustomer: /);
    const { data } = await history({ batchId: EXAMPLE, callIds: JSON.stringify([job.result.callId]) });
    expect(data).toHaveLength(1);
    const record = data[0]!;
    expect(record.callId).toBe(job.result.callId);
    expect(record.toPhoneNumber).toBe("+14155550134");
    expect((record.transcript as unknown[]).length).toBeGreaterThan(2);
    expect((record.analyzedData as Json).outcome).toBe(job.result.outcome);
    expect(typeof record.summary).toBe("string");
    expect(typeof record.cost).toBe("number");
  });

  it("an unknown job is a 404 with status not_found; another workspace's batch is a 404", async () => {
    const unknown = await get(`/v1/api/batch-calls/${EXAMPLE}/calls/call_nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ status: "not_found" });
    expect((await get(`/v1/api/batch-calls/batch_globex_q3/calls/call_gx_0001`)).status).toBe(404);
  });

  it("search matches phone numbers as stored (E.164) and CSV text, not other formats", async () => {
    expect((await history({ batchId: EXAMPLE, search: "+14155550134" })).data).toHaveLength(1);
    expect((await history({ batchId: EXAMPLE, search: "(415) 555-0134" })).data).toHaveLength(0);
    expect((await history({ batchId: EXAMPLE, search: "liam" })).data.length).toBeGreaterThan(0);
  });

  it("documents its gaps: some completed jobs have no record, and a record may lack a recording", async () => {
    const all = await history({ batchId: EXAMPLE, limit: "100" });
    const completed = 95;
    expect(all.pagination.total).toBeLessThan(completed + 5);
    expect(all.data.some((record) => record.recordingUrl === null)).toBe(true);
  });

  it("serves a playable WAV recording with byte ranges, and 416 for a range past the end", async () => {
    const { data } = await history({ batchId: EXAMPLE, search: "+14155550134" });
    const id = String(data[0]!._id);
    const whole = await get(`/v2/api/recordings/${id}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    const part = await get(`/v2/api/recordings/${id}`, { range: "bytes=10-19" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 10-19/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20));
    expect((await get(`/v2/api/recordings/${id}`, { range: `bytes=${bytes.length}-` })).status).toBe(416);
  });

  it("the call-history error rate answers 500 on the list when set", async () => {
    await fetch(`${sim.url}/__sim/config`, { method: "POST", body: JSON.stringify({ callHistoryErrorRate: 1 }) });
    expect((await get(`/v2/api/call-history?batchId=${EXAMPLE}`)).status).toBe(500);
    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    expect((await get(`/v2/api/call-history?batchId=${EXAMPLE}`)).status).toBe(200);
  });
});
