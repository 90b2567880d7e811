import { recentStorageKey } from "@/lib/shared/local-choices";

export type RecentBatch = { slug: string; batchId: string; workspaceName: string; openedAt: number };

// Checked by hand rather than with zod: this runs in the browser, where zod would weigh ~28 kB.
function isRecentBatch(value: unknown): value is RecentBatch {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.slug === "string" &&
    typeof entry.batchId === "string" &&
    typeof entry.workspaceName === "string" &&
    typeof entry.openedAt === "number" &&
    Number.isFinite(entry.openedAt)
  );
}

/** Only the fields the list shows, so extra keys in storage never reach the page. */
function parseRecent(value: unknown): RecentBatch[] | undefined {
  if (!Array.isArray(value) || !value.every(isRecentBatch)) return undefined;
  return value.map(({ slug, batchId, workspaceName, openedAt }) => ({ slug, batchId, workspaceName, openedAt }));
}

const maxRecent = 10;
const storageKey = recentStorageKey;
const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; value: RecentBatch[] }>();
const empty: RecentBatch[] = [];

/** Recently opened batches of one user in this browser, newest first. */
export function readRecent(user: string): RecentBatch[] {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(storageKey(user));
  } catch {
    return empty;
  }
  const cached = cache.get(user);
  if (cached && cached.raw === raw) return cached.value;
  let value = empty;
  try {
    value = parseRecent(raw ? JSON.parse(raw) : []) ?? empty;
  } catch {
    // a corrupt entry is forgotten rather than breaking the page
  }
  cache.set(user, { raw, value });
  return value;
}

export function rememberBatch(user: string, entry: Omit<RecentBatch, "openedAt">): void {
  const rest = readRecent(user).filter((item) => !(item.slug === entry.slug && item.batchId === entry.batchId));
  const next = [{ ...entry, openedAt: Date.now() }, ...rest].slice(0, maxRecent);
  try {
    window.localStorage.setItem(storageKey(user), JSON.stringify(next));
  } catch {
    return;
  }
  listeners.forEach((listener) => listener());
}

export function subscribeRecent(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

export const serverRecent = (): RecentBatch[] => empty;
