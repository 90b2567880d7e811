import "server-only";
import { toSearchable, type SearchableCall } from "./entry";
import type { BatchIndexStore, IndexMeta } from "./index-store";
import type { SaidWords } from "./record-words";

type Loaded = {
  stamps: number[];
  pages: Map<number, SearchableCall[]>;
  /** The words of the calls' records, per page, and the stamps they were read at (records-walk.ts). */
  saidStamps: number[];
  said: Map<number, Record<string, SaidWords>>;
  rows: number;
  usedAt: number;
};

/** Indexes an instance keeps decoded, so a warm search costs one small read of the meta. */
const maxLoadedRows = 300_000;
/** Pages per Redis read: about 6 kB each sealed, well inside a command's 500 ms. */
const fieldsPerRead = 25;

// On globalThis: pages and route handlers are separate bundles, and one process keeps one copy.
const slot = globalThis as typeof globalThis & { __batchConsoleSearchLoaded?: Map<string, Loaded> };

function evictFor(loaded: Map<string, Loaded>, keep: string): void {
  let rows = [...loaded.values()].reduce((sum, entry) => sum + entry.rows, 0);
  for (const [id, entry] of [...loaded].sort((a, b) => a[1].usedAt - b[1].usedAt)) {
    if (rows <= maxLoadedRows) return;
    if (id === keep) continue;
    loaded.delete(id);
    rows -= entry.rows;
  }
}

/** The batch's indexed calls in list order, reloading only the pages whose stamp changed since this instance read them. */
export async function loadIndex(store: BatchIndexStore, meta: IndexMeta): Promise<SearchableCall[]> {
  const all = (slot.__batchConsoleSearchLoaded ??= new Map());
  const loaded: Loaded = all.get(store.id) ?? {
    stamps: [],
    pages: new Map(),
    saidStamps: [],
    said: new Map(),
    rows: 0,
    usedAt: 0,
  };
  const changed = new Set<number>();
  const stale = meta.stamps.flatMap((stamp, index) => (stamp > 0 && loaded.stamps[index] !== stamp ? [index + 1] : []));
  for (let from = 0; from < stale.length; from += fieldsPerRead) {
    const pages = stale.slice(from, from + fieldsPerRead);
    const read = await store.readPages(pages);
    for (const page of pages) {
      const calls = read.get(page);
      if (!calls) continue;
      loaded.pages.set(page, calls.map(toSearchable));
      loaded.stamps[page - 1] = meta.stamps[page - 1]!;
      changed.add(page);
    }
  }
  const saidStamps = meta.records?.stamps ?? [];
  const staleSaid = saidStamps.flatMap((stamp, index) =>
    stamp > 0 && loaded.saidStamps[index] !== stamp ? [index + 1] : [],
  );
  for (let from = 0; from < staleSaid.length; from += fieldsPerRead) {
    const pages = staleSaid.slice(from, from + fieldsPerRead);
    const read = await store.readSaid(pages);
    for (const page of pages) {
      const said = read.get(page);
      if (!said) continue;
      loaded.said.set(page, said);
      loaded.saidStamps[page - 1] = saidStamps[page - 1]!;
      changed.add(page);
    }
  }
  // A page's calls carry their records' words: set again when either side was reloaded.
  for (const page of changed) {
    const said = loaded.said.get(page);
    for (const entry of loaded.pages.get(page) ?? []) {
      const words = said && Object.hasOwn(said, entry.call.jobId) ? said[entry.call.jobId] : undefined;
      if (words) entry.said = words;
      else delete entry.said;
    }
  }
  for (const page of loaded.pages.keys()) if (page > meta.totalPages) loaded.pages.delete(page);
  loaded.rows = [...loaded.pages.values()].reduce((sum, calls) => sum + calls.length, 0);
  loaded.usedAt = Date.now();
  all.set(store.id, loaded);
  evictFor(all, store.id);
  return [...loaded.pages.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, calls]) => calls);
}
