import "server-only";
import { batchOutcomes } from "@/lib/call-records/outcomes";
import { readJob } from "@/lib/call-records/fetch";
import type { WorkspaceConfig } from "@/lib/config";
import { batchIndexStore } from "@/lib/search/index-store";
import { loadIndex } from "@/lib/search/loaded-index";
import { findCalls } from "@/lib/search/search-batch";
import type { CallsQuery, CallStatusFilter } from "@/lib/shared/batch-view";
import { callNameOf } from "@/lib/shared/call-name";
import { metadataTexts } from "@/lib/shared/metadata-cell";
import { isTrilletError, listBatchCalls, type Call } from "@/lib/trillet";
import type { FollowUpCall } from "./store";

// Which calls a follow-up is for, and their contact's name and number, read by the server from the batch's own
// calls (never taken from the browser). Cheapest source first: the page the person is looking at (shared and
// cached), the batch's search index (no request), one job read each for a few, a walk of the list for many.

/** Up to this many calls not found elsewhere are read one job at a time (a completed job carries its CSV row). */
const maxJobReads = 5;
/** The most calls one bulk follow-up covers by a status tab, and the most list pages any walk reads. */
export const maxBulkCalls = 10_000;
const pageSize = 100;

type Contact = { contactName: string | null; contactPhone: string | null };

export type Resolved =
  | { ok: true; calls: FollowUpCall[]; upstreamReads: number }
  | { ok: false; code: "not_found" | "bad_request" | "conflict"; message: string; upstreamReads: number };

/**
 * A walk of the batch's list is long (up to 100 pages at background priority): `signal` stops it when the person
 * leaves or the route's time is up, and `beforeWalk` is asked first (the route takes a walk slot there; it throws to
 * refuse).
 */
export type WalkGuard = { signal?: AbortSignal; beforeWalk?: () => Promise<void> };

const tooMany = (count: number) =>
  `This filter has ${count.toLocaleString("en-US")} calls; one bulk follow-up takes at most ${maxBulkCalls.toLocaleString("en-US")}. Narrow it with a status tab or a search.`;

const contactOf = (call: { phone_number: string; metadata: Record<string, string> }): Contact => ({
  contactName: callNameOf(call.metadata).slice(0, 300) || null,
  contactPhone: call.phone_number.slice(0, 64) || null,
});

const fromCall = (call: Call): Contact =>
  contactOf({ phone_number: call.phone_number, metadata: metadataTexts(call.metadata) });

class Lookup {
  readonly found = new Map<string, Contact>();
  upstreamReads = 0;
  constructor(
    readonly workspace: WorkspaceConfig,
    readonly batchId: string,
    readonly user: string,
    readonly wanted: Set<string>,
    readonly guard: WalkGuard = {},
  ) {}

  missing(): string[] {
    return [...this.wanted].filter((jobId) => !this.found.has(jobId));
  }

  take(calls: Iterable<Call>): void {
    for (const call of calls)
      if (this.wanted.has(call.jobId) && !call.unreadable) this.found.set(call.jobId, fromCall(call));
  }

  async fromView(view: CallsQuery): Promise<void> {
    this.upstreamReads += 1;
    const page = await listBatchCalls(this.workspace, this.batchId, view, { user: this.user });
    this.take(page.calls);
  }

  async fromIndex(): Promise<void> {
    const store = batchIndexStore(this.workspace, this.batchId);
    const meta = await store.readMeta().catch(() => undefined);
    if (!meta) return;
    const indexed = await loadIndex(store, meta).catch(() => []);
    for (const { call } of indexed) if (this.wanted.has(call.jobId)) this.found.set(call.jobId, contactOf(call));
  }

  async fromJobs(jobIds: string[]): Promise<string | undefined> {
    for (const jobId of jobIds) {
      this.upstreamReads += 1;
      try {
        const job = await readJob(this.workspace, this.batchId, jobId, { user: this.user });
        // A completed job carries its CSV row; for others the name stays unknown (the index had none either).
        this.found.set(jobId, contactOf({ phone_number: job.phone_number, metadata: job.result?.metadata ?? {} }));
      } catch (error) {
        if (isTrilletError(error) && error.kind === "not_found") return jobId;
        throw error;
      }
    }
    return undefined;
  }

  /**
   * Reads the batch's list (one status tab) at background priority until every wanted call is found or it ends.
   * `collect` sees every call, and may stop the walk after the first page by returning false (too many calls).
   */
  async walk(status: CallStatusFilter, collect?: (call: Call) => void, first?: (total: number) => boolean) {
    await this.guard.beforeWalk?.();
    for (let page = 1; page <= maxBulkCalls / pageSize; page += 1) {
      this.upstreamReads += 1;
      const read = await listBatchCalls(
        this.workspace,
        this.batchId,
        { status, page, limit: pageSize },
        { priority: "background", signal: this.guard.signal },
      );
      if (page === 1 && first && !first(read.pagination.total)) return;
      this.take(read.calls);
      if (collect) read.calls.forEach(collect);
      if (!read.pagination.hasNext || read.calls.length === 0) return;
      if (!collect && this.missing().length === 0) return;
    }
  }
}

const notInBatch = (jobId: string) => `No call ${jobId.slice(0, 80)} in this batch.`;

/** The named calls of the batch with their contacts; one that is not in the batch refuses them all. */
export async function resolveCalls(
  workspace: WorkspaceConfig,
  batchId: string,
  jobIds: string[],
  user: string,
  options: { view?: CallsQuery; outcomes?: Map<string, string>; guard?: WalkGuard } = {},
): Promise<Resolved> {
  const lookup = new Lookup(workspace, batchId, user, new Set(jobIds), options.guard);
  if (options.view) await lookup.fromView(options.view);
  if (lookup.missing().length > 0) await lookup.fromIndex();
  const missing = lookup.missing();
  if (missing.length > 0 && missing.length <= maxJobReads) {
    const unknown = await lookup.fromJobs(missing);
    if (unknown)
      return { ok: false, code: "not_found", message: notInBatch(unknown), upstreamReads: lookup.upstreamReads };
  } else if (missing.length > 0) {
    await lookup.walk("all");
    const unknown = lookup.missing()[0];
    if (unknown)
      return { ok: false, code: "not_found", message: notInBatch(unknown), upstreamReads: lookup.upstreamReads };
  }
  const calls = jobIds.map((jobId) => ({
    jobId,
    ...lookup.found.get(jobId)!,
    outcome: options.outcomes?.get(jobId)?.slice(0, 200) ?? null,
  }));
  return { ok: true, calls, upstreamReads: lookup.upstreamReads };
}

/**
 * Every call of one outcome, as the Outcomes panel counts them (the batch's first 2,000 call records, shared and
 * cached 30 s), with their contacts.
 */
export async function callsOfOutcome(
  workspace: WorkspaceConfig,
  batchId: string,
  outcome: string,
  user: string,
  guard?: WalkGuard,
): Promise<Resolved & { counted?: number; complete?: boolean }> {
  const counts = await batchOutcomes(workspace, batchId);
  const entry = counts.outcomes.find((candidate) => candidate.outcome === outcome);
  if (!entry || entry.calls.length === 0) {
    return { ok: false, code: "not_found", message: "No calls with this outcome in this batch.", upstreamReads: 0 };
  }
  const outcomes = new Map(entry.calls.map((call) => [call.jobId, outcome]));
  const resolved = await resolveCalls(workspace, batchId, [...outcomes.keys()], user, { outcomes, guard });
  return { ...resolved, counted: counts.counted, complete: counts.complete };
}

/**
 * Every call of a status tab, read from the batch's list at background priority; a tab of more than 10,000 calls is
 * refused after its first page.
 */
export async function callsOfStatus(
  workspace: WorkspaceConfig,
  batchId: string,
  status: CallStatusFilter,
  user: string,
  guard?: WalkGuard,
): Promise<Resolved> {
  const lookup = new Lookup(workspace, batchId, user, new Set(), guard);
  const calls: FollowUpCall[] = [];
  let total = 0;
  try {
    await lookup.walk(
      status,
      (call) => {
        if (!call.unreadable && calls.length < maxBulkCalls)
          calls.push({ jobId: call.jobId, ...fromCall(call), outcome: null });
      },
      (count) => (total = count) <= maxBulkCalls,
    );
  } catch (error) {
    if (isTrilletError(error) && error.kind === "not_found") {
      return { ok: false, code: "not_found", message: "No batch with this id.", upstreamReads: lookup.upstreamReads };
    }
    throw error;
  }
  if (total > maxBulkCalls)
    return { ok: false, code: "bad_request", message: tooMany(total), upstreamReads: lookup.upstreamReads };
  return { ok: true, calls, upstreamReads: lookup.upstreamReads };
}

/**
 * Every call of a status tab matching a search, from the batch's search index (no request once it is built): the
 * search must have read the whole batch first, as the page says it has.
 */
export async function callsOfSearch(
  workspace: WorkspaceConfig,
  batchId: string,
  filter: { status: CallStatusFilter; q: string },
  user: string,
): Promise<Resolved> {
  const found = await findCalls(workspace, batchId, filter, user);
  const { upstreamReads } = found;
  if (!found.progress.complete) {
    const { searched, total } = found.progress;
    const of = total === undefined ? "" : ` of ${total.toLocaleString("en-US")}`;
    return {
      ok: false,
      code: "conflict",
      message: `The search has read ${searched.toLocaleString("en-US")}${of} calls so far: try again once it has searched the whole batch.`,
      upstreamReads,
    };
  }
  if (found.inTab.length > maxBulkCalls)
    return { ok: false, code: "bad_request", message: tooMany(found.inTab.length), upstreamReads };
  const calls = found.inTab.map(({ call }) => ({ jobId: call.jobId, ...contactOf(call), outcome: null }));
  return { ok: true, calls, upstreamReads };
}
