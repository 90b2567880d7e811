import { buildView, sourceFromCalls } from "./batch-view.js";
import { createAdditiveBatch } from "./seeds/additive.js";
import { bigSource } from "./seeds/big.js";
import { exampleCalls } from "./seeds/example.js";
import { globexCalls } from "./seeds/globex.js";
import { hostileCalls } from "./seeds/hostile.js";
import { createLiveBatch } from "./seeds/live.js";
import { sharedNumberCalls } from "./seeds/shared-number.js";
import type { Batch, BatchView } from "./types.js";

export const SEEDED_BATCHES = {
  example: { id: "batch_7891011121314", workspaceId: "ws_acme" },
  live: { id: "batch_live_acme", workspaceId: "ws_acme" },
  big: { id: "batch_big_100k", workspaceId: "ws_acme" },
  empty: { id: "batch_empty", workspaceId: "ws_acme" },
  hostile: { id: "batch_hostile", workspaceId: "ws_acme" },
  globex: { id: "batch_globex_q3", workspaceId: "ws_globex" },
  // Replies beyond the docs: new fields, an undocumented status, JSON metadata, unreadable calls.
  additive: { id: "batch_additive", workspaceId: "ws_acme" },
  // Fault tests aim their faults here so tests running in parallel on other batches are untouched.
  faultLab: { id: "batch_fault_lab", workspaceId: "ws_acme" },
  // 40 calls to one number, call records that name no job: search must read the calls themselves.
  sharedNumber: { id: "batch_shared_number", workspaceId: "ws_acme" },
  // The same id in another workspace, with other calls: an index must never answer across workspaces.
  sharedNumberGlobex: { id: "batch_shared_number", workspaceId: "ws_globex" },
  // The first 2,000 calls of the big batch, finished: the search benchmark's batch.
  twoThousand: { id: "batch_finished_2k", workspaceId: "ws_acme" },
} as const;

export interface CatalogOptions {
  liveDurationMs: number;
  liveStartedAt: () => number;
}

export interface Catalog {
  find(workspaceId: string, batchId: string): Batch | undefined;
  all(): Batch[];
  /** A batch started through POST /v1/api/batch-calls (kept until the simulator stops, resets included). */
  add(batch: Batch): void;
}

export function createCatalog(options: CatalogOptions): Catalog {
  const batches: Batch[] = [
    fixedBatch(SEEDED_BATCHES.example, () => buildView(sourceFromCalls(exampleCalls()))),
    createLiveBatch({ ...SEEDED_BATCHES.live, durationMs: options.liveDurationMs, startedAt: options.liveStartedAt }),
    fixedBatch(SEEDED_BATCHES.big, () => buildView(bigSource())),
    fixedBatch(SEEDED_BATCHES.empty, () => buildView(sourceFromCalls([]))),
    fixedBatch(SEEDED_BATCHES.hostile, () => buildView(sourceFromCalls(hostileCalls()))),
    fixedBatch(SEEDED_BATCHES.globex, () => buildView(sourceFromCalls(globexCalls()))),
    createAdditiveBatch(SEEDED_BATCHES.additive),
    fixedBatch(SEEDED_BATCHES.faultLab, () => buildView(sourceFromCalls(globexCalls()))),
    fixedBatch(SEEDED_BATCHES.sharedNumber, () => buildView(sourceFromCalls(sharedNumberCalls()))),
    fixedBatch(SEEDED_BATCHES.sharedNumberGlobex, () => buildView(sourceFromCalls(globexCalls()))),
    fixedBatch(SEEDED_BATCHES.twoThousand, () => buildView({ ...bigSource(), total: 2_000 })),
  ];
  const byKey = new Map(batches.map((batch) => [catalogKey(batch.workspaceId, batch.id), batch]));
  return {
    find: (workspaceId, batchId) => byKey.get(catalogKey(workspaceId, batchId)),
    all: () => batches,
    add(batch) {
      byKey.set(catalogKey(batch.workspaceId, batch.id), batch);
      batches.push(batch);
    },
  };
}

function catalogKey(workspaceId: string, batchId: string): string {
  return `${workspaceId}\u0000${batchId}`;
}

// Finished data never changes, so each view is built once per process and shared by every simulator instance.
const viewCache = new Map<string, BatchView>();

function fixedBatch(identity: { id: string; workspaceId: string }, build: () => BatchView): Batch {
  const key = catalogKey(identity.workspaceId, identity.id);
  return {
    ...identity,
    view: () => {
      let view = viewCache.get(key);
      if (!view) {
        view = build();
        viewCache.set(key, view);
      }
      return view;
    },
  };
}

export function warmCatalog(catalog: Catalog): void {
  for (const { id, workspaceId } of Object.values(SEEDED_BATCHES)) catalog.find(workspaceId, id)?.view(0);
}
