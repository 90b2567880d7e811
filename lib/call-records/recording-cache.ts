import "server-only";
import { createHash } from "node:crypto";
import { sharedRead, type SharedValueCodec } from "@/lib/state/shared-reads";
import type { UpstreamBytes } from "@/lib/trillet/http";

// A player asks for a recording several times (Range requests for the start, then each seek), and
// on several instances. Two layers keep that at one upstream request per recording and ttl: this
// instance's memory (bounded), in front of Redis (sealed, shared by every instance, when the file
// is small enough to belong in the shared store).
const ttlMs = 10 * 60_000;
const maxTotalBytes = 64 * 1024 * 1024;
/** A recording bigger than this is not put in Redis: each instance then fetches it once for itself. */
export const maxSharedRecordingBytes = 8 * 1024 * 1024;
/** The longest one instance may spend fetching a recording before another may try in its place. */
const fetchLockMs = 30_000;

type Entry = { expires: number; size: number; value: Promise<UpstreamBytes> };
const slot = globalThis as typeof globalThis & { __batchConsoleRecordings?: Map<string, Entry> };
const entries = () => (slot.__batchConsoleRecordings ??= new Map());

function evict(now: number): void {
  const all = entries();
  let total = 0;
  for (const [key, entry] of all) {
    if (entry.expires <= now) all.delete(key);
    else total += entry.size;
  }
  // Oldest first (a Map keeps insertion order) until the total fits.
  for (const [key, entry] of all) {
    if (total <= maxTotalBytes) break;
    all.delete(key);
    total -= entry.size;
  }
}

/** Content type, then the bytes: `[length: u16][type: utf8][bytes]`. */
export const recordingCodec: SharedValueCodec<UpstreamBytes> = {
  encode: ({ contentType, bytes }) => {
    if (bytes.byteLength > maxSharedRecordingBytes) return undefined;
    const type = Buffer.from(contentType.slice(0, 200), "utf8");
    const length = Buffer.alloc(2);
    length.writeUInt16BE(type.byteLength);
    return Buffer.concat([length, type, bytes]);
  },
  decode: (stored) => {
    if (stored.byteLength < 2) return undefined;
    const typeEnd = 2 + stored.readUInt16BE(0);
    if (typeEnd > stored.byteLength) return undefined;
    return { value: { contentType: stored.subarray(2, typeEnd).toString("utf8"), bytes: stored.subarray(typeEnd) } };
  },
};

/**
 * The recording named by `scope` (which must name workspace, API key and recording), loaded once
 * for concurrent askers on every instance and kept for the ttl.
 */
export function cachedRecording(
  scope: string[],
  load: () => Promise<UpstreamBytes>,
  now = Date.now(),
): Promise<UpstreamBytes> {
  evict(now);
  const key = createHash("sha256").update(scope.join("\u0000")).digest("base64url");
  const all = entries();
  const known = all.get(key);
  if (known) return known.value;
  const shared = sharedRead(
    "recording",
    scope,
    { ttlMs, lockMs: fetchLockMs, codec: recordingCodec, keepInProcess: false },
    load,
  );
  const entry: Entry = { expires: now + ttlMs, size: 0, value: shared };
  all.set(key, entry);
  entry.value.then(
    (file) => {
      entry.size = file.bytes.byteLength;
      evict(Date.now());
    },
    () => all.delete(key),
  );
  return entry.value;
}
