import "server-only";

type Entry = { promise: Promise<unknown>; settledAt?: number };

/**
 * Identical reads in flight share one upstream call, and a success is reused for `ttlMs`.
 * Failures are never cached: the next caller tries again.
 */
export class Coalescer {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  run<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing) {
      const fresh = existing.settledAt === undefined || this.now() - existing.settledAt < ttlMs;
      if (fresh) return existing.promise as Promise<T>;
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
