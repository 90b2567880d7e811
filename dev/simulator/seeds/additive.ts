import { buildView, sourceFromCalls } from "../batch-view.js";
import type { ListQuery } from "../query.js";
import { paginationOf } from "../responses.js";
import type { Batch, BatchView, Call } from "../types.js";

// batch_additive: what Trillet might send after an additive change to its API, beyond the docs.
// New fields at every level, a status the docs do not list, metadata of every JSON type, and two
// calls that do not fit the documented shape at all (no jobId; a phone_number that is an object).

const BASE = 1735689600000; // 2025-01-01T00:00:00Z

type RawCall = Record<string, unknown>;

const finished = (index: number, seconds: number) => ({
  startTime: BASE + index * 90_000,
  endTime: BASE + index * 90_000 + seconds * 1000,
});

/** The calls in CSV order, as raw JSON objects: several are not `Call`s by the docs' shape. */
export function additiveRawCalls(): RawCall[] {
  return [
    {
      jobId: "call_add_001",
      status: "completed",
      phone_number: "+14155550101",
      ...finished(0, 42),
      duration: 42,
      // New per-call fields.
      recordingUrl: "https://recordings.trillet.test/call_add_001.mp3",
      sentiment: { label: "positive", score: 0.92 },
      metadata: {
        first_name: "Ada",
        last_name: "Lovelace",
        age: 36,
        vip: true,
        balance: -12.5,
        notes: null,
        tags: ["math", "poetry"],
        address: { city: "London", zip: "W1" },
      },
    },
    {
      jobId: "call_add_002",
      status: "voicemail",
      phone_number: "+14155550102",
      ...finished(1, 18),
      duration: 18,
      voicemailUrl: "https://recordings.trillet.test/call_add_002-vm.mp3",
      metadata: { first_name: "Grace", last_name: "Hopper", age: 85, vip: false, tags: [], address: {} },
    },
    {
      // No jobId: unreadable.
      status: "completed",
      phone_number: "+14155550103",
      ...finished(2, 30),
      duration: 30,
      metadata: { first_name: "Nobody", last_name: "Noid" },
    },
    {
      jobId: "call_add_004",
      status: "failed",
      // An object where the docs say string: unreadable.
      phone_number: { e164: "+14155550104", country: "US" },
      ...finished(3, 5),
      error: "No answer",
      metadata: { first_name: "Olga", last_name: "Object" },
    },
    {
      jobId: "call_add_005",
      status: "failed",
      phone_number: "+14155550105",
      ...finished(4, 7),
      error: "Number busy",
      errorCode: "BUSY",
      metadata: { first_name: "Alan", last_name: "Turing", nested: { deep: { list: [1, "two", null, { three: 3 }] } } },
    },
    {
      jobId: "call_add_006",
      status: "voicemail",
      phone_number: "+14155550106",
      ...finished(5, 21),
      duration: 21,
      metadata: { first_name: "Hedy", last_name: "Lamarr", age: 0, score: 1e21 },
    },
    {
      jobId: "call_add_007",
      status: "completed",
      phone_number: "+14155550107",
      ...finished(6, 64),
      duration: 64,
      metadata: { first_name: "Katherine", last_name: "Johnson", formula: ["=1+2"], "=key": { a: "b" } },
    },
  ];
}

const DOCUMENTED = ["waiting", "active", "completed", "failed"];

function listBody(rows: RawCall[], query: ListQuery) {
  const matching = query.status === "all" ? rows : rows.filter((row) => row.status === query.status);
  const total = matching.length;
  const totalPages = Math.ceil(total / query.limit);
  const from = (query.page - 1) * query.limit;
  const count = (status: string) => rows.filter((row) => row.status === status).length;
  return {
    // New top-level fields.
    object: "list",
    apiVersion: "2026-03-01",
    links: { self: `?page=${query.page}`, next: null },
    calls: matching.slice(from, from + query.limit),
    pagination: {
      ...paginationOf(query, total),
      nextCursor: query.page < totalPages ? `cursor_${query.page + 1}` : null,
    },
    summary: {
      total: rows.length,
      waiting: count("waiting"),
      active: count("active"),
      completed: count("completed"),
      failed: count("failed"),
      // A counter the docs do not have: the app ignores it and counts "other statuses" from the total.
      voicemail: count("voicemail"),
    },
  };
}

export function createAdditiveBatch(identity: { id: string; workspaceId: string }): Batch {
  const rows = additiveRawCalls();
  // The batch and status endpoints: built from the calls with a documented status, total over all of them.
  let view: BatchView | undefined;
  const buildOnce = () => {
    if (!view) {
      const documented = rows.filter((row) => DOCUMENTED.includes(String(row.status))) as unknown as Call[];
      const built = buildView(sourceFromCalls(documented), "completed");
      view = { ...built, summary: { ...built.summary, total: rows.length } };
    }
    return view;
  };
  return {
    ...identity,
    view: buildOnce,
    listCalls: (query) => listBody(rows, query),
    findCall: (jobId) => rows.find((row) => row.jobId === jobId) as unknown as Call | undefined,
    extraFields: { region: "us-east-1", costCents: 84, labels: ["pilot"] },
  };
}
