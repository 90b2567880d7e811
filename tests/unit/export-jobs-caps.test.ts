import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { jobsEnv, loadJobs, queuedRecord, workspace, type JobRecord, type Jobs } from "./support/export-jobs";
import { forgetProcessState, newPrefix } from "./support/process-state";
import { redisTestUrl } from "./support/redis";

// lib/export/jobs/caps.ts: background export jobs running or waiting, capped per person and per
// workspace. Each test starts lib/ afresh on a Redis prefix of its own (or an empty memory).

afterAll(() => jobsEnv.restore());

type App = Jobs & { caps: typeof import("@/lib/export/jobs/caps") };

const stores = [
  { store: "memory", env: (): Record<string, string> => ({}) },
  { store: "redis", env: (): Record<string, string> => ({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: newPrefix() }) },
] as const;

async function loadApp(env: Record<string, string>): Promise<App> {
  const jobs = await loadJobs(env);
  return { ...jobs, caps: await import("@/lib/export/jobs/caps") };
}

describe.each(stores)("export job caps ($store)", ({ env }) => {
  let app: App;
  const owner = (person: string) => app.sealed.keyName(person);

  /** A job as startExportJob leaves it once let in: its record written, queued. */
  async function job(person: string, slug: "acme" | "globex" = "acme", overrides: Partial<JobRecord> = {}) {
    const record = queuedRecord(app, { slug, owner: owner(person), ...overrides });
    await app.records.jobStore(workspace(app, slug)).write(record);
    return record;
  }

  async function admit(record: JobRecord) {
    return app.caps.admitJob(workspace(app, record.slug as "acme" | "globex"), record.owner!, record.jobId);
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets a person have 3 jobs running or waiting; the 4th is refused, naming the 3; one ending frees a place", async () => {
    app = await loadApp(env());
    expect(app.config.getConfig().exportJobLimits).toMatchObject({ perUser: 3, perWorkspace: 10 });
    const first = await job("alice", "acme", { state: "running" });
    const second = await job("alice");
    const third = await job("alice");
    for (const record of [first, second, third]) expect(await admit(record)).toBe(true);

    const fourth = await job("alice");
    const refusal = await admit(fourth);
    expect(refusal).toMatchObject({ over: "person", limit: 3 });
    expect(refusal !== true && refusal.active.map((record) => record.jobId).sort()).toEqual(
      [first.jobId, second.jobId, third.jobId].sort(),
    );
    // Asking again while nothing ended changes nothing.
    expect(await admit(fourth)).toMatchObject({ over: "person" });
    // A colleague is not held back by alice's jobs.
    expect(await admit(await job("carol"))).toBe(true);

    await app.caps.releaseJobCap(second);
    expect(await admit(fourth)).toBe(true);
    expect(await admit(await job("alice"))).toMatchObject({ over: "person" });
  });

  it("a job already let in is let in again without taking a second place", async () => {
    app = await loadApp({ ...env(), EXPORT_JOBS_MAX_PER_USER: "1" });
    const only = await job("alice");
    expect(await admit(only)).toBe(true);
    expect(await admit(only)).toBe(true);
    expect(await admit(await job("alice"))).toMatchObject({ over: "person", limit: 1 });
  });

  it("the workspace's cap counts everyone in it, and only it", async () => {
    app = await loadApp({ ...env(), EXPORT_JOBS_MAX_PER_WORKSPACE: "4" });
    for (const person of ["alice", "alice", "alice", "bob"]) expect(await admit(await job(person))).toBe(true);
    const refusal = await admit(await job("carol"));
    expect(refusal).toMatchObject({ over: "workspace", limit: 4 });
    expect(refusal !== true && refusal.active).toHaveLength(4);
    // Another workspace has a cap of its own.
    expect(await admit(await job("carol", "globex"))).toBe(true);
  });

  it("a person's cap spans workspaces", async () => {
    app = await loadApp(env());
    const inAcme = [await job("carol"), await job("carol")];
    const inGlobex = await job("carol", "globex");
    for (const record of [...inAcme, inGlobex]) expect(await admit(record)).toBe(true);
    const refusal = await admit(await job("carol", "globex"));
    expect(refusal).toMatchObject({ over: "person", limit: 3 });
    expect(refusal !== true && refusal.active.map((record) => record.slug).sort()).toEqual(["acme", "acme", "globex"]);
  });

  it("jobs that ended without leaving (done, cancelled, failed, expired) are not counted", async () => {
    app = await loadApp({ ...env(), EXPORT_JOBS_MAX_PER_USER: "2" });
    const acme = app.records.jobStore(workspace(app, "acme"));
    const done = await job("alice");
    const cancelled = await job("alice");
    expect(await admit(done)).toBe(true);
    expect(await admit(cancelled)).toBe(true);
    await acme.write({ ...done, state: "done", finishedAt: Date.now() });
    await acme.cancel(cancelled.jobId);
    const [failed, kept] = [await job("alice"), await job("alice")];
    expect(await admit(failed!)).toBe(true);
    expect(await admit(kept!)).toBe(true);

    await acme.write({ ...failed!, state: "failed", finishedAt: Date.now() });
    const expired = await job("alice");
    expect(await admit(expired)).toBe(true);
    await acme.write({ ...expired, state: "expired", finishedAt: Date.now() });
    expect(await admit(await job("alice"))).toBe(true);
    // Two active again: full.
    const refusal = await admit(await job("alice"));
    expect(refusal).toMatchObject({ over: "person", limit: 2 });
    expect(refusal !== true && refusal.active.map((record) => record.jobId)).toContain(kept!.jobId);
  });

  it("a place whose record is not written yet counts for a minute, then is dropped", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-01T09:00:00Z"));
    app = await loadApp({ ...env(), EXPORT_JOBS_MAX_PER_USER: "1" });
    // Let in, but its record never written (its instance died between the two).
    const unwritten = queuedRecord(app, { owner: owner("alice") });
    expect(await admit(unwritten)).toBe(true);
    const waiting = await job("alice");
    expect(await admit(waiting)).toMatchObject({ over: "person", active: [] });
    vi.advanceTimersByTime(59_000);
    expect(await admit(waiting)).toMatchObject({ over: "person" });
    vi.advanceTimersByTime(2_000);
    expect(await admit(waiting)).toBe(true);
  });

  it("ten requests at once from one person: exactly three are let in", async () => {
    app = await loadApp(env());
    const records = await Promise.all(Array.from({ length: 10 }, () => job("alice")));
    const answers = await Promise.all(records.map(admit));
    expect(answers.filter((answer) => answer === true)).toHaveLength(3);
  });
});

describe("export job caps across instances", () => {
  it("with Redis, two instances count the same jobs; in memory each would count its own", async () => {
    const settings = { REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: newPrefix(), EXPORT_JOBS_MAX_PER_USER: "2" };
    const first = await loadApp(settings);
    const acme = workspace(first, "acme");
    const alice = first.sealed.keyName("alice");
    for (let index = 0; index < 2; index++) {
      const record = queuedRecord(first, { owner: alice });
      await first.records.jobStore(acme).write(record);
      expect(await first.caps.admitJob(acme, alice, record.jobId)).toBe(true);
    }

    forgetProcessState();
    const second = await loadApp(settings);
    expect(second.caps).not.toBe(first.caps);
    const refusal = await second.caps.admitJob(workspace(second, "acme"), alice, second.records.newJobId());
    expect(refusal).toMatchObject({ over: "person", limit: 2 });
    expect(refusal !== true && refusal.active).toHaveLength(2);

    const memoryA = await loadApp({ EXPORT_JOBS_MAX_PER_USER: "2" });
    const memoryAlice = memoryA.sealed.keyName("alice");
    for (let index = 0; index < 2; index++) {
      const record = queuedRecord(memoryA, { owner: memoryAlice });
      await memoryA.records.jobStore(workspace(memoryA, "acme")).write(record);
      await memoryA.caps.admitJob(workspace(memoryA, "acme"), memoryAlice, record.jobId);
    }
    const memoryB = await loadApp({ EXPORT_JOBS_MAX_PER_USER: "2" });
    expect(await memoryB.caps.admitJob(workspace(memoryB, "acme"), memoryAlice, memoryB.records.newJobId())).toBe(true);
  });
});
