import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { historyPageSize, readHistoryPage, readJob } from "@/lib/call-records/fetch";
import type { CallRecord } from "@/lib/call-records/parse";
import { isTrilletError, type Summary } from "@/lib/trillet";
import type { IndexedCall } from "./entry";
import { isFinished, type BatchIndexStore, type IndexMeta } from "./index-store";
import { digitsOf } from "./normalise";
import { canHaveRecord, linkRecords } from "./record-link";
import { saidWords, type SaidWords } from "./record-words";

// The call records' pass: after the calls walk, the batch's call records are read (Trillet's
// call-history filtered by batch, 100 a request, at background priority through the shared budget)
// and each is linked to its call the way the call dialog does it (record-link.ts). Only the
// normalised words of its transcript and summary are kept, capped (record-words.ts), per index page.

/** A live batch's records are read again at most this often, and only once more calls have finished. */
export const recordsRefreshMs = 60_000;
/** Job reads per pass for calls whose record number and time cannot tell apart (their callId can). */
const maxJobReadsPerPass = 50;
/** Records pages one walk of a live batch reads before it hands back to the calls' refresh (the next search resumes). */
const maxLivePagesPerWalk = 5;
/** Index pages per shared-state read while loading the batch's calls. */
const pagesPerRead = 25;
/** After Trillet failed a records page: the pass resumes after this. */
const upstreamPauseMs = 15_000;

export const finishedCalls = (summary: Summary) => summary.completed + summary.failed;

/** Whether the records' pass should run now: the calls are indexed, some calls can have a record, and a pass is unfinished or due. */
export function recordsDue(meta: IndexMeta, now: number): boolean {
  if (!meta.walked || meta.pending.length > 0) return false;
  const finished = finishedCalls(meta.summary);
  if (finished === 0) return false;
  const records = meta.records;
  if (!records) return true;
  if (records.stoppedUntil !== undefined && records.stoppedUntil > now) return false;
  if (!records.done) return true;
  if (finished <= records.finishedCalls) return false;
  return isFinished(meta) || now - records.endedAt >= recordsRefreshMs;
}

type RecordsWalk = { workspace: WorkspaceConfig; batchId: string; store: BatchIndexStore; signal: AbortSignal };

type Calls = { byDigits: Map<string, IndexedCall[]>; pageOf: Map<string, number> };

/** The batch's finished calls from the index, by number, with the index page each is on. */
async function indexedCalls(store: BatchIndexStore, meta: IndexMeta): Promise<Calls> {
  const byDigits = new Map<string, IndexedCall[]>();
  const pageOf = new Map<string, number>();
  const pages = Array.from({ length: meta.totalPages }, (_, index) => index + 1);
  for (let from = 0; from < pages.length; from += pagesPerRead) {
    const read = await store.readPages(pages.slice(from, from + pagesPerRead));
    for (const [page, calls] of read) {
      for (const call of calls) {
        if (!canHaveRecord(call.status)) continue;
        pageOf.set(call.jobId, page);
        const digits = digitsOf(call.phone_number);
        byDigits.set(digits, [...(byDigits.get(digits) ?? []), call]);
      }
    }
  }
  return { byDigits, pageOf };
}

/** The calls a page of records can belong to by number (callId links go through the same calls: a job's record rings its number). */
function callsFor(calls: Calls, records: readonly CallRecord[]): IndexedCall[] {
  const numbers = new Set(records.map((record) => digitsOf(record.toPhoneNumber ?? "")));
  return [...numbers].flatMap((digits) => calls.byDigits.get(digits) ?? []);
}

/**
 * Reads the batch's call records from where the pass stands, storing each linked call's words.
 * Stops (and notes when to resume) when Trillet refuses or fails a page; the caller holds the
 * batch's walk lock, so no other instance writes these pages meanwhile.
 */
export async function readRecords(walk: RecordsWalk, meta: IndexMeta): Promise<void> {
  const { workspace, batchId, store, signal } = walk;
  if (!meta.records || meta.records.done) {
    meta.records = {
      nextPage: 1,
      done: false,
      finishedCalls: finishedCalls(meta.summary),
      endedAt: meta.records?.endedAt ?? 0,
      read: 0,
      linked: 0,
      unlinked: 0,
      stamps: meta.records?.stamps ?? [],
    };
  }
  const records = meta.records;
  records.stoppedUntil = undefined;
  const calls = await indexedCalls(store, meta);
  const callIds = new Map<string, string>();
  const linkedJobs = new Set<string>();
  let jobReads = 0;
  const maxPages = isFinished(meta) ? Number.POSITIVE_INFINITY : maxLivePagesPerWalk;
  try {
    for (let pages = 0; !records.done && pages < maxPages; pages++) {
      const page = await readHistoryPage(
        workspace,
        { batchId, page: String(records.nextPage), limit: String(historyPageSize) },
        { priority: "background", signal },
      );
      const candidates = callsFor(calls, page.records);
      let links = linkRecords(batchId, candidates, page.records, callIds);
      // Two calls to one number minutes apart: the job's own result names its call (one request each, capped).
      const unread = links.ambiguous.filter((jobId) => !callIds.has(jobId)).slice(0, maxJobReadsPerPass - jobReads);
      for (const jobId of unread) {
        jobReads += 1;
        try {
          const job = await readJob(workspace, batchId, jobId, { priority: "background", signal });
          if (job.result?.callId) callIds.set(jobId, job.result.callId);
        } catch (error) {
          // A job Trillet cannot show stays unlinked; a spent budget stops the pass.
          if (!isTrilletError(error) || error.kind === "rate_limited") throw error;
        }
      }
      if (unread.length > 0) links = linkRecords(batchId, candidates, page.records, callIds);

      const touched = new Map<number, Record<string, SaidWords>>();
      let linked = 0;
      for (const [jobId, record] of links.linked) {
        if (linkedJobs.has(jobId)) continue;
        linkedJobs.add(jobId);
        linked += 1;
        const words = saidWords(record);
        const indexPage = calls.pageOf.get(jobId);
        if (!words || indexPage === undefined) continue;
        if (!touched.has(indexPage)) {
          const stored = (await store.readSaid([indexPage])).get(indexPage);
          touched.set(indexPage, stored ?? {});
        }
        // Defined, not assigned: a job id such as "__proto__" stays a key of its own.
        Object.defineProperty(touched.get(indexPage)!, jobId, {
          value: words,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      for (const [indexPage, said] of touched) {
        await store.writeSaid(indexPage, said);
        while (records.stamps.length < indexPage) records.stamps.push(0);
        records.stamps[indexPage - 1] = (records.stamps[indexPage - 1] ?? 0) + 1;
      }
      records.read += page.records.length;
      records.linked += linked;
      records.unlinked += page.records.length - linked;
      records.nextPage += 1;
      if (!page.hasNext || page.records.length + page.unreadable === 0) {
        records.done = true;
        records.endedAt = Date.now();
      }
      await store.writeMeta(meta);
    }
  } catch (error) {
    if (signal.aborted || !isTrilletError(error)) throw error;
    const pauseMs = error.kind === "rate_limited" ? (error.detail.retryAfterSeconds ?? 30) * 1000 : upstreamPauseMs;
    records.stoppedUntil = Date.now() + pauseMs;
    await store.writeMeta(meta);
  }
}
