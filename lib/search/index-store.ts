import "server-only";
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import type { WorkspaceConfig } from "@/lib/config";
import { sealBytes, unsealBytes } from "@/lib/state/sealed";
import { readScope, type Summary } from "@/lib/trillet";
import type { IndexedCall } from "./entry";
import type { SaidWords } from "./record-words";
import { searchKv } from "./kv";
import { indexTtlMs } from "./settings";

const count = z.number().int().nonnegative();

/**
 * Where a batch's index stands. Pages are the batch's own list pages (status "all", 100 calls a
 * page, CSV order); a page is re-read only while it holds a call that was waiting or active.
 */
export const indexMetaSchema = z.object({
  summary: z.object({ total: count, waiting: count, active: count, completed: count, failed: count }),
  totalPages: count,
  /** Per page (index 0 = page 1): calls indexed, 0 for a page not read yet. */
  rows: z.array(count),
  /** Per page: bumped on every write, so an instance reloads only the pages that changed. */
  stamps: z.array(count),
  /** Pages still to read in this pass, in order. */
  pending: z.array(z.number().int().min(1)),
  /** Pages that held a waiting or active call when last read. */
  open: z.array(z.number().int().min(1)),
  /** True once every page was read at least once. */
  walked: z.boolean(),
  /** When the last pass ended, and when a page was last stored (ms). */
  passEndedAt: z.number(),
  progressAt: z.number(),
  /** The walk stopped (Trillet refused or failed) and resumes after `until`. */
  stopped: z.object({ reason: z.enum(["budget", "upstream"]), until: z.number() }).optional(),
  /** The call records' pass (transcript and summary words), read after the calls: see records-walk.ts. */
  records: z
    .object({
      /** The next call-history page to read in this pass (1-based), and whether the pass is done. */
      nextPage: z.number().int().min(1),
      done: z.boolean(),
      /** Finished calls in the batch when the last pass started: a pass is due again once more have finished. */
      finishedCalls: count,
      /** When the last pass ended (ms), 0 before the first. */
      endedAt: z.number(),
      /** Records read, linked to a call, and left unlinked (no call fits, or more than one does), in the last pass so far. */
      read: count,
      linked: count,
      unlinked: count,
      /** Per index page: bumped when its calls' words change, so an instance reloads only those. */
      stamps: z.array(count),
      /** Trillet refused or failed a records page: the pass resumes after this (ms). */
      stoppedUntil: z.number().optional(),
    })
    .optional(),
});

export type IndexMeta = z.infer<typeof indexMetaSchema>;

/** No waiting or active call, and none indexed as such: nothing in the batch can change any more. */
export const isFinished = (meta: IndexMeta) =>
  meta.walked && meta.pending.length === 0 && meta.open.length === 0 && liveCount(meta.summary) === 0;

export const liveCount = (summary: Summary) => summary.waiting + summary.active;

export const indexedCalls = (meta: IndexMeta) => meta.rows.reduce((sum, rows) => sum + rows, 0);

/** One batch's index in shared state. Keyed by workspace, API key name and batch: never read under another scope. */
export type BatchIndexStore = {
  /** An id for this index, fit for a process-local cache key. */
  id: string;
  readMeta(): Promise<IndexMeta | undefined>;
  writeMeta(meta: IndexMeta): Promise<void>;
  writePage(page: number, calls: IndexedCall[]): Promise<void>;
  readPages(pages: number[]): Promise<Map<number, IndexedCall[]>>;
  /** Per index page, the words of its calls' records by job id. */
  writeSaid(page: number, said: Record<string, SaidWords>): Promise<void>;
  readSaid(pages: number[]): Promise<Map<number, Record<string, SaidWords>>>;
  lock(token: string, ttlMs: number): Promise<boolean>;
  unlock(token: string): Promise<void>;
};

const digest = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 22);

export function batchIndexStore(workspace: WorkspaceConfig, batchId: string): BatchIndexStore {
  const id = digest(readScope(workspace, `/search/${batchId}`).join("\u0000"));
  const base = `search:${id}`;
  const metaKey = `${base}:meta`;
  const pagesKey = `${base}:pages`;
  const lockKey = `${base}:lock`;
  const saidKey = `${base}:said`;
  const saidName = (page: number) => `${saidKey}:${page}`;
  // Sealed under key and page: a chunk copied to another page or index does not open.
  const chunkName = (page: number) => `${pagesKey}:${page}`;
  const kv = searchKv();
  return {
    id,
    async readMeta() {
      const text = await kv.get(metaKey);
      const bytes = text && unsealBytes(metaKey, text);
      if (!bytes) return undefined;
      const parsed = indexMetaSchema.safeParse(JSON.parse(bytes.toString("utf8")));
      return parsed.success ? parsed.data : undefined;
    },
    writeMeta: (meta) => kv.set(metaKey, sealBytes(metaKey, Buffer.from(JSON.stringify(meta))), indexTtlMs()),
    writePage: (page, calls) =>
      kv.setField(pagesKey, String(page), sealBytes(chunkName(page), gzipSync(JSON.stringify(calls))), indexTtlMs()),
    async readPages(pages) {
      const texts = await kv.getFields(pagesKey, pages.map(String));
      const found = new Map<number, IndexedCall[]>();
      pages.forEach((page, position) => {
        const text = texts[position];
        const bytes = text && unsealBytes(chunkName(page), text);
        if (bytes) found.set(page, JSON.parse(gunzipSync(bytes).toString("utf8")) as IndexedCall[]);
      });
      return found;
    },
    writeSaid: (page, said) =>
      kv.setField(saidKey, String(page), sealBytes(saidName(page), gzipSync(JSON.stringify(said))), indexTtlMs()),
    async readSaid(pages) {
      const texts = await kv.getFields(saidKey, pages.map(String));
      const found = new Map<number, Record<string, SaidWords>>();
      pages.forEach((page, position) => {
        const text = texts[position];
        const bytes = text && unsealBytes(saidName(page), text);
        if (bytes) found.set(page, JSON.parse(gunzipSync(bytes).toString("utf8")) as Record<string, SaidWords>);
      });
      return found;
    },
    lock: (token, ttlMs) => kv.lock(lockKey, token, ttlMs),
    unlock: (token) => kv.unlock(lockKey, token),
  };
}
