import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisTestUrl } from "./support/redis";
import { delay, managedEnv, newPrefix, rawClient, uniqueName, type RawClient } from "./support/process-state";

// The recording cache with REDIS_URL set to the run's real Redis: recordings must never reach it. An
// "instance" is a caller whose in-process state (the recording map on globalThis) was dropped first.

type Cache = typeof import("@/lib/call-records/recording-cache");

const slots = globalThis as typeof globalThis & { __batchConsoleRecordings?: unknown };
const env = managedEnv(["REDIS_URL", "REDIS_KEY_PREFIX"]);

function asNewInstance<T>(read: () => Promise<T>): Promise<T> {
  delete slots.__batchConsoleRecordings;
  return read();
}

/** A WAV-like file: a recognisable header, then `size` bytes of a pattern. */
function audio(size: number) {
  const bytes = Buffer.alloc(size, 7);
  bytes.write("RIFF....WAVEfmt ", 0, "latin1");
  return { contentType: "audio/wav", bytes };
}

async function keysUnder(raw: RawClient, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const found of raw.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) keys.push(...found);
  return keys;
}

const scopeOf = (label: string) => ["acme", "ws_acme", "key-name", `/v2/api/recordings/${uniqueName(label)}`];

afterAll(() => env.restore());

describe("recording cache (REDIS_URL set to the run's Redis)", () => {
  const prefix = newPrefix();
  let cache: Cache;
  let raw: RawClient;

  beforeAll(async () => {
    env.reset({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
    cache = await import("@/lib/call-records/recording-cache");
    raw = await rawClient(redisTestUrl());
  });

  afterAll(() => raw?.destroy());

  it("concurrent reads and seeks on one instance share one upstream fetch, and nothing is written to Redis", async () => {
    const scope = scopeOf("rec");
    const file = audio(64 * 1024);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await delay(50);
      return file;
    };
    const together = await Promise.all([1, 2, 3].map(() => cache.cachedRecording(scope, load)));
    const seek = await cache.cachedRecording(scope, load);
    expect(loads).toBe(1);
    for (const got of [...together, seek]) {
      expect(got.contentType).toBe("audio/wav");
      expect(Buffer.compare(got.bytes, file.bytes)).toBe(0);
    }
    expect(await keysUnder(raw, prefix)).toEqual([]);
  });

  it("another instance fetches the recording for itself: there is no shared copy", async () => {
    const scope = scopeOf("rec");
    let loads = 0;
    const load = async () => {
      loads += 1;
      return audio(1_000);
    };
    await asNewInstance(() => cache.cachedRecording(scope, load));
    await asNewInstance(() => cache.cachedRecording(scope, load));
    expect(loads).toBe(2);
    expect(await keysUnder(raw, prefix)).toEqual([]);
  });

  it("keeps recordings of different scopes apart", async () => {
    const name = uniqueName("rec");
    const acme = ["acme", "ws_acme", "key-a", `/v2/api/recordings/${name}`];
    const globex = ["globex", "ws_globex", "key-g", `/v2/api/recordings/${name}`];
    await cache.cachedRecording(acme, async () => ({ contentType: "audio/wav", bytes: Buffer.from("acme") }));
    const other = await cache.cachedRecording(globex, async () => ({
      contentType: "audio/wav",
      bytes: Buffer.from("globex"),
    }));
    expect(other.bytes.toString()).toBe("globex");
  });

  it("holds at most its byte bound: the oldest recordings go first", async () => {
    delete slots.__batchConsoleRecordings;
    const size = 8 * 1024 * 1024;
    const count = cache.maxCachedRecordingBytes / size + 2;
    const scopes = Array.from({ length: count }, () => scopeOf("big"));
    for (const scope of scopes) await cache.cachedRecording(scope, async () => audio(size));
    await delay(0);
    expect(cache.cachedRecordingBytes()).toBeLessThanOrEqual(cache.maxCachedRecordingBytes);

    let loads = 0;
    const load = async () => {
      loads += 1;
      return audio(size);
    };
    await cache.cachedRecording(scopes.at(-1)!, load);
    expect(loads).toBe(0);
    await cache.cachedRecording(scopes[0]!, load);
    expect(loads).toBe(1);
  });

  it("a failed fetch is not kept: the next ask fetches again", async () => {
    const scope = scopeOf("fail");
    await expect(cache.cachedRecording(scope, async () => Promise.reject(new Error("upstream down")))).rejects.toThrow(
      "upstream down",
    );
    const again = await cache.cachedRecording(scope, async () => audio(100));
    expect(again.bytes.byteLength).toBe(100);
  });
});
