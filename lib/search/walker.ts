import "server-only";
import { randomUUID } from "node:crypto";
import type { WorkspaceConfig } from "@/lib/config";
import { fetchBatchCallsUnparsed, isTrilletError, listBatchCalls, type BatchCalls } from "@/lib/trillet";
import { toIndexedCall } from "./entry";
import { isFinished, liveCount, type BatchIndexStore, type IndexMeta } from "./index-store";
import { readRecords, recordsDue } from "./records-walk";
import { liveRefreshMs } from "./settings";
import { errorText } from "@/lib/runtime/scrub-secrets";

export const indexPageSize = 100;
/** Pages read ahead of the one being stored: the budget paces the walk, this only hides each request's latency. */
const readAhead = 2;
/** A walker renews its lock while it works; one that stops (a crash, a frozen function) frees the batch after this. */
const lockMs = 30_000;
const renewEveryMs = 10_000;
/** After Trillet failed a page: the next search resumes the walk after this. */
const upstreamPauseMs = 15_000;
/** A refresh that finds every call finished re-reads the pages indexed as open at once, at most this many times. */
const maxPassesPerWalk = 3;

const isOpen = (status: string) => status === "waiting" || status === "active";
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Whether the calls need reading: never read, a pass under way, or a live batch not re-read for a few seconds. */
export function callsDue(meta: IndexMeta | undefined, now: number): boolean {
  if (!meta) return true;
  if (meta.stopped && meta.stopped.until > now) return false;
  if (meta.pending.length > 0 || meta.stopped) return true;
  return !isFinished(meta) && now - meta.passEndedAt >= liveRefreshMs;
}

/** Whether the index needs reading: its calls (callsDue), or the words of their call records. */
export function needsWalk(meta: IndexMeta | undefined, now: number): boolean {
  if (!meta) return true;
  if (meta.stopped && meta.stopped.until > now) return false;
  return callsDue(meta, now) || recordsDue(meta, now);
}

/**
 * Open pages one refresh re-reads, earliest first: calls are dispatched roughly in list order, so
 * the pages past these hold waiting calls that have not moved yet. The pass after Trillet says the
 * batch is done re-reads every open page.
 */
const maxRefreshPages = 5;

/** A pass over what can have changed: the earliest pages that held an open call, the last page and any new page. */
export function startPass(meta: IndexMeta | undefined, first: BatchCalls, now: number): IndexMeta {
  const totalPages = first.pagination.totalPages;
  if (!meta) {
    return {
      summary: first.summary,
      totalPages,
      rows: Array(totalPages).fill(0),
      stamps: Array(totalPages).fill(0),
      pending: range(2, totalPages),
      open: [],
      walked: false,
      passEndedAt: 0,
      progressAt: now,
    };
  }
  const grown = first.summary.total > meta.summary.total ? range(meta.totalPages, totalPages) : [];
  const open = [...meta.open].sort((a, b) => a - b);
  const due = liveCount(first.summary) > 0 ? open.slice(0, maxRefreshPages) : open;
  const pending = [...new Set([...due, ...grown])].filter((page) => page > 1).sort((a, b) => a - b);
  return { ...meta, summary: first.summary, pending, stopped: undefined };
}

/** Puts one read page into the index and the meta (the caller writes the meta). */
async function storePage(store: BatchIndexStore, meta: IndexMeta, page: number, read: BatchCalls, now: number) {
  const calls = read.calls.map(toIndexedCall);
  await store.writePage(page, calls);
  const totalPages = Math.max(meta.totalPages, read.pagination.totalPages);
  while (meta.rows.length < totalPages) {
    meta.rows.push(0);
    meta.stamps.push(0);
  }
  for (let extra = meta.totalPages + 1; extra <= totalPages; extra++) {
    if (!meta.pending.includes(extra)) meta.pending.push(extra);
  }
  meta.totalPages = totalPages;
  meta.rows[page - 1] = calls.length;
  meta.stamps[page - 1] = (meta.stamps[page - 1] ?? 0) + 1;
  meta.open = meta.open.filter((open) => open !== page);
  if (calls.some((call) => isOpen(call.status))) meta.open.push(page);
  meta.summary = read.summary;
  meta.pending = meta.pending.filter((pending) => pending !== page);
  meta.progressAt = now;
}

type Walk = { workspace: WorkspaceConfig; batchId: string; store: BatchIndexStore; token: string; signal: AbortSignal };

async function readPending(walk: Walk, meta: IndexMeta): Promise<void> {
  const { workspace, batchId, store, signal } = walk;
  const queue = [...meta.pending];
  const ahead = new Map<number, ReturnType<typeof fetchBatchCallsUnparsed>>();
  const fill = () => {
    for (const page of queue) {
      if (ahead.size >= readAhead) break;
      if (ahead.has(page)) continue;
      const pending = fetchBatchCallsUnparsed(
        workspace,
        batchId,
        { status: "all", page, limit: indexPageSize },
        { signal },
      );
      pending.catch(() => undefined);
      ahead.set(page, pending);
    }
  };
  try {
    while (queue.length > 0) {
      fill();
      const page = queue.shift()!;
      const read = (await ahead.get(page)!).parse();
      ahead.delete(page);
      const before = meta.totalPages;
      await storePage(store, meta, page, read, Date.now());
      // The batch grew while we read it: its new pages join this pass.
      if (meta.totalPages > before) queue.push(...range(before + 1, meta.totalPages));
      if (meta.pending.length === 0) meta.walked = true;
      await store.writeMeta(meta);
    }
  } finally {
    ahead.clear();
  }
}

/** The calls, then (once they are all indexed, unless `records` is false) the words of their call records when due. */
async function runWalk(walk: Walk, first: BatchCalls | undefined, records: boolean): Promise<void> {
  const before = await walk.store.readMeta();
  // The calls are read only when they are due (as needsWalk says): a walk for the records alone costs no calls request.
  const callsDue =
    first !== undefined ||
    !before ||
    before.pending.length > 0 ||
    before.stopped !== undefined ||
    (!isFinished(before) && Date.now() - before.passEndedAt >= liveRefreshMs);
  const meta = callsDue ? await walkCalls(walk, first, before) : before;
  if (records && meta && recordsDue(meta, Date.now())) await readRecords(walk, meta);
}

async function walkCalls(walk: Walk, first: BatchCalls | undefined, read: IndexMeta | undefined) {
  const { workspace, batchId, store, signal } = walk;
  let meta = read;
  for (let pass = 0; pass < maxPassesPerWalk; pass++) {
    if (!meta || meta.pending.length === 0) {
      const head =
        first ??
        (await listBatchCalls(
          workspace,
          batchId,
          { status: "all", page: 1, limit: indexPageSize },
          { priority: "background", signal },
        ));
      first = undefined;
      meta = startPass(meta, head, Date.now());
      await storePage(store, meta, 1, head, Date.now());
      if (meta.pending.length === 0) meta.walked = true;
      await store.writeMeta(meta);
    } else if (meta.stopped) {
      meta.stopped = undefined;
    }
    await readPending(walk, meta);
    meta.passEndedAt = Date.now();
    await store.writeMeta(meta);
    // Trillet says every call is done but some were read while open: read those again now, not in a few seconds.
    if (liveCount(meta.summary) > 0 || meta.open.length === 0) return meta;
    meta.pending = [...meta.open].sort((a, b) => a - b);
  }
  return meta;
}

async function noteStop(store: BatchIndexStore, error: unknown): Promise<void> {
  const meta = await store.readMeta();
  if (!meta) return;
  const budget = isTrilletError(error) && error.kind === "rate_limited";
  const pauseMs = budget
    ? isTrilletError(error)
      ? (error.detail.retryAfterSeconds ?? 30) * 1000
      : 0
    : upstreamPauseMs;
  await store.writeMeta({ ...meta, stopped: { reason: budget ? "budget" : "upstream", until: Date.now() + pauseMs } });
}

// On globalThis, like every per-process registry here: walks this instance runs, so tests and shutdown can wait for them.
const slot = globalThis as typeof globalThis & { __batchConsoleSearchWalks?: Set<Promise<void>> };

/** The walks running on this instance (for tests that must wait for one to settle). */
export const runningWalks = (): Promise<void>[] => [...(slot.__batchConsoleSearchWalks ?? [])];

/**
 * Starts the batch's walk on this instance unless another instance holds it (a lock with a TTL,
 * renewed while walking). Returns at once: the walk reads at background priority, which leaves
 * live viewers a quarter of the budget, and each search reads whatever it has indexed so far.
 * `first` is a page 1 the caller already read. `records: false` reads the calls only (the guardrails note needs no
 * transcript words; the next search reads them).
 */
export async function startWalk(
  workspace: WorkspaceConfig,
  batchId: string,
  store: BatchIndexStore,
  first?: BatchCalls,
  options: { records?: boolean } = {},
): Promise<boolean> {
  const token = randomUUID();
  if (!(await store.lock(token, lockMs))) return false;
  const controller = new AbortController();
  const renew = setInterval(() => {
    void store.lock(token, lockMs).then((held) => {
      if (!held) controller.abort(new Error("the search index lock passed to another instance"));
    });
  }, renewEveryMs);
  const walk = { workspace, batchId, store, token, signal: controller.signal };
  const walks = (slot.__batchConsoleSearchWalks ??= new Set());
  const running: Promise<void> = runWalk(walk, first, options.records ?? true)
    .catch(async (error: unknown) => {
      if (controller.signal.aborted) return;
      if (!isTrilletError(error)) {
        console.error(JSON.stringify({ type: "search-index", message: errorText(error) }));
      }
      await noteStop(store, error).catch(() => undefined);
    })
    .finally(async () => {
      clearInterval(renew);
      walks.delete(running);
      await store.unlock(token);
    });
  walks.add(running);
  return true;
}
