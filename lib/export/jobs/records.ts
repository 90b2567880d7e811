import "server-only";
import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { apiKeyFor, type WorkspaceConfig } from "@/lib/config";
import type { CallStatusFilter } from "@/lib/shared/batch-view";
import type { ExportFormatName } from "@/lib/shared/export-jobs";
import { durableStore } from "@/lib/state/durable-store";
import { luaScript } from "@/lib/state/scripts";
import { keyName, seal, sealBytes, unseal, unsealBytes } from "@/lib/state/sealed";
import type { Call } from "@/lib/trillet";
import type { RecordCells } from "../call-record-columns";

/** A job and its file are kept this long after their last write; the file's size bound is in README "Export jobs". */
export const jobTtlMs = 24 * 60 * 60 * 1000;
/** Recent jobs listed per batch. */
const listedPerBatch = 20;

/** `records`: add the outcome, summary and recording-link columns (csv only). */
export type ExportJobSpec = { format: ExportFormatName; status: CallStatusFilter; bom: boolean; records?: boolean };

/** The call-record phase of a job with record columns: history pages read, and per chunk what they held. */
export type RecordsProgress = {
  pagesDone: number;
  done: boolean;
  /** Records read, and records that named a job of this batch, by chunk index (a retried step rewrites its own). */
  read: number[];
  linked: number[];
};

/** What a step needs to find its job again: serialisable, no secrets (the workspace is looked up by slug). */
export type JobRef = { slug: string; batchId: string; jobId: string };

export type ExportJobRecord = JobRef & {
  spec: ExportJobSpec;
  createdAt: number;
  createdBy: string;
  /** The keyName of the person who started it: their cap counts it until it ends (see caps.ts). */
  owner?: string;
  runId?: string;
  state: "queued" | "running" | "done" | "failed" | "expired";
  queuePosition?: number;
  startedAt?: number;
  finishedAt?: number;
  pagesDone: number;
  pagesTotal?: number;
  rowsTotal?: number;
  /** Rows in each chunk written so far, by chunk index: a retried step rewrites its own entry. */
  chunkRows: number[];
  /** Metadata keys of every row written, in first-seen order: the file's columns. */
  metadataKeys: string[];
  /** With record columns: the batch's finished calls when the first page was read (about its records). */
  finishedCalls?: number;
  /** Only for a job with record columns, once its rows are written. */
  records?: RecordsProgress;
  error?: string;
};

/**
 * Names everything a job's keys depend on: workspace slug, id and API key. A job id from another
 * workspace (or one re-keyed since) is simply not found.
 */
function scopeOf(workspace: WorkspaceConfig): string {
  return keyName([workspace.slug, workspace.id, keyName(apiKeyFor(workspace))].join("\u0000"));
}

const recordKey = (scope: string, jobId: string) => `export-job:${scope}:${jobId}`;
const cancelKey = (scope: string, jobId: string) => `${recordKey(scope, jobId)}:cancelled`;
const chunkKey = (scope: string, jobId: string, index: number) => `${recordKey(scope, jobId)}:chunk:${index}`;
const runKey = (scope: string, jobId: string) => `${recordKey(scope, jobId)}:run`;
const cellsKey = (scope: string, jobId: string) => `${recordKey(scope, jobId)}:record-cells`;
const indexKey = (scope: string, batchId: string) => `export-jobs:${scope}:${batchId}`;
const joinKey = (scope: string, batchId: string, spec: ExportJobSpec) =>
  `export-join:${scope}:${batchId}:${spec.format}:${spec.status}:${spec.bom ? 1 : 0}${spec.records ? ":records" : ""}`;

export const newJobId = () => `exp_${randomBytes(12).toString("base64url")}`;

export const jobRows = (record: Pick<ExportJobRecord, "chunkRows">) =>
  record.chunkRows.reduce((sum, rows) => sum + rows, 0);

export function jobStore(workspace: WorkspaceConfig) {
  const store = durableStore();
  const scope = scopeOf(workspace);

  async function read(jobId: string): Promise<ExportJobRecord | undefined> {
    const key = recordKey(scope, jobId);
    const text = await store.get(key);
    const record = text === undefined ? undefined : unseal<ExportJobRecord>(key, text);
    // Found under this workspace's scope, and sealed under this very key: it is this workspace's job.
    return record?.slug === workspace.slug ? record : undefined;
  }

  return {
    read,

    write: async (record: ExportJobRecord): Promise<void> => {
      const key = recordKey(scope, record.jobId);
      await store.set(key, seal(key, record), jobTtlMs);
    },

    /** A record that lost the race to be the job for its spec (see claimSpec). */
    remove: (jobId: string) => store.delete(recordKey(scope, jobId)),

    list: async (batchId: string): Promise<ExportJobRecord[]> => {
      const ids = await store.readIndex(indexKey(scope, batchId), listedPerBatch);
      const records = await Promise.all(ids.map(read));
      return records.filter((record): record is ExportJobRecord => record?.batchId === batchId);
    },

    addToBatchList: (record: ExportJobRecord) =>
      store.addToIndex(indexKey(scope, record.batchId), record.jobId, record.createdAt, listedPerBatch, jobTtlMs),

    /** The job id holding this batch and spec, if any (it may have finished since: check before joining it). */
    specHolder: (batchId: string, spec: ExportJobSpec) => store.get(joinKey(scope, batchId, spec)),

    /** The job already running for this batch and spec, if any; else `candidate` becomes it. */
    claimSpec: async (
      batchId: string,
      spec: ExportJobSpec,
      candidate: string,
      isActive: (id: string) => Promise<boolean>,
    ) => {
      const key = joinKey(scope, batchId, spec);
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await store.set(key, candidate, jobTtlMs, true)) return candidate;
        const holder = await store.get(key);
        if (holder !== undefined && (await isActive(holder))) return holder;
        // The holder has finished: take its place unless someone else just did.
        if (holder !== undefined) await replaceIfEqual(store, key, holder, candidate);
        if ((await store.get(key)) === candidate) return candidate;
      }
      return candidate;
    },

    releaseSpec: async (record: ExportJobRecord) => {
      const key = joinKey(scope, record.batchId, record.spec);
      await deleteIfEqual(store, key, record.jobId);
    },

    /** The workflow run's id, kept apart from the record, which only the run's own steps write after it starts. */
    saveRunId: (jobId: string, runId: string) => store.set(runKey(scope, jobId), runId, jobTtlMs),
    runIdOf: (jobId: string) => store.get(runKey(scope, jobId)),

    cancel: (jobId: string) => store.set(cancelKey(scope, jobId), "1", jobTtlMs),
    isCancelled: async (jobId: string) => (await store.get(cancelKey(scope, jobId))) !== undefined,

    /** One chunk of the file: the calls of a run of pages, compressed and sealed. Rewriting it replaces it. */
    writeChunk: async (jobId: string, index: number, calls: Call[]) => {
      const key = chunkKey(scope, jobId, index);
      await store.set(key, sealBytes(key, gzipSync(JSON.stringify(calls))), jobTtlMs);
    },

    /** A chunk's calls; throws when it is missing or does not open (expired, or written under another secret). */
    readChunk: async (jobId: string, index: number): Promise<Call[]> => {
      const key = chunkKey(scope, jobId, index);
      const text = await store.get(key);
      const bytes = text === undefined ? undefined : unsealBytes(key, text);
      if (!bytes) throw new Error(`part ${index + 1} of the file is no longer stored`);
      return JSON.parse(gunzipSync(bytes).toString("utf8")) as Call[];
    },

    /**
     * Record cells by the job id of the call they belong to, one sealed hash field each: the
     * download looks up a chunk's calls without holding a whole batch's summaries in memory.
     */
    writeRecordCells: async (jobId: string, cells: Map<string, RecordCells>) => {
      const key = cellsKey(scope, jobId);
      const sealed = new Map([...cells].map(([callJob, value]) => [callJob, seal(`${key}:${callJob}`, value)]));
      await store.setFields(key, sealed, jobTtlMs);
    },

    /** The record cells of these calls; a call without any (or whose cells do not open) is left out. */
    readRecordCells: async (jobId: string, callJobs: string[]): Promise<Map<string, RecordCells>> => {
      const key = cellsKey(scope, jobId);
      const values = await store.getFields(key, callJobs);
      const found = new Map<string, RecordCells>();
      callJobs.forEach((callJob, index) => {
        const text = values[index];
        const cells = text === undefined ? undefined : unseal<RecordCells>(`${key}:${callJob}`, text);
        if (cells) found.set(callJob, cells);
      });
      return found;
    },

    /** Keeps the record and every chunk for another full TTL (on finish: the file lives 24 h from then). */
    keep: async (record: ExportJobRecord) => {
      const keys = record.chunkRows.map((_, index) => chunkKey(scope, record.jobId, index));
      const own = [recordKey, cancelKey, runKey, cellsKey].map((key) => key(scope, record.jobId));
      await store.touch([...keys, ...own], jobTtlMs);
    },
  };
}

export type JobStore = ReturnType<typeof jobStore>;

const replaceScript = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', tonumber(ARGV[3])) return 1 end
return 0
`);
const deleteScript = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

type Store = ReturnType<typeof durableStore>;

async function replaceIfEqual(store: Store, key: string, expected: string, value: string): Promise<void> {
  await store.runScript(replaceScript, [key], [expected, value, jobTtlMs], async () => {
    if ((await store.get(key)) === expected) await store.set(key, value, jobTtlMs);
  });
}

async function deleteIfEqual(store: Store, key: string, expected: string): Promise<void> {
  await store.runScript(deleteScript, [key], [expected], async () => {
    if ((await store.get(key)) === expected) await store.delete(key);
  });
}
