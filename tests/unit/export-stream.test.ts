import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { requestCount } from "./support/sim-admin";

type ExportModule = typeof import("@/lib/export/stream");
type ConfigModule = typeof import("@/lib/config");

let sim: RunningSimulator;
let exporter: ExportModule;
let config: ConfigModule;

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of chunksOf(stream)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, { TRILLET_RATE_LIMIT_PER_MINUTE: "100000", TRILLET_CACHE_TTL_MS: "0" }),
  );
  config = await import("@/lib/config");
  exporter = await import("@/lib/export/stream");
});

afterAll(async () => {
  await sim.close();
});

const acme = () => config.getConfig().workspaces.find((workspace) => workspace.slug === "acme")!;

describe("startExport against the simulator", () => {
  it("streams all 100,000 calls of the big batch in upstream order with flat memory", async () => {
    let outcome: unknown;
    const { stream, total } = await exporter.startExport({
      workspace: acme(),
      batchId: "batch_big_100k",
      status: "all",
      format: "csv",
      bom: false,
      concurrency: 4,
      onDone: (result) => (outcome = result),
    });
    expect(total).toBe(100_000);

    const retainedHeap = () => {
      globalThis.gc?.();
      return process.memoryUsage().heapUsed;
    };
    const baseline = retainedHeap();
    let peakGrowth = 0;
    let chunks = 0;
    let lines = 0;
    let previousJobNumber = 0;
    let ordered = true;
    const decoder = new TextDecoder();
    for await (const chunk of chunksOf(stream)) {
      const text = decoder.decode(chunk, { stream: true });
      // Count and check order without keeping the file: holding it would defeat the measurement.
      for (const match of text.matchAll(/(?:^|\n)call_(\d+),/g)) {
        const jobNumber = Number(match[1]);
        if (jobNumber <= previousJobNumber) ordered = false;
        previousJobNumber = jobNumber;
        lines += 1;
      }
      if (++chunks % 50 === 0) peakGrowth = Math.max(peakGrowth, retainedHeap() - baseline);
    }
    expect(lines).toBe(100_000);
    expect(ordered).toBe(true);
    expect(outcome).toEqual({ ok: true, rows: 100_000 });
    // Heap still reachable after a collection: a few pages in flight. Buffering the export would keep
    // 100,000 parsed calls (about 60 MB) and the text alive.
    expect(globalThis.gc).toBeTypeOf("function");
    expect(peakGrowth).toBeLessThan(32 * 1024 * 1024);
  }, 120_000);

  it("fails the stream, instead of ending it short, when the upstream breaks mid-way", async () => {
    await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
    let outcome: { ok: boolean; rows: number } | undefined;
    const { stream } = await exporter.startExport({
      workspace: acme(),
      batchId: "batch_big_100k",
      status: "all",
      format: "csv",
      bom: false,
      concurrency: 2,
      onDone: (result) => (outcome = result),
    });
    // Every request from now on fails: the retries cannot save the next pages.
    await fetch(`${sim.url}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode: "status", status: 500, batchId: "batch_big_100k" }),
    });
    await expect(readAll(stream)).rejects.toThrow(/Export stopped after \d+ rows/);
    expect(outcome?.ok).toBe(false);
    expect(outcome!.rows).toBeLessThan(100_000);
    await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
  }, 60_000);

  it("writes the re-run CSV with exactly the failed calls and their original columns", async () => {
    const { stream } = await exporter.startExport({
      workspace: acme(),
      batchId: "batch_7891011121314",
      status: "all",
      format: "rerun",
      bom: false,
      concurrency: 4,
      onDone: () => undefined,
    });
    const rows: string[][] = parse(await readAll(stream));
    expect(rows[0]).toEqual(["phone_number", "first_name", "last_name", "email"]);
    expect(rows).toHaveLength(1 + 5);
    expect(rows[1]).toEqual(["+1987654321", "Jane", "Smith", "jane.smith@example.com"]);
  });

  it("refuses a re-run file over the cap from the first page's total, before fetching the rest", async () => {
    const before = await requestCount(sim);
    await expect(
      exporter.startExport({
        workspace: acme(),
        batchId: "batch_big_100k",
        status: "all",
        format: "rerun",
        bom: false,
        concurrency: 4,
        rerunCap: 100,
        onDone: () => undefined,
      }),
    ).rejects.toThrow(/failed calls; a re-run file holds at most 100/);
    expect((await requestCount(sim)) - before).toBe(1);
  });

  it("stops fetching pages when the client goes away", async () => {
    const client = new AbortController();
    const before = await requestCount(sim);
    let outcome: { ok: boolean; rows: number; reason?: string } | undefined;
    const { stream } = await exporter.startExport({
      workspace: acme(),
      batchId: "batch_big_100k",
      status: "all",
      format: "csv",
      bom: false,
      concurrency: 2,
      signal: client.signal,
      onDone: (result) => (outcome = result),
    });
    const reader = stream.getReader();
    await reader.read();
    await reader.read();
    client.abort();
    // Ended at once, without another read: its export slot and audit line do not wait for a pull that never comes.
    expect(outcome).toMatchObject({ ok: false, reason: "the client went away" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterAbort = await requestCount(sim);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await requestCount(sim)).toBe(afterAbort);
    // A few pages were read ahead; not the thousand of the whole batch.
    expect(afterAbort - before).toBeLessThan(20);
  });

  it("writes only the selected calls, once each, and stops reading pages once all were seen", async () => {
    const before = await requestCount(sim);
    let outcome: unknown;
    const { stream } = await exporter.startExport({
      workspace: acme(),
      batchId: "batch_big_100k",
      status: "all",
      format: "csv",
      bom: false,
      concurrency: 2,
      onlyJobIds: ["call_1000150", "call_1000003", "call_1000150", "call_1000099"],
      onDone: (result) => (outcome = result),
    });
    const rows: string[][] = parse(await readAll(stream));
    expect(rows.slice(1).map((row) => row[0])).toEqual(["call_1000003", "call_1000099", "call_1000150"]);
    expect(outcome).toEqual({ ok: true, rows: 3 });
    // Two pages of 100 hold the three calls (a few read ahead at most), not the thousand of the batch.
    expect((await requestCount(sim)) - before).toBeLessThan(6);
  });

  it("writes nothing but the header when none of the selected calls is in the filter", async () => {
    let outcome: unknown;
    const { stream } = await exporter.startExport({
      workspace: acme(),
      batchId: "batch_7891011121314",
      status: "all",
      format: "csv",
      bom: false,
      concurrency: 2,
      onlyJobIds: ["call_nope"],
      onDone: (result) => (outcome = result),
    });
    const rows: string[][] = parse(await readAll(stream));
    expect(rows).toHaveLength(1);
    expect(outcome).toEqual({ ok: true, rows: 0 });
  });

  it("answers an unknown batch before streaming anything", async () => {
    await expect(
      exporter.startExport({
        workspace: acme(),
        batchId: "batch_globex_q3",
        status: "all",
        format: "csv",
        bom: false,
        concurrency: 4,
        onDone: () => undefined,
      }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});
