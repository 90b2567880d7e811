import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jobsEnv,
  loadJobs,
  queuedRecord,
  readText,
  sampleCall,
  workspace,
  type JobRecord,
  type Jobs,
} from "./support/export-jobs";
import { newPrefix, rawClient } from "./support/process-state";
import { redisTestUrl } from "./support/redis";

// lib/export/jobs/service.ts without starting runs (start() needs the Workflow SDK's build
// transform): records and chunks are written directly, then read back as views and as the CSV file.

type App = Jobs & { service: typeof import("@/lib/export/jobs/service") };

let app: App;
const acmeWorkspace = () => workspace(app, "acme");
const acme = () => app.records.jobStore(acmeWorkspace());

const prefix = newPrefix();

beforeAll(async () => {
  const jobs = await loadJobs({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
  app = { ...jobs, service: await import("@/lib/export/jobs/service") };
});

afterAll(() => jobsEnv.restore());

const createdAt = Date.UTC(2026, 0, 2, 12, 0, 0);
const origin = "https://console.test";
const baseColumns = ["jobId", "status", "phone_number", "started_at", "ended_at", "duration_seconds", "error"];

async function writeJob(overrides: Partial<JobRecord>, chunks: ReturnType<typeof sampleCall>[][] = []) {
  const record = queuedRecord(app, {
    createdAt,
    chunkRows: chunks.map((calls) => calls.length),
    ...overrides,
  });
  await acme().write(record);
  await acme().addToBatchList(record);
  for (const [index, calls] of chunks.entries()) await acme().writeChunk(record.jobId, index, calls);
  return record;
}

function readCsv(text: string): string[][] {
  return parse(text, { relax_column_count: false });
}

describe("jobView", () => {
  const now = createdAt + 60_000;

  it("a queued job shows its place in line and no file", () => {
    const view = app.service.jobView(queuedRecord(app, { createdAt, queuePosition: 2 }), false, now);
    expect(view).toEqual({
      id: view.id,
      state: "queued",
      format: "csv",
      status: "all",
      bom: false,
      createdAt: "2026-01-02T12:00:00.000Z",
      createdBy: "alice@acme.test",
      queuePosition: 2,
      rows: { done: 0 },
      pages: { done: 0 },
      downloadable: false,
    });
  });

  it("a running job estimates from its pace, or from the budget before its first pages", () => {
    const running = queuedRecord(app, {
      createdAt,
      state: "running",
      startedAt: now - 10_000,
      pagesDone: 10,
      pagesTotal: 30,
      rowsTotal: 2_950,
      chunkRows: [1000],
    });
    const view = app.service.jobView(running, false, now);
    expect(view).toMatchObject({
      state: "running",
      rows: { done: 1000, total: 2_950 },
      pages: { done: 10, total: 30 },
      estimateSeconds: 20,
      downloadable: false,
    });
    expect(view.queuePosition).toBeUndefined();

    // No pace yet: the background share of 60 a minute (45), split between 2 jobs per key.
    const fresh = app.service.jobView({ ...running, pagesDone: 0, pagesTotal: 50, chunkRows: [] }, false, now);
    expect(fresh.estimateSeconds).toBe(Math.ceil((50 / (45 / 2)) * 60));
  });

  it("a cancel shows at once; rows written stay downloadable", () => {
    const running = queuedRecord(app, { state: "running", startedAt: createdAt, pagesDone: 10, chunkRows: [1000] });
    const cancelled = app.service.jobView(running, true, now);
    expect(cancelled).toMatchObject({ state: "cancelled", downloadable: true, rows: { done: 1000 } });
    expect(cancelled.estimateSeconds).toBeUndefined();
    const queued = app.service.jobView(queuedRecord(app, { queuePosition: 1 }), true, now);
    expect(queued).toMatchObject({ state: "cancelled", downloadable: false });
    expect(queued.queuePosition).toBeUndefined();
    // A finished job stays as it finished, whatever a late cancel says.
    const done = queuedRecord(app, { state: "done", finishedAt: now, chunkRows: [5] });
    expect(app.service.jobView(done, true, now).state).toBe("done");
  });

  it("done and failed jobs", () => {
    const done = app.service.jobView(
      queuedRecord(app, {
        state: "done",
        finishedAt: now,
        pagesDone: 2,
        pagesTotal: 2,
        rowsTotal: 150,
        chunkRows: [150],
      }),
      false,
      now,
    );
    expect(done).toMatchObject({ state: "done", finishedAt: new Date(now).toISOString(), downloadable: true });
    expect(done.estimateSeconds).toBeUndefined();
    const failed = app.service.jobView(
      queuedRecord(app, {
        state: "failed",
        finishedAt: now,
        error: "Trillet did not answer in time.",
        chunkRows: [100],
      }),
      false,
      now,
    );
    expect(failed).toMatchObject({ state: "failed", error: "Trillet did not answer in time.", downloadable: true });
    const rerun = app.service.jobView(
      queuedRecord(app, { spec: { format: "rerun", status: "completed", bom: true } }),
      false,
      now,
    );
    expect(rerun).toMatchObject({ format: "rerun", status: "failed", bom: true });
  });

  it("an expired job says why, with no file, no estimate and no place in line", () => {
    const expired = app.service.jobView(
      queuedRecord(app, {
        state: "expired",
        finishedAt: now,
        error: "It waited 30 minutes behind other exports without starting. Start it again when fewer are running.",
      }),
      false,
      now,
    );
    expect(expired).toMatchObject({
      state: "expired",
      error: "It waited 30 minutes behind other exports without starting. Start it again when fewer are running.",
      downloadable: false,
      rows: { done: 0 },
    });
    expect(expired.estimateSeconds).toBeUndefined();
    expect(expired.queuePosition).toBeUndefined();
    // A late cancel does not turn it into a cancelled job.
    expect(app.service.jobView(queuedRecord(app, { state: "expired" }), true, now).state).toBe("expired");
  });
});

describe("getExportJob and listExportJobs", () => {
  it("find a job only under its own batch and workspace, with its cancel applied", async () => {
    const batchId = "batch_hostile";
    const older = await writeJob({ batchId, createdAt: createdAt + 1, state: "running", chunkRows: [] });
    const newer = await writeJob({ batchId, createdAt: createdAt + 2 });
    await acme().cancel(older.jobId);

    expect(await app.service.getExportJob(acmeWorkspace(), batchId, newer.jobId)).toMatchObject({
      id: newer.jobId,
      state: "queued",
    });
    expect(await app.service.getExportJob(acmeWorkspace(), batchId, older.jobId)).toMatchObject({
      state: "cancelled",
    });
    expect(await app.service.getExportJob(acmeWorkspace(), "batch_empty", newer.jobId)).toBeUndefined();
    expect(await app.service.getExportJob(workspace(app, "globex"), batchId, newer.jobId)).toBeUndefined();
    expect(await app.service.getExportJob(acmeWorkspace(), batchId, app.records.newJobId())).toBeUndefined();

    const listed = await app.service.listExportJobs(acmeWorkspace(), batchId);
    expect(listed.map((job) => [job.id, job.state])).toEqual([
      [newer.jobId, "queued"],
      [older.jobId, "cancelled"],
    ]);
    expect(await app.service.listExportJobs(workspace(app, "globex"), batchId)).toEqual([]);
  });
});

describe("exportJobFile", () => {
  const hostile = sampleCall(3, {
    status: "failed",
    error: '=HYPERLINK("http://evil.test","Call back")',
    metadata: {
      first_name: "+1+1",
      note: '=HYPERLINK("http://evil.test","click")',
      email: "@SUM(A1)",
      jobId: "spoofed",
    },
  });
  const chunk0 = [sampleCall(1), sampleCall(2, { metadata: { first_name: "Ann", note: "-2+3, or so" } })];
  const chunk1 = [hostile];

  it("streams a done job's whole file: header from every chunk's keys, rows in chunk order, formulas neutralised", async () => {
    const record = await writeJob(
      {
        state: "done",
        finishedAt: createdAt + 5_000,
        spec: { format: "csv", status: "all", bom: true },
        metadataKeys: ["first_name", "email", "note", "jobId"],
      },
      [chunk0, chunk1],
    );
    const file = await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin);
    if (file === undefined || typeof file === "string") throw new Error(`no file: ${file}`);
    expect(file.filename).toBe("batch_7891011121314-all-2026-01-02.csv");
    expect(file.partial).toBe(false);
    expect(file.rows).toBe(3);

    const text = await readText(file.stream);
    expect(text.startsWith("\uFEFFjobId,")).toBe(true);
    const rows = readCsv(text.slice(1));
    expect(rows[0]).toEqual([...baseColumns, "first_name", "email", "note", "extra_metadata"]);
    expect(rows.slice(1).map((row) => row[0])).toEqual(["call_1", "call_2", "call_3"]);
    expect(rows[1]).toEqual([
      "call_1",
      "completed",
      "+15550000001",
      "2024-06-01T00:00:01.000Z",
      "2024-06-01T00:00:31.000Z",
      "30",
      "",
      "First1",
      "person1@example.com",
      "",
      "",
    ]);
    expect(rows[2]!.slice(7)).toEqual(["Ann", "", "'-2+3, or so", ""]);
    expect(rows[3]!.slice(6)).toEqual([
      `'=HYPERLINK("http://evil.test","Call back")`,
      "'+1+1",
      "'@SUM(A1)",
      `'=HYPERLINK("http://evil.test","click")`,
      '{"jobId":"spoofed"}',
    ]);
  });

  it("a job with record columns joins each row to its call's cells: sealed in Redis, formulas neutralised, our recording link", async () => {
    const record = await writeJob(
      {
        state: "done",
        spec: { format: "csv", status: "all", bom: false, records: true },
        metadataKeys: ["first_name", "email"],
        records: { pagesDone: 1, done: true, read: [2], linked: [2] },
      },
      [[sampleCall(1), sampleCall(2)], [sampleCall(3)]],
    );
    await acme().writeRecordCells(
      record.jobId,
      new Map([
        ["call_1", { outcome: "=SUM(A1)", summary: "Confidential summary for Ann", recording: true }],
        ["call_3", { outcome: "voicemail", summary: "", recording: false }],
      ]),
    );
    const raw = await rawClient(redisTestUrl());
    try {
      const values: string[] = [];
      for await (const keys of raw.scanIterator({ MATCH: `${prefix}export-job:*:record-cells`, COUNT: 100 }))
        for (const key of keys) values.push(...Object.values(await raw.hGetAll(key)));
      expect(values.length).toBeGreaterThanOrEqual(2);
      expect(values.join("\n")).not.toContain("Confidential");
    } finally {
      raw.destroy();
    }

    const file = await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin);
    if (file === undefined || typeof file === "string") throw new Error(`no file: ${file}`);
    const rows = readCsv(await readText(file.stream));
    expect(rows[0]).toEqual([
      ...baseColumns,
      "first_name",
      "email",
      "outcome",
      "summary",
      "recording",
      "extra_metadata",
    ]);
    expect(rows.slice(1).map((row) => row.slice(9, 12))).toEqual([
      [
        "'=SUM(A1)",
        "Confidential summary for Ann",
        `${origin}/api/w/acme/batches/${record.batchId}/calls/call_1/recording`,
      ],
      ["", "", ""],
      ["voicemail", "", ""],
    ]);
    expect(app.service.jobView(record, false).callRecords).toEqual({
      read: 2,
      linked: 2,
      pages: { done: 1, total: 1 },
      done: true,
    });
  });

  it("without a BOM when not asked for one", async () => {
    const record = await writeJob({ state: "done", metadataKeys: ["first_name", "email"] }, [[sampleCall(7)]]);
    const file = await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin);
    if (file === undefined || typeof file === "string") throw new Error(`no file: ${file}`);
    const text = await readText(file.stream);
    expect(text.startsWith("jobId,status,")).toBe(true);
    expect(readCsv(text)).toHaveLength(2);
  });

  it("a failed job's rows so far are a file named as partial", async () => {
    const record = await writeJob(
      {
        state: "failed",
        finishedAt: createdAt + 5_000,
        error: "Trillet is having trouble answering right now. Try again.",
        spec: { format: "csv", status: "completed", bom: false },
        metadataKeys: ["first_name", "email"],
        pagesDone: 1,
        pagesTotal: 5,
      },
      [[sampleCall(1), sampleCall(2)]],
    );
    const file = await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin);
    if (file === undefined || typeof file === "string") throw new Error(`no file: ${file}`);
    expect(file.filename).toBe("batch_7891011121314-completed-2026-01-02-partial.csv");
    expect(file.partial).toBe(true);
    expect(file.rows).toBe(2);
    const rows = readCsv(await readText(file.stream));
    expect(rows.map((row) => row[0])).toEqual(["jobId", "call_1", "call_2"]);
  });

  it("a cancelled job's rows so far are a partial file too", async () => {
    const record = await writeJob({ state: "running", metadataKeys: ["first_name"] }, [[sampleCall(4)]]);
    expect(await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin)).toBe("not_ready");
    await acme().cancel(record.jobId);
    const file = await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin);
    if (file === undefined || typeof file === "string") throw new Error(`no file: ${file}`);
    expect(file.partial).toBe(true);
    expect(file.filename).toMatch(/-partial\.csv$/);
    expect(readCsv(await readText(file.stream)).map((row) => row[0])).toEqual(["jobId", "call_4"]);
  });

  it("the re-run file: phone numbers and metadata columns of the failed calls", async () => {
    const failed = [
      sampleCall(5, { status: "failed", metadata: { first_name: "=cmd", email: "e5@example.com" } }),
      sampleCall(6, { status: "failed", metadata: { first_name: "Bo", extra: "x" } }),
    ];
    const record = await writeJob(
      {
        state: "done",
        spec: { format: "rerun", status: "all", bom: false },
        metadataKeys: ["first_name", "email", "extra"],
      },
      [failed],
    );
    const file = await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin);
    if (file === undefined || typeof file === "string") throw new Error(`no file: ${file}`);
    expect(file.filename).toBe("batch_7891011121314-failed-rerun-2026-01-02.csv");
    expect(readCsv(await readText(file.stream))).toEqual([
      ["phone_number", "first_name", "email", "extra"],
      ["+15550000005", "'=cmd", "e5@example.com", ""],
      ["+15550000006", "Bo", "", "x"],
    ]);
  });

  it("a job that ended before writing any rows has no file, and says so rather than 'not finished'", async () => {
    for (const state of ["failed", "cancelled"] as const) {
      const record = await writeJob({ state: state === "cancelled" ? "queued" : state }, []);
      if (state === "cancelled") await acme().cancel(record.jobId);
      expect(await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin)).toBe("no_rows");
    }
  });

  it("is not ready while the job is queued or running", async () => {
    for (const state of ["queued", "running"] as const) {
      const record = await writeJob({ state }, state === "running" ? [[sampleCall(1)]] : []);
      expect(await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin)).toBe("not_ready");
    }
  });

  it("is not found under another batch or workspace", async () => {
    const record = await writeJob({ state: "done" }, [[sampleCall(1)]]);
    expect(await app.service.exportJobFile(acmeWorkspace(), "batch_empty", record.jobId, origin)).toBeUndefined();
    expect(
      await app.service.exportJobFile(workspace(app, "globex"), record.batchId, record.jobId, origin),
    ).toBeUndefined();
    expect(
      await app.service.exportJobFile(acmeWorkspace(), record.batchId, app.records.newJobId(), origin),
    ).toBeUndefined();
  });

  it("fails the download, rather than ending it short, when a chunk is gone", async () => {
    const record = await writeJob({ state: "done", metadataKeys: ["first_name", "email"] }, [[sampleCall(1)]]);
    await acme().write({ ...record, chunkRows: [1, 1] });
    const file = await app.service.exportJobFile(acmeWorkspace(), record.batchId, record.jobId, origin);
    if (file === undefined || typeof file === "string") throw new Error(`no file: ${file}`);
    expect(file.rows).toBe(2);
    await expect(readText(file.stream)).rejects.toThrow(
      "The file could not be read: part 2 of the file is no longer stored",
    );
  });
});
