import { z } from "zod";

const recentSchema = z.array(
  z.object({ slug: z.string(), batchId: z.string(), workspaceName: z.string(), openedAt: z.number() }),
);

export type RecentBatch = z.infer<typeof recentSchema>[number];

const maxRecent = 10;
const storageKey = (user: string) => `batch-console:recent:v1:${user}`;
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
    const parsed = recentSchema.safeParse(raw ? JSON.parse(raw) : []);
    if (parsed.success) value = parsed.data;
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
