// When each view last got an answer. Kept apart from the data so an unchanged poll re-renders only
// the "updated … ago" line, not the table (see sameLiveCalls).
const receivedAtByKey = new Map<string, number>();
const receivedListeners = new Set<() => void>();

export function subscribeReceived(listener: () => void): () => void {
  receivedListeners.add(listener);
  return () => {
    receivedListeners.delete(listener);
  };
}

export function lastReceivedAt(key: string): number | undefined {
  return receivedAtByKey.get(key);
}

/** Records that the view behind `key` just got an answer, and tells the subscribers. */
export function markReceived(key: string, at: number): void {
  receivedAtByKey.set(key, at);
  receivedListeners.forEach((notify) => notify());
}
