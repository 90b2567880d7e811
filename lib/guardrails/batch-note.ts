import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import type { WorkspaceConfig } from "@/lib/config";
import type { CallingHours } from "@/lib/config/schema";
import type { BatchGuardrails } from "@/lib/shared/batch-guardrails";
import { maxListedJobIds } from "@/lib/shared/batch-guardrails";
import { sharedRead } from "@/lib/state/shared-reads";
import { isTrilletError, listBatchCalls, readScope, type BatchCalls, type Summary } from "@/lib/trillet";
import type { IndexedCall } from "@/lib/search/entry";
import { batchIndexStore, indexedCalls, isFinished, liveCount } from "@/lib/search/index-store";
import { loadIndex } from "@/lib/search/loaded-index";
import { callsDue, indexPageSize, startWalk } from "@/lib/search/walker";
import { hasDoNotCall, listedNumbers } from "./do-not-call";
import { spanInside } from "./window";
import { recipientZone } from "./zones";

// The batch page's note for batches started anywhere (issue 26, item 5): which calls go to numbers on the
// do-not-call list, and how many calls still to be placed go to numbers where it is now outside calling hours.
// The calls come from the batch's search index (lib/search), which a search, a call's CSV row and this note
// share: read once at background priority, a live batch's open pages re-read, never a walk of its own.

type CallFacts = Pick<IndexedCall, "jobId" | "status" | "phone_number">;

/** Only a call still waiting can be stopped: an active call is being placed, and Trillet lets it finish. */
const stillToPlace = (status: string) => status === "waiting";

const e164 = /^\+[1-9]\d{6,14}$/;

/** The E.164 form the list holds: as it is when it already is, else as libphonenumber-js reads it; "" if neither. */
export function listedForm(number: string, defaultCountry: string): string {
  if (e164.test(number)) return number;
  return parsePhoneNumberFromString(number, defaultCountry as never)?.number ?? "";
}

/** The note's counts over `calls`, given which of their (E.164) numbers are listed, at `now`. */
export function tallyGuardrails(
  calls: readonly CallFacts[],
  listed: ReadonlySet<string>,
  settings: { hours: CallingHours; defaultCountry: string },
  now: number,
): Pick<BatchGuardrails, "doNotCall" | "hours"> {
  const listedWaiting: string[] = [];
  const listedOther: string[] = [];
  let waiting = 0;
  let outside = 0;
  let noZone = 0;
  const outsideByKey = new Map<string, boolean>();
  for (const call of calls) {
    const number = listedForm(call.phone_number, settings.defaultCountry);
    const waits = stillToPlace(call.status);
    if (number !== "" && listed.has(number)) {
      (waits ? listedWaiting : listedOther).push(call.jobId);
      continue;
    }
    if (!waits) continue;
    waiting += 1;
    const zone = recipientZone(number || call.phone_number, settings.defaultCountry);
    if (zone.kind === "none") {
      noZone += 1;
      continue;
    }
    let out = outsideByKey.get(zone.key);
    if (out === undefined) {
      // The most restrictive of a number's zones: outside when any of them is.
      out = !zone.zones.every((name) => spanInside(name, settings.hours, now, 0));
      outsideByKey.set(zone.key, out);
    }
    if (out) outside += 1;
  }
  return {
    doNotCall: {
      calls: listedWaiting.length + listedOther.length,
      waiting: listedWaiting.length,
      jobIds: [...listedWaiting, ...listedOther].slice(0, maxListedJobIds),
    },
    hours: { start: settings.hours.start, end: settings.hours.end, waiting, outside, noZone },
  };
}

/**
 * Page 1 for this person when the batch was never indexed (an unknown batch is a 404 at once), the page a search
 * reads first, so the walk goes on from it. Budget spent or Trillet slow: undefined, and the walk reads it later.
 */
async function firstPage(workspace: WorkspaceConfig, batchId: string, user: string): Promise<BatchCalls | undefined> {
  try {
    return await listBatchCalls(workspace, batchId, { status: "all", page: 1, limit: indexPageSize }, { user });
  } catch (error) {
    if (isTrilletError(error) && ["rate_limited", "timeout", "upstream_error"].includes(error.kind)) return undefined;
    throw error;
  }
}

type Calls = { calls: CallFacts[]; progress: BatchGuardrails["progress"] };

/**
 * A walk is worth its requests only when it can find something: numbers on the list, or calls still waiting. A
 * finished batch in a workspace whose list is empty costs no walk (one probe of the list's primary key instead).
 */
async function worthReading(workspace: WorkspaceConfig, summary: Summary): Promise<boolean> {
  return summary.waiting > 0 || (await hasDoNotCall(workspace));
}

const nothingToRead = (summary: Summary): Calls => ({
  calls: [],
  progress: { checked: summary.total, total: summary.total, complete: true, live: liveCount(summary) > 0 },
});

/** The batch's calls as far as its index has read them; starts (or resumes) the calls' walk when it is due. */
async function indexedBatchCalls(workspace: WorkspaceConfig, batchId: string, user: string): Promise<Calls> {
  const store = batchIndexStore(workspace, batchId);
  const meta = await store.readMeta();
  const now = Date.now();
  if (meta) {
    if (!(await worthReading(workspace, meta.summary))) return nothingToRead(meta.summary);
    if (callsDue(meta, now)) await startWalk(workspace, batchId, store, undefined, { records: false });
    const calls = (await loadIndex(store, meta)).map((entry) => entry.call);
    return {
      calls,
      progress: {
        checked: calls.length,
        total: meta.summary.total,
        complete: meta.walked && meta.pending.length === 0 && calls.length >= indexedCalls(meta),
        live: !isFinished(meta) && liveCount(meta.summary) > 0,
      },
    };
  }
  // Never indexed: page 1 now, the rest in the background when it can find anything.
  const page = await firstPage(workspace, batchId, user);
  if (page && page.pagination.totalPages > 1 && !(await worthReading(workspace, page.summary))) {
    return nothingToRead(page.summary);
  }
  await startWalk(workspace, batchId, store, page, { records: false });
  return {
    calls: page?.calls ?? [],
    progress: {
      checked: page?.calls.length ?? 0,
      total: page?.summary.total ?? 0,
      complete: page !== undefined && page.pagination.totalPages <= 1,
      live: page !== undefined && liveCount(page.summary) > 0,
    },
  };
}

/** Viewers of one batch share one count for this long (the list's lookup is a few indexed statements per 20,000). */
const shareMs = 10_000;

/** The note's answer for one batch, less `canCancel` (the route knows the viewer). */
export function batchGuardrails(
  workspace: WorkspaceConfig,
  batchId: string,
  user: string,
): Promise<Omit<BatchGuardrails, "canCancel">> {
  return sharedRead(
    "guardrails-note",
    readScope(workspace, `/guardrails/${batchId}`),
    { ttlMs: shareMs, lockMs: 30_000 },
    async () => {
      const { calls, progress } = await indexedBatchCalls(workspace, batchId, user);
      const settings = { hours: workspace.callingHours, defaultCountry: workspace.defaultCountry };
      const numbers = calls.map((call) => listedForm(call.phone_number, settings.defaultCountry)).filter(Boolean);
      const listed = numbers.length > 0 ? await listedNumbers(workspace, numbers) : new Set<string>();
      const now = Date.now();
      return { ...tallyGuardrails(calls, listed, settings, now), progress, checkedAt: new Date(now).toISOString() };
    },
  );
}
