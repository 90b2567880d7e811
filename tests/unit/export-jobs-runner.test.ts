import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { jobsEnv, loadJobs, queuedRecord, workspace, type JobRecord, type Jobs } from "./support/export-jobs";
import { newPrefix } from "./support/process-state";
import { redisTestUrl } from "./support/redis";
import { addFault, clearFaults, recentRequests, requestCount } from "./support/sim-admin";

// lib/export/jobs/runner.ts, the bodies of an export run's steps, against the simulator and Redis.
// Records are written directly (startExportJob needs the Workflow SDK's build transform).

type Runner = typeof import("@/lib/export/jobs/runner");
type App = Jobs & { runner: Runner; errors: typeof import("@/lib/trillet/errors") };

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
  jobsEnv.restore();
  await sim?.close();
});

async function loadApp(settings: Record<string, string> = {}): Promise<App> {
  const jobs = await loadJobs({
    TRILLET_API_BASE_URL: sim.url,
    TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
    TRILLET_CACHE_TTL_MS: "0",
    REDIS_URL: redisTestUrl(),
    REDIS_KEY_PREFIX: newPrefix(),
    EXPORT_JOBS_PER_KEY: "20",
    ...settings,
  });
  return { ...jobs, runner: await import("@/lib/export/jobs/runner"), errors: await import("@/lib/trillet/errors") };
}

/** The jobIds the simulator lists for a filter, read straight from it. */
async function upstreamJobIds(batchId: string, status: string, pages: number): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; page <= pages; page++) {
    const response = await fetch(
      `${sim.url}/v1/api/batch-calls/${batchId}/calls?page=${page}&limit=100&status=${status}`,
      {
        headers: { "x-api-key": "demo-trillet-key", "x-workspace-id": "ws_acme" },
      },
    );
    const body = (await response.json()) as { calls: { jobId: string }[] };
    ids.push(...body.calls.map((call) => call.jobId));
  }
  return ids;
}

const callNumber = (jobId: string) => Number(jobId.replace(/^call_/, ""));

describe("exportChunk", () => {
  let app: App;
  const acme = () => app.records.jobStore(workspace(app, "acme"));

  async function newJob(overrides: Partial<JobRecord> = {}): Promise<JobRecord> {
    const record = queuedRecord(app, overrides);
    await acme().write(record);
    return record;
  }

  beforeAll(async () => {
    app = await loadApp();
  });

  afterEach(async () => {
    await clearFaults(sim);
  });

  it("exports the 150-call batch as chunk 0, in upstream order, and says it is done", async () => {
    const record = await newJob({ batchId: "batch_7891011121314" });
    expect(await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });

    const calls = await acme().readChunk(record.jobId, 0);
    expect(calls).toHaveLength(150);
    expect(calls.map((call) => call.jobId)).toEqual(await upstreamJobIds("batch_7891011121314", "all", 2));
    expect(new Set(calls.map((call) => call.status))).toEqual(new Set(["waiting", "active", "completed", "failed"]));
    const after = await acme().read(record.jobId);
    expect(after).toMatchObject({
      state: "running",
      pagesDone: 2,
      pagesTotal: 2,
      rowsTotal: 150,
      chunkRows: [150],
      metadataKeys: ["first_name", "last_name", "email"],
    });
    expect(after?.startedAt).toBeTypeOf("number");
    expect(app.records.jobRows(after!)).toBe(150);
  });

  it("a retried chunk rewrites the same rows: none twice, none skipped", async () => {
    const record = await newJob({ batchId: "batch_7891011121314" });
    const cursor = { nextPage: 1, chunk: 0 };
    await app.runner.exportChunk(record, cursor);
    const first = await acme().readChunk(record.jobId, 0);
    expect(await app.runner.exportChunk(record, cursor)).toEqual({ done: true });
    expect(await acme().readChunk(record.jobId, 0)).toEqual(first);
    const after = await acme().read(record.jobId);
    expect(after?.chunkRows).toEqual([150]);
    expect(after?.pagesDone).toBe(2);
  });

  it("a CSV file's columns are the metadata keys of its first page; later chunks add none", async () => {
    const batchId = "batch_big_100k";
    const spec = { format: "csv", status: "failed", bom: false } as const;
    const record = await newJob({ batchId, spec });
    await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 });
    const afterFirst = await acme().read(record.jobId);
    expect(afterFirst?.metadataKeys).toEqual(["first_name", "last_name", "email", "account_id"]);

    // A later chunk whose rows carry keys the first page did not: they stay out of the columns
    // (the file puts them in extra_metadata, as the direct export does).
    const narrow = await newJob({ batchId, spec, metadataKeys: ["first_name"], chunkRows: [1_000] });
    await app.runner.exportChunk(narrow, { nextPage: 11, chunk: 1 });
    const after = await acme().read(narrow.jobId);
    expect(after?.chunkRows).toEqual([1_000, 1_000]);
    expect(after?.metadataKeys).toEqual(["first_name"]);
  });

  it("a re-run file has a column for every key (it is uploaded as it is)", async () => {
    const record = await newJob({
      batchId: "batch_big_100k",
      spec: { format: "rerun", status: "failed", bom: false },
      metadataKeys: ["first_name"],
      chunkRows: [1_000],
    });
    await app.runner.exportChunk(record, { nextPage: 11, chunk: 1 });
    expect((await acme().read(record.jobId))?.metadataKeys).toEqual(["first_name", "last_name", "email", "account_id"]);
  });

  it("walks a bigger filter chunk by chunk of 10 pages to the last page; a retried chunk changes nothing", async () => {
    const batchId = "batch_big_100k";
    const record = await newJob({ batchId, spec: { format: "csv", status: "failed", bom: false } });
    const before = await requestCount(sim);
    let cursor = { nextPage: 1, chunk: 0 };
    const cursors = [cursor];
    for (;;) {
      const next = await app.runner.exportChunk(record, cursor);
      // Chunks 1 and 6 (the last) are tried twice, as if the first attempt's result had been lost.
      if (cursor.chunk === 1 || cursor.chunk === 6) expect(await app.runner.exportChunk(record, cursor)).toEqual(next);
      if (next.done) break;
      cursor = { nextPage: next.nextPage, chunk: next.chunk };
      cursors.push(cursor);
      expect(cursors.length).toBeLessThan(20);
    }
    // 6,909 failed calls: 70 pages of 100, 7 chunks of 10 pages.
    expect(cursors.map((each) => each.nextPage)).toEqual([1, 11, 21, 31, 41, 51, 61]);
    expect((await requestCount(sim)) - before).toBe(70 + 10 + 10);

    const after = await acme().read(record.jobId);
    expect(after).toMatchObject({ pagesDone: 70, pagesTotal: 70, rowsTotal: 6_909 });
    expect(after?.chunkRows).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 909]);
    expect(app.records.jobRows(after!)).toBe(6_909);
    const ids: string[] = [];
    for (let chunk = 0; chunk < 7; chunk++) {
      const calls = await acme().readChunk(record.jobId, chunk);
      expect(calls.every((call) => call.status === "failed")).toBe(true);
      ids.push(...calls.map((call) => call.jobId));
    }
    expect(ids).toHaveLength(6_909);
    expect(new Set(ids).size).toBe(6_909);
    const numbers = ids.map(callNumber);
    expect(numbers.every((number, index) => index === 0 || number > numbers[index - 1]!)).toBe(true);
    // Chunk 1 starts where chunk 0 ended: upstream's page 11.
    expect(ids.slice(1000, 1100)).toEqual((await upstreamJobIds(batchId, "failed", 11)).slice(1000, 1100));
  });

  it("a cancelled job's chunk reads nothing, writes nothing and says done", async () => {
    const record = await newJob({ batchId: "batch_7891011121314" });
    await acme().cancel(record.jobId);
    const before = await requestCount(sim);
    expect(await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
    expect(await requestCount(sim)).toBe(before);
    await expect(acme().readChunk(record.jobId, 0)).rejects.toThrow("no longer stored");
    expect(await acme().read(record.jobId)).toEqual(record);
    expect(await app.runner.takeTurn(record)).toBe("stop");
    expect(await acme().read(record.jobId)).toEqual(record);
  });

  it("the re-run format reads only the failed calls", async () => {
    const record = await newJob({ spec: { format: "rerun", status: "all", bom: false } });
    expect(await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
    const calls = await acme().readChunk(record.jobId, 0);
    expect(calls.map((call) => call.status)).toEqual(["failed", "failed", "failed", "failed", "failed"]);
    expect(await acme().read(record.jobId)).toMatchObject({ rowsTotal: 5, chunkRows: [5] });
  });

  it("an empty batch is one empty chunk, done", async () => {
    const record = await newJob({ batchId: "batch_empty" });
    expect(await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
    expect(await acme().readChunk(record.jobId, 0)).toEqual([]);
    expect(await acme().read(record.jobId)).toMatchObject({ rowsTotal: 0, chunkRows: [0] });
  });

  it("an unknown batch, or another workspace's, is a failure retrying cannot mend", async () => {
    for (const batchId of ["batch_does_not_exist", "batch_globex_q3"]) {
      const record = await newJob({ batchId });
      const error = await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(app.errors.isTrilletError(error)).toBe(true);
      expect(error).toMatchObject({ kind: "not_found" });
      expect(app.runner.describeFailure(error)).toEqual({
        message: "Trillet has no batch with this id in this workspace.",
        retryable: false,
      });
      await expect(acme().readChunk(record.jobId, 0)).rejects.toThrow("no longer stored");
      expect(await acme().read(record.jobId)).toEqual(record);
    }
  });

  it("an upstream 5xx is a failure worth retrying", async () => {
    const batchId = "batch_fault_lab";
    await addFault(sim, { mode: "status", status: 500, batchId });
    const record = await newJob({ batchId });
    const serverError = await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(serverError).toMatchObject({ kind: "upstream_error" });
    expect(app.runner.describeFailure(serverError)).toEqual({
      message: "Trillet is having trouble answering right now. Try again.",
      retryable: true,
    });
    expect(await acme().read(record.jobId)).toEqual(record);

    // Once upstream answers again the same step succeeds.
    await clearFaults(sim);
    expect(await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
    expect(await acme().read(record.jobId)).toMatchObject({ chunkRows: [80] });
  });

  it("describeFailure: the store being down is retried; anything unknown is retried in plain words", () => {
    const { describeFailure, JobFailure } = app.runner;
    expect(describeFailure(new app.store.StoreUnavailable())).toEqual({
      message: "The shared store (Redis) is not answering.",
      retryable: true,
    });
    expect(describeFailure(new Error("ECONNRESET 10.0.0.7:6379 password=hunter2"))).toEqual({
      message: "Something went wrong on our side.",
      retryable: true,
    });
    expect(describeFailure(new JobFailure("The batch is gone."))).toEqual({
      message: "The batch is gone.",
      retryable: false,
    });
    expect(describeFailure(new app.errors.TrilletError("unauthorized"))).toMatchObject({ retryable: false });
    expect(describeFailure(new app.errors.TrilletError("bad_response"))).toMatchObject({ retryable: false });
    expect(describeFailure(new app.errors.TrilletError("rate_limited"))).toMatchObject({ retryable: true });
    expect(describeFailure(new app.errors.TrilletError("timeout"))).toEqual({
      message: "Trillet did not answer in time. Try again.",
      retryable: true,
    });
  });

  it("a job whose record or workspace is gone fails for good", async () => {
    const ref = { slug: "acme", batchId: "batch_7891011121314", jobId: app.records.newJobId() };
    for (const step of [
      () => app.runner.takeTurn(ref),
      () => app.runner.exportChunk(ref, { nextPage: 1, chunk: 0 }),
      () => app.runner.finishJob(ref, { ok: true }),
    ]) {
      const error = await step().then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(app.runner.JobFailure);
      expect(app.runner.describeFailure(error)).toEqual({
        message: "The job's record is gone (kept 24 hours).",
        retryable: false,
      });
    }
    await expect(app.runner.takeTurn({ ...ref, slug: "initech" })).rejects.toThrow(
      "This workspace is no longer configured.",
    );
  });
});

describe("exportRecordChunk (the outcome, summary and recording columns)", () => {
  let app: App;
  const acme = () => app.records.jobStore(workspace(app, "acme"));
  const batchId = "batch_7891011121314";

  async function jobWithRows(overrides: Partial<JobRecord> = {}): Promise<JobRecord> {
    const record = queuedRecord(app, {
      batchId,
      spec: { format: "csv", status: "all", bom: false, records: true },
      ...overrides,
    });
    await acme().write(record);
    await app.runner.exportChunk(record, { nextPage: 1, chunk: 0 });
    return (await acme().read(record.jobId))!;
  }

  /** The batch's call-history records, as the simulator lists them. */
  async function upstreamRecordCount(): Promise<number> {
    const response = await fetch(`${sim.url}/v2/api/call-history?batchId=${batchId}&limit=1`, {
      headers: { "x-api-key": "demo-trillet-key", "x-workspace-id": "ws_acme" },
    });
    return ((await response.json()) as { pagination: { total: number } }).pagination.total;
  }

  // Pages of 100 only: the test's own count (limit 1) is not the runner's.
  const historyRequests = async (since: number) =>
    (await recentRequests(sim, 1000)).filter(
      (entry) => entry.at >= since && entry.path === "/v2/api/call-history" && entry.query.limit === "100",
    );

  beforeAll(async () => {
    app = await loadApp();
  });

  afterEach(async () => {
    await clearFaults(sim);
  });

  it("after the rows, reads the batch's call history 100 records a request and keeps each call's cells", async () => {
    const record = await jobWithRows();
    // The rows' first page says how many calls finished (the example batch: 80 completed, 20 failed),
    // which estimates the history pages to come.
    expect(record.finishedCalls).toBe(100);
    const total = await upstreamRecordCount();
    const since = Date.now();
    expect(await app.runner.exportRecordChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });

    const requests = await historyRequests(since);
    expect(requests.map((entry) => entry.query)).toEqual(
      Array.from({ length: Math.ceil(total / 100) }, (_, index) => ({
        batchId,
        limit: "100",
        page: String(index + 1),
      })),
    );
    const after = await acme().read(record.jobId);
    expect(after?.records).toEqual({ pagesDone: Math.ceil(total / 100), done: true, read: [total], linked: [total] });

    const cells = await acme().readRecordCells(record.jobId, ["call_125", "call_123", "call_unknown"]);
    expect(cells.get("call_125")).toEqual({
      outcome: "not_interested",
      summary: expect.stringMatching(/^Liam has moved/),
      recording: true,
    });
    expect(cells.has("call_unknown")).toBe(false);
    // Another workspace's store has none of them.
    const globex = app.records.jobStore(workspace(app, "globex"));
    expect((await globex.readRecordCells(record.jobId, ["call_125"])).size).toBe(0);
  });

  it("a step run again after it finished reads nothing more and counts nothing twice", async () => {
    const record = await jobWithRows();
    await app.runner.exportRecordChunk(record, { nextPage: 1, chunk: 0 });
    const once = await acme().read(record.jobId);
    const since = Date.now();
    expect(await app.runner.exportRecordChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
    expect(await historyRequests(since)).toEqual([]);
    expect(await acme().read(record.jobId)).toEqual(once);
  });

  it("a step retried before its result was saved rewrites the same cells and counts", async () => {
    const record = await jobWithRows();
    await app.runner.exportRecordChunk(record, { nextPage: 1, chunk: 0 });
    const once = await acme().read(record.jobId);
    await acme().write(record);
    await app.runner.exportRecordChunk(record, { nextPage: 1, chunk: 0 });
    expect(await acme().read(record.jobId)).toEqual(once);
  });

  it("a job without record columns, or a cancelled one, reads no call history", async () => {
    const plain = await jobWithRows({ spec: { format: "csv", status: "all", bom: false } });
    const cancelled = await jobWithRows();
    await acme().cancel(cancelled.jobId);
    const since = Date.now();
    for (const record of [plain, cancelled])
      expect(await app.runner.exportRecordChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
    expect(await historyRequests(since)).toEqual([]);
    expect((await acme().read(plain.jobId))?.records).toBeUndefined();
    expect((await acme().read(cancelled.jobId))?.records).toBeUndefined();
  });

  it("call history answering 500 is a failure worth retrying; the retry then finishes the step", async () => {
    const record = await jobWithRows();
    await addFault(sim, { mode: "status", status: 500, endpoint: "call-history" });
    const error = await app.runner.exportRecordChunk(record, { nextPage: 1, chunk: 0 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ kind: "upstream_error" });
    expect(app.runner.describeFailure(error)).toMatchObject({ retryable: true });
    await clearFaults(sim);
    expect((await acme().read(record.jobId))?.records).toBeUndefined();
    expect(await app.runner.exportRecordChunk(record, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
    expect((await acme().read(record.jobId))?.records?.done).toBe(true);
  });
});

describe("exportChunk with a re-run cap the batch passes", () => {
  afterAll(() => {
    vi.doUnmock("@/lib/export/stream");
  });

  it("fails the job for good, before writing anything", async () => {
    const jobs = await loadJobs({
      TRILLET_API_BASE_URL: sim.url,
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      REDIS_URL: redisTestUrl(),
      REDIS_KEY_PREFIX: newPrefix(),
    });
    vi.doMock("@/lib/export/stream", async (importOriginal) => ({
      ...(await importOriginal<typeof import("@/lib/export/stream")>()),
      maxRerunCalls: 4,
    }));
    const runner = await import("@/lib/export/jobs/runner");
    const store = jobs.records.jobStore(workspace(jobs, "acme"));
    const record = queuedRecord(jobs, { spec: { format: "rerun", status: "all", bom: false } });
    await store.write(record);
    const error = await runner.exportChunk(record, { nextPage: 1, chunk: 0 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(runner.JobFailure);
    expect(runner.describeFailure(error)).toEqual({
      message: "This batch has 5 failed calls; a re-run file holds at most 4.",
      retryable: false,
    });
    await expect(store.readChunk(record.jobId, 0)).rejects.toThrow("no longer stored");
    expect(await store.read(record.jobId)).toEqual(record);
    // The same batch as a full CSV is not capped.
    const csv = queuedRecord(jobs);
    await store.write(csv);
    expect(await runner.exportChunk(csv, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
  });
});

describe("takeTurn and finishJob", () => {
  let app: App;
  // Line order comes from createdAt; kept near now, since a job queued long ago has waited too long.
  const base = Date.now();
  const acme = () => app.records.jobStore(workspace(app, "acme"));

  beforeAll(async () => {
    app = await loadApp({ EXPORT_JOBS_PER_KEY: "1" });
  });

  async function newJob(overrides: Partial<JobRecord> = {}): Promise<JobRecord> {
    const record = queuedRecord(app, overrides);
    await acme().write(record);
    return record;
  }

  it("one job runs, the next waits with its place in line; finishing frees the turn and the spec", async () => {
    const spec = { format: "csv", status: "completed", bom: false } as const;
    const first = await newJob({ spec, createdAt: base + 1_000 });
    const second = await newJob({ spec: { ...spec, bom: true }, createdAt: base + 2_000 });
    expect(await acme().claimSpec(first.batchId, first.spec, first.jobId, async () => true)).toBe(first.jobId);

    expect(await app.runner.takeTurn(first)).toBe("go");
    expect(await acme().read(first.jobId)).toMatchObject({ state: "running", startedAt: expect.any(Number) });
    expect(await app.runner.takeTurn(second)).toBe("wait");
    expect(await acme().read(second.jobId)).toMatchObject({ state: "queued", queuePosition: 1 });

    await app.runner.exportChunk(first, { nextPage: 1, chunk: 0 });
    await app.runner.finishJob(first, { ok: true });
    const done = await acme().read(first.jobId);
    expect(done).toMatchObject({ state: "done", chunkRows: [95], finishedAt: expect.any(Number) });
    expect(done?.error).toBeUndefined();
    expect(done?.queuePosition).toBeUndefined();
    // Its spec is free: a new job for it starts without asking about the old one.
    let asked = false;
    const candidate = app.records.newJobId();
    expect(
      await acme().claimSpec(first.batchId, first.spec, candidate, async () => {
        asked = true;
        return true;
      }),
    ).toBe(candidate);
    expect(asked).toBe(false);

    // Its turn is free: the next in line goes.
    expect(await app.runner.takeTurn(second)).toBe("go");
    const running = await acme().read(second.jobId);
    expect(running).toMatchObject({ state: "running" });
    expect(running?.queuePosition).toBeUndefined();

    await app.runner.finishJob(second, { ok: false, reason: "Trillet is having trouble answering right now." });
    expect(await acme().read(second.jobId)).toMatchObject({
      state: "failed",
      error: "Trillet is having trouble answering right now.",
      finishedAt: expect.any(Number),
    });
    const third = await newJob({ createdAt: base + 3_000 });
    expect(await app.runner.takeTurn(third)).toBe("go");
    await app.runner.finishJob(third, { ok: true });
  });

  it("a job that waited in line past EXPORT_JOBS_MAX_WAIT_MINUTES ends expired, freeing its place, spec and cap", async () => {
    const minutes = 60_000;
    const caps = await import("@/lib/export/jobs/caps");
    const acmeWorkspace = workspace(app, "acme");
    const alice = app.sealed.keyName("alice");
    const running = await newJob({ createdAt: base + 6_000 });
    expect(await app.runner.takeTurn(running)).toBe("go");

    const stale = await newJob({
      createdAt: Date.now() - 31 * minutes,
      owner: alice,
      spec: { format: "csv", status: "active", bom: false },
    });
    expect(await acme().claimSpec(stale.batchId, stale.spec, stale.jobId, async () => true)).toBe(stale.jobId);
    expect(await caps.admitJob(acmeWorkspace, alice, stale.jobId)).toBe(true);
    // In line first (it asked before anyone else), as it would be after waiting all this time.
    expect(await app.turns.claimTurn(acmeWorkspace, stale.jobId, stale.createdAt)).toEqual({ go: false, position: 1 });
    const patient = await newJob({ createdAt: Date.now() - 29 * minutes });
    expect(await app.runner.takeTurn(patient)).toBe("wait");
    expect(await acme().read(patient.jobId)).toMatchObject({ state: "queued", queuePosition: 2 });

    expect(await app.runner.takeTurn(stale)).toBe("stop");
    const expired = await acme().read(stale.jobId);
    expect(expired).toMatchObject({
      state: "expired",
      finishedAt: expect.any(Number),
      error: "It waited 30 minutes behind other exports without starting. Start it again when fewer are running.",
    });
    expect(expired?.queuePosition).toBeUndefined();
    expect(expired?.chunkRows).toEqual([]);
    // Its place in line, its spec and its place under alice's cap are free.
    expect(await app.runner.takeTurn(patient)).toBe("wait");
    expect(await acme().read(patient.jobId)).toMatchObject({ state: "queued", queuePosition: 1 });
    const candidate = app.records.newJobId();
    expect(await acme().claimSpec(stale.batchId, stale.spec, candidate, async () => true)).toBe(candidate);
    for (let index = 0; index < 3; index++) {
      expect(await caps.admitJob(acmeWorkspace, alice, app.records.newJobId())).toBe(true);
    }

    // Once a turn is free, a job that waited long goes: it is only expired while nothing frees.
    await app.runner.finishJob(running, { ok: true });
    expect(await app.runner.takeTurn(patient)).toBe("go");
    await app.runner.finishJob(patient, { ok: true });
    const late = await newJob({ createdAt: Date.now() - 40 * minutes });
    expect(await app.runner.takeTurn(late)).toBe("go");
    await app.runner.finishJob(late, { ok: true });
  });

  it("finishing a job frees its place under its person's cap", async () => {
    const caps = await import("@/lib/export/jobs/caps");
    const acmeWorkspace = workspace(app, "acme");
    const dana = app.sealed.keyName("dana");
    const jobs = [];
    for (let index = 0; index < 3; index++) {
      const job = await newJob({ createdAt: base + 7_000 + index, owner: dana });
      expect(await caps.admitJob(acmeWorkspace, dana, job.jobId)).toBe(true);
      jobs.push(job);
    }
    const fourth = app.records.newJobId();
    expect(await caps.admitJob(acmeWorkspace, dana, fourth)).toMatchObject({ over: "person" });
    await app.runner.finishJob(jobs[0]!, { ok: false, reason: "Trillet is having trouble answering right now." });
    expect(await caps.admitJob(acmeWorkspace, dana, fourth)).toBe(true);
  });

  it("a cancelled job stays cancelled when its run finishes, and still frees its turn and spec", async () => {
    const job = await newJob({ createdAt: base + 4_000 });
    const behind = await newJob({ createdAt: base + 5_000 });
    expect(await acme().claimSpec(job.batchId, job.spec, job.jobId, async () => true)).toBe(job.jobId);
    expect(await app.runner.takeTurn(job)).toBe("go");
    expect(await app.runner.exportChunk(job, { nextPage: 1, chunk: 0 })).toEqual({ done: true });
    expect(await app.runner.takeTurn(behind)).toBe("wait");
    const beforeCancel = await acme().read(job.jobId);

    await acme().cancel(job.jobId);
    await app.runner.finishJob(job, { ok: true });
    const after = await acme().read(job.jobId);
    expect(after).toEqual(beforeCancel);
    expect(after?.state).toBe("running");
    expect(after?.finishedAt).toBeUndefined();
    expect(await acme().isCancelled(job.jobId)).toBe(true);
    expect(await app.runner.takeTurn(behind)).toBe("go");
    const candidate = app.records.newJobId();
    expect(await acme().claimSpec(job.batchId, job.spec, candidate, async () => true)).toBe(candidate);
    await app.runner.finishJob(behind, { ok: true });
  });
});
