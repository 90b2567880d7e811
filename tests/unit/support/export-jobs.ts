import type { Call } from "@/lib/trillet";
import { managedEnv, type RawClient } from "./process-state";

// Shared by the export-jobs-*.test.ts files: lib/export/jobs/ started afresh under a given
// environment (a Redis prefix of its own, or memory), records and calls to write directly, and a
// look at what landed in Redis.

export const jobsEnv = managedEnv([
  "REDIS_URL",
  "REDIS_KEY_PREFIX",
  "EXPORT_JOBS_PER_KEY",
  "EXPORT_JOBS_MAX_PER_USER",
  "EXPORT_JOBS_MAX_PER_WORKSPACE",
  "EXPORT_JOBS_MAX_WAIT_MINUTES",
  "TRILLET_API_BASE_URL",
  "TRILLET_RATE_LIMIT_PER_MINUTE",
  "TRILLET_TIMEOUT_MS",
  "TRILLET_CACHE_TTL_MS",
]);

/** The job modules (not service.ts, which pulls in the Workflow SDK: see loadService). */
export async function loadJobs(env: Record<string, string>) {
  jobsEnv.reset(env);
  return {
    config: await import("@/lib/config"),
    records: await import("@/lib/export/jobs/records"),
    turns: await import("@/lib/export/jobs/turns"),
    store: await import("@/lib/state/durable-store"),
    sealed: await import("@/lib/state/sealed"),
  };
}
export type Jobs = Awaited<ReturnType<typeof loadJobs>>;
export type JobRecord = import("@/lib/export/jobs/records").ExportJobRecord;

/** A workspace of the unit-test environment (tests/unit/support/app-env.ts): "acme" or "globex". */
export function workspace(jobs: Pick<Jobs, "config">, slug: "acme" | "globex") {
  const found = jobs.config.getConfig().workspaces.find((candidate) => candidate.slug === slug);
  if (!found) throw new Error(`no workspace ${slug}`);
  return found;
}

/** A fresh queued record, as startExportJob writes it, with `overrides` on top. */
export function queuedRecord(jobs: Pick<Jobs, "records">, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    slug: "acme",
    batchId: "batch_7891011121314",
    jobId: jobs.records.newJobId(),
    spec: { format: "csv", status: "all", bom: false },
    createdAt: Date.now(),
    createdBy: "alice@acme.test",
    state: "queued",
    pagesDone: 0,
    chunkRows: [],
    metadataKeys: [],
    ...overrides,
  };
}

/** A call as Trillet's list endpoint gives it (after parsing). */
export function sampleCall(n: number, overrides: Partial<Call> = {}): Call {
  return {
    jobId: `call_${n}`,
    status: "completed",
    phone_number: `+1555000${String(n).padStart(4, "0")}`,
    startTime: 1_717_200_000_000 + n * 1000,
    endTime: 1_717_200_030_000 + n * 1000,
    duration: 30,
    error: undefined,
    metadata: { first_name: `First${n}`, email: `person${n}@example.com` },
    ...overrides,
  };
}

/** A stream's text, a byte order mark included (TextDecoder drops it unless told not to). */
export async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

export async function keysMatching(redis: RawClient, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for await (const keys of redis.scanIterator({ MATCH: pattern, COUNT: 100 })) found.push(...keys);
  return found.sort();
}

/** Every value under `prefix` as text: strings as stored, sorted sets as their members. */
export async function valuesUnder(redis: RawClient, prefix: string): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const key of await keysMatching(redis, `${prefix}*`)) {
    const type = await redis.type(key);
    if (type === "string") values.set(key, (await redis.get(key)) ?? "");
    else if (type === "zset") values.set(key, (await redis.zRange(key, 0, -1)).join("\n"));
    else values.set(key, `(${type})`);
  }
  return values;
}
