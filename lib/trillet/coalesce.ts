import "server-only";

type Entry = { promise: Promise<unknown>; settledAt?: number };

export type CoalescerOptions = {
  now?: () => number;
  /**
   * A failure that belongs to the caller whose load it was (a refusal of its own fair share): a caller who joined
   * that load runs its own instead of receiving it.
   */
  isOwnFailure?: (error: unknown) => boolean;
};

/**
 * Identical reads in flight share one upstream call, and a success is reused for `ttlMs`.
 * Failures are never cached: the next caller tries again.
 */
export class Coalescer {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly isOwnFailure: (error: unknown) => boolean;

  constructor(options: CoalescerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.isOwnFailure = options.isOwnFailure ?? (() => false);
  }

  run<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing) {
      const fresh = existing.settledAt === undefined || this.now() - existing.settledAt < ttlMs;
      if (fresh) {
        return (existing.promise as Promise<T>).catch((error: unknown) => {
          if (this.isOwnFailure(error)) return this.run(key, ttlMs, load);
          throw error;
        });
      }
      this.entries.delete(key);
    }
    const entry: Entry = { promise: Promise.resolve() };
    entry.promise = load().then(
      (value) => {
        entry.settledAt = this.now();
        if (ttlMs <= 0) this.entries.delete(key);
        else setTimeout(() => this.entries.get(key) === entry && this.entries.delete(key), ttlMs).unref?.();
        return value;
      },
      (error: unknown) => {
        this.entries.delete(key);
        throw error;
      },
    );
    this.entries.set(key, entry);
    return entry.promise as Promise<T>;
  }

  get size(): number {
    return this.entries.size;
  }
}
