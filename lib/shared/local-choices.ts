/**
 * What this browser remembers in localStorage: the batches one opened recently (per user) and the
 * columns one hid (per batch). Signing out forgets both, so the next person at this browser does
 * not see them.
 */
const recentPrefix = "batch-console:recent:";
const columnsPrefix = "batch-console:columns:";

export const recentStorageKey = (user: string) => `${recentPrefix}v1:${user}`;
export const columnsStorageKey = (slug: string, batchId: string) => `${columnsPrefix}v1:${slug}:${batchId}`;

/** Removes every recent-batches list and column choice from `storage`; returns how many entries went. */
export function forgetLocalChoices(storage: Pick<Storage, "length" | "key" | "removeItem">): number {
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key !== null && (key.startsWith(recentPrefix) || key.startsWith(columnsPrefix))) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
  return keys.length;
}

/** The same on this browser's localStorage; nothing when storage is unavailable (private modes, blocked). */
export function forgetThisBrowsersChoices(): void {
  try {
    forgetLocalChoices(window.localStorage);
  } catch {
    // storage blocked: there is nothing stored to forget
  }
}
