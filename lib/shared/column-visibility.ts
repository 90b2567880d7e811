import { columnsStorageKey } from "./local-choices";

/**
 * The calls table's hidden columns as this browser remembers them (per batch, in localStorage).
 * TanStack Table owns the state while the page is open; this only reads and writes the stored copy.
 * Only an explicit `false` hides a column, as in TanStack's column-visibility state.
 */
export type StoredVisibility = Record<string, boolean>;

// Checked by hand rather than with zod: this runs in the browser, where zod would weigh ~28 kB.
export function parseVisibility(value: unknown): StoredVisibility | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const visibility: StoredVisibility = {};
  for (const [column, shown] of Object.entries(value)) {
    if (typeof shown !== "boolean") return undefined;
    // Column ids are CSV headers: "__proto__" must stay an own key, not a prototype change.
    Object.defineProperty(visibility, column, { value: shown, enumerable: true, writable: true, configurable: true });
  }
  return visibility;
}

type Store = Pick<Storage, "getItem" | "setItem">;

/** The stored text for a batch (null: none, or storage blocked): cheap to compare on every render. */
export function readRawVisibility(storage: Pick<Storage, "getItem"> | undefined, slug: string, batchId: string) {
  try {
    return storage?.getItem(columnsStorageKey(slug, batchId)) ?? null;
  } catch {
    return null;
  }
}

const noneHidden: StoredVisibility = {};

/** The choice a stored text holds; every column shown (one shared empty object) when there is none or it is unreadable. */
export function visibilityFromRaw(raw: string | null): StoredVisibility {
  if (raw === null) return noneHidden;
  try {
    return parseVisibility(JSON.parse(raw)) ?? noneHidden;
  } catch {
    return noneHidden;
  }
}

/** The stored choice for a batch; every column shown when there is none, it is unreadable or storage is blocked. */
export function readVisibility(storage: Store | undefined, slug: string, batchId: string): StoredVisibility {
  return visibilityFromRaw(readRawVisibility(storage, slug, batchId));
}

/** Remembers the choice; false when storage refused it (the choice then lasts until the page is left). */
export function writeVisibility(storage: Store | undefined, slug: string, batchId: string, value: StoredVisibility) {
  try {
    storage?.setItem(columnsStorageKey(slug, batchId), JSON.stringify(value));
    return storage !== undefined;
  } catch {
    return false;
  }
}
