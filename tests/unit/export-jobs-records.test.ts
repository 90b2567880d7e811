import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jobsEnv,
  keysMatching,
  loadJobs,
  queuedRecord,
  sampleCall,
  valuesUnder,
  workspace,
  type Jobs,
} from "./support/export-jobs";
import { newPrefix, rawClient, type RawClient } from "./support/process-state";
import { redisTestUrl } from "./support/redis";

// lib/export/jobs/records.ts: job records, sealed chunks, the per-batch list and the "join" key of
// a (batch, spec), on Redis and in memory.

afterAll(() => jobsEnv.restore());

const stores = [
  { store: "memory", env: (): Record<string, string> => ({}) },
  { store: "redis", env: (): Record<string, string> => ({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: newPrefix() }) },
] as const;

describe.each(stores)("job records ($store)", ({ env }) => {
  let jobs: Jobs;
  const acme = () => jobs.records.jobStore(workspace(jobs, "acme"));
  const globex = () => jobs.records.jobStore(workspace(jobs, "globex"));

  beforeAll(async () => {
    jobs = await loadJobs(env());
  });

  it("reads back the record it wrote, and a later write replaces it", async () => {
    const record = queuedRecord(jobs, { metadataKeys: ["first_name"], queuePosition: 2 });
    await acme().write(record);
    expect(await acme().read(record.jobId)).toEqual(record);
    const running = { ...record, state: "running" as const, queuePosition: undefined, startedAt: 5, pagesDone: 3 };
    await acme().write(running);
    expect(await acme().read(record.jobId)).toEqual(JSON.parse(JSON.stringify(running)));
    expect(await acme().read(jobs.records.newJobId())).toBeUndefined();
  });

  it("does not find a workspace's job through another workspace, even with the same job id", async () => {
    const record = queuedRecord(jobs);
    await acme().write(record);
    expect(await globex().read(record.jobId)).toBeUndefined();
    await acme().writeChunk(record.jobId, 0, [sampleCall(1)]);
    await expect(globex().readChunk(record.jobId, 0)).rejects.toThrow("part 1 of the file is no longer stored");
    await acme().cancel(record.jobId);
    expect(await globex().isCancelled(record.jobId)).toBe(false);
    expect(await acme().isCancelled(record.jobId)).toBe(true);
    // Globex's own job under that id is a separate record.
    await globex().write({ ...record, slug: "globex", batchId: "batch_globex_q3" });
    expect((await acme().read(record.jobId))?.slug).toBe("acme");
    expect((await globex().read(record.jobId))?.batchId).toBe("batch_globex_q3");
  });

  it("stores a chunk's calls and gives them back; a rewrite replaces the chunk", async () => {
    const jobId = jobs.records.newJobId();
    const calls = [
      sampleCall(1, { metadata: { first_name: "Zoë", nested: { a: [1, null, true] }, empty: null } }),
      sampleCall(2, { status: "failed", error: "No answer", duration: undefined }),
    ];
    await acme().writeChunk(jobId, 0, calls);
    await acme().writeChunk(jobId, 1, [sampleCall(3)]);
    expect(await acme().readChunk(jobId, 0)).toEqual(JSON.parse(JSON.stringify(calls)));
    expect((await acme().readChunk(jobId, 1)).map((call) => call.jobId)).toEqual(["call_3"]);
    await acme().writeChunk(jobId, 0, [sampleCall(9)]);
    expect((await acme().readChunk(jobId, 0)).map((call) => call.jobId)).toEqual(["call_9"]);
  });

  it("says in plain words that a missing chunk is no longer stored", async () => {
    const jobId = jobs.records.newJobId();
    const error = await acme()
      .readChunk(jobId, 4)
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("part 5 of the file is no longer stored");
    expect((error as Error).message).not.toContain(jobId);
  });

  it("claimSpec: the first candidate holds a spec while it is active; a later one gets the holder", async () => {
    const spec = { format: "csv", status: "failed", bom: false } as const;
    const asked: string[] = [];
    const active = new Set<string>();
    const isActive = async (id: string) => {
      asked.push(id);
      return active.has(id);
    };
    expect(await acme().claimSpec("batch_7891011121314", spec, "exp_first", isActive)).toBe("exp_first");
    expect(asked).toEqual([]);
    active.add("exp_first");
    expect(await acme().claimSpec("batch_7891011121314", spec, "exp_second", isActive)).toBe("exp_first");
    expect(asked).toEqual(["exp_first"]);
    // Another spec, batch or workspace is another key: no holder there.
    expect(await acme().claimSpec("batch_7891011121314", { ...spec, bom: true }, "exp_bom", isActive)).toBe("exp_bom");
    expect(await acme().claimSpec("batch_7891011121314", { ...spec, format: "rerun" }, "exp_rr", isActive)).toBe(
      "exp_rr",
    );
    expect(await acme().claimSpec("batch_big_100k", spec, "exp_big", isActive)).toBe("exp_big");
    expect(await globex().claimSpec("batch_7891011121314", spec, "exp_globex", isActive)).toBe("exp_globex");
    expect(asked).toEqual(["exp_first"]);

    // The holder finished: the next candidate takes its place, and holds it in turn.
    active.delete("exp_first");
    expect(await acme().claimSpec("batch_7891011121314", spec, "exp_third", isActive)).toBe("exp_third");
    active.add("exp_third");
    expect(await acme().claimSpec("batch_7891011121314", spec, "exp_fourth", isActive)).toBe("exp_third");
  });

  it("releaseSpec frees the spec only for the job holding it", async () => {
    const spec = { format: "csv", status: "all", bom: true } as const;
    const holder = queuedRecord(jobs, { batchId: "batch_hostile", spec });
    const other = queuedRecord(jobs, { batchId: "batch_hostile", spec });
    const always = async () => true;
    expect(await acme().claimSpec("batch_hostile", spec, holder.jobId, always)).toBe(holder.jobId);
    await acme().releaseSpec(other);
    expect(await acme().claimSpec("batch_hostile", spec, other.jobId, always)).toBe(holder.jobId);
    await acme().releaseSpec(holder);
    let asked = false;
    const never = async () => {
      asked = true;
      return false;
    };
    expect(await acme().claimSpec("batch_hostile", spec, other.jobId, never)).toBe(other.jobId);
    expect(asked).toBe(false);
  });

  it("lists a batch's jobs newest first, only that batch's, at most 20", async () => {
    const batchId = "batch_big_100k";
    const base = 1_800_000_000_000;
    const written = [];
    for (const offset of [3, 1, 2]) {
      const record = queuedRecord(jobs, { batchId, createdAt: base + offset * 1000 });
      await acme().write(record);
      await acme().addToBatchList(record);
      written.push(record);
    }
    const elsewhere = queuedRecord(jobs, { batchId: "batch_empty", createdAt: base + 10_000 });
    await acme().write(elsewhere);
    await acme().addToBatchList(elsewhere);
    // Listed under this batch but its record says another batch: left out.
    await acme().addToBatchList({ ...elsewhere, batchId, jobId: elsewhere.jobId });

    const listed = await acme().list(batchId);
    expect(listed.map((record) => record.createdAt)).toEqual([base + 3000, base + 2000, base + 1000]);
    expect(new Set(listed.map((record) => record.jobId))).toEqual(new Set(written.map((record) => record.jobId)));
    expect((await acme().list("batch_empty")).map((record) => record.jobId)).toEqual([elsewhere.jobId]);
    expect(await globex().list(batchId)).toEqual([]);

    for (let n = 0; n < 20; n++) {
      const record = queuedRecord(jobs, { batchId, createdAt: base + 100_000 + n });
      await acme().write(record);
      await acme().addToBatchList(record);
    }
    const newest = await acme().list(batchId);
    expect(newest).toHaveLength(20);
    expect(newest[0]!.createdAt).toBe(base + 100_019);
    expect(newest.at(-1)!.createdAt).toBe(base + 100_000);
  });

  it("keeps the run id apart from the record", async () => {
    const record = queuedRecord(jobs);
    await acme().write(record);
    expect(await acme().runIdOf(record.jobId)).toBeUndefined();
    await acme().saveRunId(record.jobId, "wrun_123");
    expect(await acme().runIdOf(record.jobId)).toBe("wrun_123");
    expect(await globex().runIdOf(record.jobId)).toBeUndefined();
    expect(await acme().read(record.jobId)).toEqual(record);
  });
});

describe("job records in Redis", () => {
  const prefix = newPrefix();
  let jobs: Jobs;
  let raw: RawClient;
  const acme = () => jobs.records.jobStore(workspace(jobs, "acme"));
  const day = 24 * 60 * 60 * 1000;

  beforeAll(async () => {
    jobs = await loadJobs({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
    raw = await rawClient(redisTestUrl());
  });

  afterAll(() => {
    raw?.destroy();
  });

  async function onlyKey(pattern: string): Promise<string> {
    const keys = await keysMatching(raw, pattern);
    expect(keys).toHaveLength(1);
    return keys[0]!;
  }

  async function expectDayTtl(key: string) {
    const pttl = await raw.pTTL(key);
    expect(pttl).toBeGreaterThan(day - 60_000);
    expect(pttl).toBeLessThanOrEqual(day);
  }

  it("gives the record, its chunks, list, join key, cancel flag and run id a 24 h TTL", async () => {
    expect(jobs.records.jobTtlMs).toBe(day);
    const record = queuedRecord(jobs, { batchId: "batch_empty" });
    await acme().write(record);
    await acme().addToBatchList(record);
    await acme().writeChunk(record.jobId, 0, [sampleCall(1)]);
    await acme().writeChunk(record.jobId, 1, [sampleCall(2)]);
    await acme().claimSpec(record.batchId, record.spec, record.jobId, async () => true);
    await acme().cancel(record.jobId);
    await acme().saveRunId(record.jobId, "wrun_ttl");

    const keys = [
      await onlyKey(`${prefix}export-job:*:${record.jobId}`),
      await onlyKey(`${prefix}export-job:*:${record.jobId}:chunk:0`),
      await onlyKey(`${prefix}export-job:*:${record.jobId}:chunk:1`),
      await onlyKey(`${prefix}export-job:*:${record.jobId}:cancelled`),
      await onlyKey(`${prefix}export-job:*:${record.jobId}:run`),
      await onlyKey(`${prefix}export-jobs:*:batch_empty`),
      await onlyKey(`${prefix}export-join:*:batch_empty:*`),
    ];
    for (const key of keys) await expectDayTtl(key);
  });

  it("keep() gives the record, chunks, cancel flag and run id a full TTL again", async () => {
    const record = queuedRecord(jobs, { chunkRows: [1, 1] });
    await acme().write(record);
    await acme().writeChunk(record.jobId, 0, [sampleCall(1)]);
    await acme().writeChunk(record.jobId, 1, [sampleCall(2)]);
    await acme().cancel(record.jobId);
    await acme().saveRunId(record.jobId, "wrun_keep");
    const kept = [
      await onlyKey(`${prefix}export-job:*:${record.jobId}`),
      await onlyKey(`${prefix}export-job:*:${record.jobId}:chunk:0`),
      await onlyKey(`${prefix}export-job:*:${record.jobId}:chunk:1`),
      await onlyKey(`${prefix}export-job:*:${record.jobId}:cancelled`),
      await onlyKey(`${prefix}export-job:*:${record.jobId}:run`),
    ];
    for (const key of kept) await raw.pExpire(key, 60_000);
    await acme().keep(record);
    for (const key of kept) await expectDayTtl(key);
  });

  it("a record or chunk copied under another key does not open", async () => {
    const record = queuedRecord(jobs);
    const victim = queuedRecord(jobs);
    await acme().write(record);
    await acme().write(victim);
    await acme().writeChunk(record.jobId, 0, [sampleCall(1)]);
    await acme().writeChunk(record.jobId, 1, [sampleCall(2)]);

    const recordKey = await onlyKey(`${prefix}export-job:*:${record.jobId}`);
    const victimKey = await onlyKey(`${prefix}export-job:*:${victim.jobId}`);
    await raw.set(victimKey, (await raw.get(recordKey))!);
    expect(await acme().read(victim.jobId)).toBeUndefined();

    const chunk0 = await onlyKey(`${prefix}export-job:*:${record.jobId}:chunk:0`);
    const chunk1 = await onlyKey(`${prefix}export-job:*:${record.jobId}:chunk:1`);
    await raw.set(chunk1, (await raw.get(chunk0))!);
    await expect(acme().readChunk(record.jobId, 1)).rejects.toThrow("part 2 of the file is no longer stored");
    // Tampered in place: does not open either.
    const sealed = Buffer.from((await raw.get(chunk0))!, "base64");
    sealed[sealed.length - 1]! ^= 1;
    await raw.set(chunk0, sealed.toString("base64"));
    await expect(acme().readChunk(record.jobId, 0)).rejects.toThrow("part 1 of the file is no longer stored");
  });

  it("never stores a phone number, metadata, the creator or the API key in clear", async () => {
    const store = acme();
    const record = queuedRecord(jobs, {
      createdBy: "carol@acme.test",
      metadataKeys: ["first_name", "email"],
      chunkRows: [3],
    });
    const calls = [1, 2, 3].map((n) => sampleCall(n, { phone_number: `+1415555010${n}` }));
    await store.write(record);
    await store.addToBatchList(record);
    await store.writeChunk(record.jobId, 0, calls);
    await store.claimSpec(record.batchId, record.spec, record.jobId, async () => true);
    await store.saveRunId(record.jobId, "wrun_clear");
    await store.keep(record);
    // The run line as well.
    await jobs.turns.claimTurn(workspace(jobs, "acme"), record.jobId, record.createdAt);

    const values = await valuesUnder(raw, prefix);
    expect([...values.keys()].filter((key) => key.includes("export-turns:"))).not.toHaveLength(0);
    expect([...values.keys()].filter((key) => key.includes(`${record.jobId}:chunk:0`))).toHaveLength(1);
    const secrets = ["demo-trillet-key", "carol@acme.test", "+14155550101", "4155550102", "First1", "person2@example"];
    for (const [key, value] of values) {
      for (const secret of [...secrets, "acme", "ws_acme"]) expect(key).not.toContain(secret);
      for (const secret of secrets) expect(value).not.toContain(secret);
      // Sealed, not merely compressed: the stored bytes are neither gzip nor text holding the values.
      const bytes = Buffer.from(value, "base64");
      expect(() => gunzipSync(bytes)).toThrow();
      for (const secret of secrets) expect(bytes.toString("latin1")).not.toContain(secret);
    }
  });
});
