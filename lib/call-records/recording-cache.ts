import "server-only";
import { createHash } from "node:crypto";
import type { UpstreamBytes } from "@/lib/trillet/http";

// A player asks for a recording several times (Range requests for the start, then each seek). This
// instance's memory, bounded by bytes, keeps that at one upstream request per recording and ttl.
// Recordings stay out of Redis: megabytes each, they would crowd out session epochs and job records
// (evicted under an LRU policy, refused writes under `noeviction`). Each instance fetches once.
const ttlMs = 10 * 60_000;
export const maxCachedRecordingBytes = 64 * 1024 * 1024;

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
    if (total <= maxCachedRecordingBytes) break;
    all.delete(key);
    total -= entry.size;
  }
}

/** Bytes held by this instance's recording cache (settled recordings only). */
export function cachedRecordingBytes(): number {
  let total = 0;
  for (const entry of entries().values()) total += entry.size;
  return total;
}

/**
 * The recording named by `scope` (which must name workspace, API key and recording), loaded once
 * for concurrent askers on this instance and kept for the ttl while the byte bound allows.
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
  const entry: Entry = { expires: now + ttlMs, size: 0, value: load() };
  all.set(key, entry);
  entry.value.then(
    (file) => {
      entry.size = file.bytes.byteLength;
      evict(Date.now());
    },
    () => {
      if (all.get(key) === entry) all.delete(key);
    },
  );
  return entry.value;
}
