import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startRedis } from "@/dev/services/redis";
import { jobsEnv, keysMatching, loadJobs, queuedRecord, sampleCall, workspace } from "./support/export-jobs";
import { newPrefix, rawClient } from "./support/process-state";
import { redisTestUrl } from "./support/redis";

// lib/state/durable-store.ts under export jobs: Redis when REDIS_URL is set, and then only Redis.
// While it does not answer, every operation throws StoreUnavailable instead of using this
// process's memory, which another instance could not see.

const processState = globalThis as typeof globalThis & {
  __batchConsoleDurable?: Map<string, unknown>;
  __batchConsoleExportTurns?: Map<string, unknown>;
};

afterAll(() => jobsEnv.restore());

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
}

describe("durable store", () => {
  it("with REDIS_URL on a port nothing answers: StoreUnavailable, and nothing kept in memory", async () => {
    const app = await loadJobs({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, REDIS_KEY_PREFIX: newPrefix() });
    const { durableStore, StoreUnavailable, isStoreUnavailable } = app.store;
    const store = durableStore();
    const failures = [
      await rejection(store.get("export-job:x")),
      await rejection(store.set("export-job:x", "value", 60_000)),
      await rejection(store.set("export-job:x", "value", 60_000, true)),
      await rejection(store.delete("export-job:x")),
      await rejection(store.touch(["export-job:x"], 60_000)),
      await rejection(store.addToIndex("export-jobs:x", "exp_1", 1, 20, 60_000)),
      await rejection(store.readIndex("export-jobs:x", 20)),
    ];
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(StoreUnavailable);
      expect(isStoreUnavailable(failure)).toBe(true);
    }
    expect((failures[0] as Error).message).toBe("The shared store (Redis) is not answering.");

    // The job modules above it pass it on: a record, a chunk, a turn.
    const acme = workspace(app, "acme");
    const jobs = app.records.jobStore(acme);
    const record = queuedRecord(app);
    expect(await rejection(jobs.write(record))).toBeInstanceOf(StoreUnavailable);
    expect(await rejection(jobs.read(record.jobId))).toBeInstanceOf(StoreUnavailable);
    expect(await rejection(jobs.writeChunk(record.jobId, 0, [sampleCall(1)]))).toBeInstanceOf(StoreUnavailable);
    expect(await rejection(jobs.isCancelled(record.jobId))).toBeInstanceOf(StoreUnavailable);
    expect(await rejection(jobs.releaseSpec(record))).toBeInstanceOf(StoreUnavailable);
    expect(await rejection(jobs.claimSpec(record.batchId, record.spec, record.jobId, async () => true))).toBeInstanceOf(
      StoreUnavailable,
    );
    expect(await rejection(app.turns.claimTurn(acme, record.jobId, record.createdAt))).toBeInstanceOf(StoreUnavailable);
    expect(await rejection(app.turns.releaseTurn(acme, record.jobId))).toBeInstanceOf(StoreUnavailable);

    // No fallback: nothing was put in this process's memory.
    expect(processState.__batchConsoleDurable?.size ?? 0).toBe(0);
    expect(processState.__batchConsoleExportTurns?.size ?? 0).toBe(0);
  });

  it("Redis that stops answering after it worked: StoreUnavailable, not an empty answer", async () => {
    const redis = await startRedis({ port: 0, quiet: true });
    try {
      const app = await loadJobs({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: newPrefix() });
      const jobs = app.records.jobStore(workspace(app, "acme"));
      const record = queuedRecord(app);
      await jobs.write(record);
      expect(await jobs.read(record.jobId)).toEqual(record);
      redis.kill();
      const failure = await rejection(jobs.read(record.jobId));
      expect(failure).toBeInstanceOf(app.store.StoreUnavailable);
      expect(processState.__batchConsoleDurable?.size ?? 0).toBe(0);
    } finally {
      await redis.stop().catch(() => undefined);
    }
  });

  it("with Redis answering, records go to Redis and not to memory", async () => {
    const prefix = newPrefix();
    const app = await loadJobs({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
    const jobs = app.records.jobStore(workspace(app, "acme"));
    const record = queuedRecord(app);
    await jobs.write(record);
    const raw = await rawClient(redisTestUrl());
    try {
      expect(await keysMatching(raw, `${prefix}export-job:*:${record.jobId}`)).toHaveLength(1);
    } finally {
      raw.destroy();
    }
    expect(processState.__batchConsoleDurable?.size ?? 0).toBe(0);
  });

  it("without REDIS_URL, records live in this process's memory", async () => {
    const app = await loadJobs({});
    const jobs = app.records.jobStore(workspace(app, "acme"));
    const record = queuedRecord(app);
    await jobs.write(record);
    expect(await jobs.read(record.jobId)).toEqual(record);
    expect(processState.__batchConsoleDurable?.size).toBe(1);
  });
});
