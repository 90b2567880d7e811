import "server-only";
import type { UpstreamBytes } from "@/lib/trillet/http";

// Recordings stay in this instance's memory for a while, so a player's seeks (Range requests) are
// served without asking Trillet again: one upstream request per recording per instance and ttl.
// Not in Redis: files of megabytes do not belong in the shared store.
const ttlMs = 10 * 60_000;
const maxTotalBytes = 64 * 1024 * 1024;

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

/** The recording under `key` (which must name workspace, key and record), loading it once for concurrent askers. */
export function cachedRecording(
  key: string,
  load: () => Promise<UpstreamBytes>,
  now = Date.now(),
): Promise<UpstreamBytes> {
  evict(now);
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
    () => all.delete(key),
  );
  return entry.value;
}
