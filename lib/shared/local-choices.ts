/**
 * What this browser remembers in localStorage: the columns one hid (per batch). Signing out forgets
 * them, so the next person at this browser does not see them, and so does any list of recently opened
 * batches an earlier version kept here (that list now lives on the server, per person).
 */
const recentPrefix = "batch-console:recent:";
const columnsPrefix = "batch-console:columns:";

export const columnsStorageKey = (slug: string, batchId: string) => `${columnsPrefix}v1:${slug}:${batchId}`;

/** Removes every column choice and old recent-batches list from `storage`; returns how many entries went. */
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
