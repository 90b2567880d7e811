import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { jobsEnv, keysMatching, loadJobs, workspace, type Jobs } from "./support/export-jobs";
import { forgetProcessState, newPrefix, rawClient, type RawClient } from "./support/process-state";
import { redisTestUrl } from "./support/redis";

// lib/export/jobs/turns.ts: the run line per API key. Each test starts lib/ afresh on a Redis
// prefix of its own (or an empty memory), so every line starts empty. In the unit-test
// environment acme and globex share one API key, hence one line.

afterAll(() => jobsEnv.restore());

const stores = [
  { store: "memory", env: (): Record<string, string> => ({}) },
  { store: "redis", env: (): Record<string, string> => ({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: newPrefix() }) },
] as const;

describe.each(stores)("run line ($store)", ({ env }) => {
  let jobs: Jobs;
  const claim = (jobId: string, startedAt: number, slug: "acme" | "globex" = "acme") =>
    jobs.turns.claimTurn(workspace(jobs, slug), jobId, startedAt);
  const release = (jobId: string) => jobs.turns.releaseTurn(workspace(jobs, "acme"), jobId);

  async function start(perKey: number) {
    jobs = await loadJobs({ ...env(), EXPORT_JOBS_PER_KEY: String(perKey) });
    expect(jobs.config.getConfig().exportJobsPerKey).toBe(perKey);
  }

  it("lets two jobs run; the third waits first in line and goes when one is released", async () => {
    await start(2);
    expect(await claim("exp_a", 1_000)).toEqual({ go: true });
    expect(await claim("exp_b", 2_000)).toEqual({ go: true });
    expect(await claim("exp_c", 3_000)).toEqual({ go: false, position: 1 });
    expect(await claim("exp_d", 4_000)).toEqual({ go: false, position: 2 });
    // Asking again changes nothing; a running job renews its turn.
    expect(await claim("exp_c", 3_000)).toEqual({ go: false, position: 1 });
    expect(await claim("exp_a", 1_000)).toEqual({ go: true });

    await release("exp_a");
    // The free turn is exp_c's, even before it asks: exp_d is next after that.
    expect(await claim("exp_d", 4_000)).toEqual({ go: false, position: 1 });
    expect(await claim("exp_c", 3_000)).toEqual({ go: true });
    expect(await claim("exp_d", 4_000)).toEqual({ go: false, position: 1 });
    // Releasing a job that holds nothing frees nothing.
    await release("exp_unknown");
    expect(await claim("exp_d", 4_000)).toEqual({ go: false, position: 1 });
  });

  it("orders the line by start time, not by who asks first", async () => {
    await start(1);
    expect(await claim("exp_runner", 1_000)).toEqual({ go: true });
    expect(await claim("exp_late", 3_000)).toEqual({ go: false, position: 1 });
    expect(await claim("exp_early", 2_000)).toEqual({ go: false, position: 1 });
    expect(await claim("exp_late", 3_000)).toEqual({ go: false, position: 2 });

    await release("exp_runner");
    // The later job asks first once the turn is free, and is still second.
    expect(await claim("exp_late", 3_000)).toEqual({ go: false, position: 1 });
    expect(await claim("exp_early", 2_000)).toEqual({ go: true });
    // A later claim with another start time does not move a waiting job forward.
    expect(await claim("exp_later_still", 4_000)).toEqual({ go: false, position: 2 });
    expect(await claim("exp_later_still", 500)).toEqual({ go: false, position: 2 });
  });

  it("releasing a waiting job gives its place to the ones behind it", async () => {
    await start(1);
    expect(await claim("exp_1", 1_000)).toEqual({ go: true });
    expect(await claim("exp_2", 2_000)).toEqual({ go: false, position: 1 });
    expect(await claim("exp_3", 3_000)).toEqual({ go: false, position: 2 });
    await release("exp_2");
    expect(await claim("exp_3", 3_000)).toEqual({ go: false, position: 1 });
  });

  it("is one line per API key, whichever workspace asks", async () => {
    await start(1);
    expect(await claim("exp_acme", 1_000, "acme")).toEqual({ go: true });
    expect(await claim("exp_globex", 2_000, "globex")).toEqual({ go: false, position: 1 });
  });
});

describe("asking for a turn again", () => {
  it("waits longer each time, up to 20 s: well inside the lease a waiting job keeps by asking", async () => {
    const { turnWaitMs } = await import("@/lib/export/jobs/turn-wait");
    const jobs = await loadJobs({});
    const waits = Array.from({ length: 8 }, (_, asked) => turnWaitMs(asked));
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 20_000, 20_000, 20_000, 20_000]);
    // A step is at most a few seconds on top: the job asks again long before the lease runs out.
    expect(Math.max(...waits) * 2).toBeLessThan(jobs.turns.waitingLeaseMs);
    // Thirty minutes in line cost under a hundred asks (they were 600 at one every 3 s).
    let asked = 0;
    for (let waited = 0; waited < 30 * 60_000; asked++) waited += turnWaitMs(asked);
    expect(asked).toBeLessThan(100);
  });
});

describe("run line in memory: leases", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a waiting job not seen for over a minute loses its place; a running one after its lease", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const jobs = await loadJobs({ EXPORT_JOBS_PER_KEY: "1" });
    const acme = workspace(jobs, "acme");
    expect(await jobs.turns.claimTurn(acme, "exp_run", 1_000)).toEqual({ go: true });
    expect(await jobs.turns.claimTurn(acme, "exp_gone", 2_000)).toEqual({ go: false, position: 1 });
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: false, position: 2 });

    vi.advanceTimersByTime(40_000);
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: false, position: 2 });
    vi.advanceTimersByTime(21_000);
    // exp_gone was last seen 61 s ago; exp_here 21 s ago.
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: false, position: 1 });

    // The running job stops renewing: after its lease the next in line goes.
    vi.advanceTimersByTime(jobs.turns.runLeaseMs - 61_000 - 1_000);
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: false, position: 1 });
    vi.advanceTimersByTime(2_000);
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: true });
  });
});

describe("run line in Redis", () => {
  let raw: RawClient;

  beforeAll(async () => {
    raw = await rawClient(redisTestUrl());
  });

  afterAll(() => {
    raw?.destroy();
  });

  async function lineKey(prefix: string, part: "running" | "waiting" | "waiting-seen"): Promise<string> {
    const keys = await keysMatching(raw, `${prefix}export-turns:*:${part}`);
    expect(keys).toHaveLength(1);
    return keys[0]!;
  }

  it("a waiting job not seen for over a minute loses its place; a running one after its lease", async () => {
    const prefix = newPrefix();
    const jobs = await loadJobs({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix, EXPORT_JOBS_PER_KEY: "1" });
    const acme = workspace(jobs, "acme");
    expect(await jobs.turns.claimTurn(acme, "exp_run", 1_000)).toEqual({ go: true });
    expect(await jobs.turns.claimTurn(acme, "exp_gone", 2_000)).toEqual({ go: false, position: 1 });
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: false, position: 2 });

    // Redis's clock decides: move the "last seen" of exp_gone back instead of waiting a minute.
    const [seconds] = await raw.time();
    const now = Number(seconds) * 1000;
    const seen = await lineKey(prefix, "waiting-seen");
    await raw.zAdd(seen, { score: now - 59_000, value: "exp_gone" });
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: false, position: 2 });
    await raw.zAdd(seen, { score: now - 61_000, value: "exp_gone" });
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: false, position: 1 });
    expect(await raw.zScore(await lineKey(prefix, "waiting"), "exp_gone")).toBeNull();

    // The running job's lease runs out without a renewal: the next in line goes.
    const running = await lineKey(prefix, "running");
    const lease = await raw.zScore(running, "exp_run");
    expect(lease).toBeGreaterThan(now + jobs.turns.runLeaseMs - 60_000);
    await raw.zAdd(running, { score: now - 1, value: "exp_run" });
    expect(await jobs.turns.claimTurn(acme, "exp_here", 3_000)).toEqual({ go: true });
    expect(await raw.zRange(running, 0, -1)).toEqual(["exp_here"]);
    // The job that lost its turn asks again: it waits behind the one that took it.
    expect(await jobs.turns.claimTurn(acme, "exp_run", 1_000)).toEqual({ go: false, position: 1 });
  });

  it("two instances share the line through Redis; in memory they would not", async () => {
    const prefix = newPrefix();
    const settings = { REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix, EXPORT_JOBS_PER_KEY: "2" };
    const first = await loadJobs(settings);
    expect(await first.turns.claimTurn(workspace(first, "acme"), "exp_one", 1_000)).toEqual({ go: true });
    expect(await first.turns.claimTurn(workspace(first, "acme"), "exp_two", 2_000)).toEqual({ go: true });

    const second = await loadJobs(settings);
    expect(second.turns).not.toBe(first.turns);
    expect(await second.turns.claimTurn(workspace(second, "globex"), "exp_three", 3_000)).toEqual({
      go: false,
      position: 1,
    });

    // The first instance finishes a job; the second sees the free turn.
    forgetProcessState();
    await first.turns.releaseTurn(workspace(first, "acme"), "exp_one");
    forgetProcessState();
    expect(await second.turns.claimTurn(workspace(second, "globex"), "exp_three", 3_000)).toEqual({ go: true });

    // Without Redis each instance has a line of its own: the same steps would let the third job go at once.
    const memoryA = await loadJobs({ EXPORT_JOBS_PER_KEY: "2" });
    await memoryA.turns.claimTurn(workspace(memoryA, "acme"), "exp_one", 1_000);
    await memoryA.turns.claimTurn(workspace(memoryA, "acme"), "exp_two", 2_000);
    const memoryB = await loadJobs({ EXPORT_JOBS_PER_KEY: "2" });
    expect(await memoryB.turns.claimTurn(workspace(memoryB, "acme"), "exp_three", 3_000)).toEqual({ go: true });
  });

  it("keeps the line's keys from living forever", async () => {
    const prefix = newPrefix();
    const jobs = await loadJobs({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix, EXPORT_JOBS_PER_KEY: "1" });
    const acme = workspace(jobs, "acme");
    // One claim each, no second look: keys a claim creates expire even if their job dies right after.
    await jobs.turns.claimTurn(acme, "exp_a", 1_000);
    await jobs.turns.claimTurn(acme, "exp_b", 2_000);
    for (const part of ["running", "waiting", "waiting-seen"] as const) {
      const pttl = await raw.pTTL(await lineKey(prefix, part));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(2 * jobs.turns.runLeaseMs);
    }
  });
});
