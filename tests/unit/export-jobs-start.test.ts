import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { jobsEnv, loadJobs, queuedRecord, workspace, type JobRecord, type Jobs } from "./support/export-jobs";
import { newPrefix } from "./support/process-state";
import { redisTestUrl } from "./support/redis";
import { requestCount } from "./support/sim-admin";

// startExportJob (lib/export/jobs/service.ts) before it starts a run: the caps and the batch's
// existence. Runs themselves need the Workflow SDK's build transform, so every case here ends
// before start(): refused, joined, or an unknown batch.

type App = Jobs & {
  service: typeof import("@/lib/export/jobs/service");
  caps: typeof import("@/lib/export/jobs/caps");
  errors: typeof import("@/lib/trillet/errors");
};

let sim: RunningSimulator;
let app: App;
const exampleBatch = "batch_7891011121314";
const acmeWorkspace = () => workspace(app, "acme");
const acme = () => app.records.jobStore(acmeWorkspace());

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const jobs = await loadJobs({
    TRILLET_API_BASE_URL: sim.url,
    TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
    TRILLET_CACHE_TTL_MS: "0",
    REDIS_URL: redisTestUrl(),
    REDIS_KEY_PREFIX: newPrefix(),
  });
  app = {
    ...jobs,
    service: await import("@/lib/export/jobs/service"),
    caps: await import("@/lib/export/jobs/caps"),
    errors: await import("@/lib/trillet/errors"),
  };
});

afterAll(async () => {
  jobsEnv.restore();
  await sim?.close();
});

/** A job of `user` let in under the caps and running or waiting, as startExportJob leaves one. */
async function activeJob(user: string, overrides: Partial<JobRecord>): Promise<JobRecord> {
  const record = queuedRecord(app, { owner: app.sealed.keyName(user), ...overrides });
  await acme().write(record);
  await acme().addToBatchList(record);
  expect(await acme().claimSpec(record.batchId, record.spec, record.jobId, async () => true)).toBe(record.jobId);
  expect(await app.caps.admitJob(acmeWorkspace(), record.owner!, record.jobId)).toBe(true);
  return record;
}

describe("startExportJob", () => {
  it("at the person's cap: refused with a message naming what runs, no upstream read, no job", async () => {
    const user = "https://idp.test#alice";
    await activeJob(user, { state: "running", spec: { format: "csv", status: "all", bom: false } });
    await activeJob(user, { spec: { format: "csv", status: "failed", bom: true }, queuePosition: 2 });
    await activeJob(user, { batchId: "batch_big_100k", spec: { format: "rerun", status: "failed", bom: false } });
    const listed = (await app.service.listExportJobs(acmeWorkspace(), exampleBatch)).length;
    const before = await requestCount(sim);

    const answer = await app.service.startExportJob(
      acmeWorkspace(),
      exampleBatch,
      { format: "csv", status: "completed", bom: false },
      { user, name: "Alice Anders" },
    );
    expect(answer).toEqual({
      refused:
        "You already have 3 exports running or waiting: All calls (CSV) of batch_7891011121314 (running); " +
        "Failed calls (CSV for Excel) of batch_7891011121314 (2nd in line); " +
        "Re-run file of failed calls of batch_big_100k (waiting). Start another when one has finished, or cancel one.",
    });
    expect(await requestCount(sim)).toBe(before);
    expect(await app.service.listExportJobs(acmeWorkspace(), exampleBatch)).toHaveLength(listed);
  });

  it("at the cap, asking for an export that already runs joins it", async () => {
    const user = "https://idp.test#carol";
    const spec = { format: "csv", status: "waiting", bom: false } as const;
    const running = await activeJob(user, { state: "running", spec });
    await activeJob(user, { spec: { ...spec, bom: true } });
    await activeJob(user, { spec: { ...spec, status: "active" } });

    const answer = await app.service.startExportJob(acmeWorkspace(), exampleBatch, spec, {
      user,
      name: "Carol Chen",
    });
    expect(answer).toMatchObject({ joined: true, job: { id: running.jobId, state: "running" } });
  });

  it("the workspace's cap: refused in the workspace's words", async () => {
    const jobs = await loadJobs({
      TRILLET_API_BASE_URL: sim.url,
      REDIS_URL: redisTestUrl(),
      REDIS_KEY_PREFIX: newPrefix(),
      EXPORT_JOBS_MAX_PER_WORKSPACE: "1",
    });
    const service = await import("@/lib/export/jobs/service");
    const caps = await import("@/lib/export/jobs/caps");
    const acmeHere = workspace(jobs, "acme");
    const other = queuedRecord(jobs, { owner: jobs.sealed.keyName("bob"), state: "running" });
    await jobs.records.jobStore(acmeHere).write(other);
    expect(await caps.admitJob(acmeHere, other.owner!, other.jobId)).toBe(true);
    const answer = await service.startExportJob(
      acmeHere,
      exampleBatch,
      { format: "rerun", status: "failed", bom: false },
      { user: "dana", name: "Dana" },
    );
    expect(answer).toEqual({
      refused:
        "This workspace already has 1 export running or waiting: All calls (CSV) of batch_7891011121314 (running). " +
        "Start another when one has finished.",
    });
  });

  it("an unknown batch, or another workspace's, is Trillet's not_found: no job written, no place kept", async () => {
    const user = "https://idp.test#finn";
    for (const batchId of ["batch_does_not_exist", "batch_globex_q3"]) {
      const failure = await app.service
        .startExportJob(acmeWorkspace(), batchId, { format: "csv", status: "all", bom: false }, { user, name: "Finn" })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(app.errors.isTrilletError(failure), batchId).toBe(true);
      expect((failure as InstanceType<typeof app.errors.TrilletError>).kind).toBe("not_found");
      expect(await app.service.listExportJobs(acmeWorkspace(), batchId)).toEqual([]);
    }
    // Neither refused request kept a place under finn's cap of 3.
    const finn = app.sealed.keyName(user);
    for (let index = 0; index < 3; index++) {
      expect(await app.caps.admitJob(acmeWorkspace(), finn, app.records.newJobId())).toBe(true);
    }
  });

  it("a refusal names three jobs and counts the rest; with none to name yet it names none", () => {
    const active = Array.from({ length: 5 }, (_, index) =>
      queuedRecord(app, { batchId: `batch_${index + 1}`, state: "running" }),
    );
    expect(app.service.capMessage({ over: "workspace", limit: 10, active })).toBe(
      "This workspace already has 10 exports running or waiting: All calls (CSV) of batch_1 (running); " +
        "All calls (CSV) of batch_2 (running); All calls (CSV) of batch_3 (running); and 2 more. " +
        "Start another when one has finished.",
    );
    expect(app.service.capMessage({ over: "person", limit: 1, active: [] })).toBe(
      "You already have 1 export running or waiting. Start another when one has finished, or cancel one.",
    );
  });
});
