import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisTestUrl } from "./support/redis";
import { delay, managedEnv, newPrefix, rawClient, uniqueName, type RawClient } from "./support/process-state";

// The recording cache against the run's real Redis. An "instance" is a caller whose in-process
// layers (the recording map and the read coalescers on globalThis) were dropped first, so two
// callers can only share a recording through Redis.

type Cache = typeof import("@/lib/call-records/recording-cache");

const slots = globalThis as typeof globalThis & { __batchConsoleReads?: unknown; __batchConsoleRecordings?: unknown };
const env = managedEnv(["REDIS_URL", "REDIS_KEY_PREFIX"]);

function asNewInstance<T>(read: () => Promise<T>): Promise<T> {
  delete slots.__batchConsoleReads;
  delete slots.__batchConsoleRecordings;
  return read();
}

/** A WAV-like file: a recognisable header, then `size` bytes of a pattern. */
function audio(size: number) {
  const bytes = Buffer.alloc(size);
  bytes.write("RIFF....WAVEfmt ", 0, "latin1");
  for (let index = 16; index < size; index++) bytes[index] = index % 251;
  return { contentType: "audio/wav", bytes };
}

async function storedValues(raw: RawClient, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const found of raw.scanIterator({ MATCH: `${prefix}read:recording:*:value`, COUNT: 100 })) {
    keys.push(...found);
  }
  return Promise.all(keys.map(async (key) => (await raw.get(key)) ?? ""));
}

afterAll(() => env.restore());

describe("recording codec", () => {
  it("round-trips the content type and the bytes, and refuses to share a file over the bound", async () => {
    const { recordingCodec, maxSharedRecordingBytes } = await import("@/lib/call-records/recording-cache");
    const file = audio(1_000);
    const encoded = recordingCodec.encode(file)!;
    const decoded = recordingCodec.decode(encoded)!.value;
    expect(decoded.contentType).toBe("audio/wav");
    expect(Buffer.compare(decoded.bytes, file.bytes)).toBe(0);
    expect(recordingCodec.encode(audio(maxSharedRecordingBytes + 1))).toBeUndefined();
    // A stored value too short for its own header does not open.
    expect(recordingCodec.decode(Buffer.from([0, 50, 65]))).toBeUndefined();
  });
});

describe("recording cache on the run's Redis", () => {
  const prefix = newPrefix();
  let cache: Cache;
  let raw: RawClient;

  beforeAll(async () => {
    env.reset({ REDIS_URL: redisTestUrl(), REDIS_KEY_PREFIX: prefix });
    cache = await import("@/lib/call-records/recording-cache");
    raw = await rawClient(redisTestUrl());
  });

  afterAll(() => raw?.destroy());

  it("fetches a recording once for three instances and every seek: the others read it sealed from Redis", async () => {
    const scope = ["acme", "ws_acme", "key-name", `/v2/api/recordings/${uniqueName("rec")}`];
    const file = audio(64 * 1024);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await delay(50);
      return file;
    };
    const first = await Promise.all([1, 2, 3].map(() => asNewInstance(() => cache.cachedRecording(scope, load))));
    // A seek on an instance that already has it: its own memory, not even Redis.
    const seek = await cache.cachedRecording(scope, load);
    expect(loads).toBe(1);
    for (const got of [...first, seek]) {
      expect(got.contentType).toBe("audio/wav");
      expect(Buffer.compare(got.bytes, file.bytes)).toBe(0);
    }
    const stored = await storedValues(raw, prefix);
    expect(stored).toHaveLength(1);
    // Sealed: neither the file's header nor its base64 is readable in Redis.
    expect(stored[0]).not.toContain("RIFF");
    expect(stored[0]).not.toContain(file.bytes.subarray(0, 12).toString("base64"));
  });

  it("keeps recordings of different scopes apart", async () => {
    const name = uniqueName("rec");
    const acme = ["acme", "ws_acme", "key-a", `/v2/api/recordings/${name}`];
    const globex = ["globex", "ws_globex", "key-g", `/v2/api/recordings/${name}`];
    await asNewInstance(() =>
      cache.cachedRecording(acme, async () => ({ contentType: "audio/wav", bytes: Buffer.from("acme") })),
    );
    const other = await asNewInstance(() =>
      cache.cachedRecording(globex, async () => ({ contentType: "audio/wav", bytes: Buffer.from("globex") })),
    );
    expect(other.bytes.toString()).toBe("globex");
  });

  it("a file over the shared bound is fetched once per instance and never written to Redis", async () => {
    const scope = ["acme", "ws_acme", "key-name", `/v2/api/recordings/${uniqueName("big")}`];
    const before = (await storedValues(raw, prefix)).length;
    let loads = 0;
    const big = audio(cache.maxSharedRecordingBytes + 1);
    const load = async () => {
      loads += 1;
      return big;
    };
    await asNewInstance(() => cache.cachedRecording(scope, load));
    await cache.cachedRecording(scope, load);
    await asNewInstance(() => cache.cachedRecording(scope, load));
    expect(loads).toBe(2);
    expect(await storedValues(raw, prefix)).toHaveLength(before);
  });

  it("a failed fetch is not kept: the next ask fetches again", async () => {
    const scope = ["acme", "ws_acme", "key-name", `/v2/api/recordings/${uniqueName("fail")}`];
    await expect(
      asNewInstance(() => cache.cachedRecording(scope, async () => Promise.reject(new Error("upstream down")))),
    ).rejects.toThrow("upstream down");
    const again = await cache.cachedRecording(scope, async () => audio(100));
    expect(again.bytes.byteLength).toBe(100);
  });
});
