import "server-only";
import { TrilletError } from "./errors";

export type Priority = "interactive" | "background";

const windowMs = 60_000;

/**
 * One sliding-window budget per API key: never more than `perMinute` upstream requests in any 60 s,
 * which is what Trillet enforces. Background work (exports, failure walks) leaves a reserve for
 * interactive reads, and waits instead of failing.
 */
export class UpstreamBudget {
  private readonly sent: number[] = [];
  private pausedUntil = 0;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  private get reserve(): number {
    return Math.max(1, Math.floor(this.perMinute / 4));
  }

  private prune(at: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= at - windowMs) this.sent.shift();
  }

  /** Requests left in the current window, as a share of the whole budget (0..1). */
  headroom(): number {
    const at = this.now();
    this.prune(at);
    if (at < this.pausedUntil) return 0;
    return (this.perMinute - this.sent.length) / this.perMinute;
  }

  /** Upstream said 429: nobody sends until its Retry-After has passed. */
  pause(seconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000);
  }

  /** Milliseconds to wait before a request of this priority may go, 0 when it may go now. */
  private waitFor(priority: Priority, at: number): number {
    this.prune(at);
    if (at < this.pausedUntil) return this.pausedUntil - at;
    const needed = Math.min(this.perMinute, priority === "interactive" ? 1 : this.reserve + 1);
    const free = this.perMinute - this.sent.length;
    if (free >= needed) return 0;
    // The request whose expiry leaves exactly `needed` free slots.
    const index = this.sent.length - (this.perMinute - needed) - 1;
    return this.sent[index]! + windowMs - at;
  }

  /** Takes one request from the budget, waiting until `deadline`; past it, fails as rate limited. */
  async take(priority: Priority, deadline: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const at = this.now();
      const wait = this.waitFor(priority, at);
      if (wait <= 0) {
        this.sent.push(at);
        return;
      }
      if (at + wait > deadline) {
        throw new TrilletError("rate_limited", { retryAfterSeconds: Math.ceil(wait / 1000) });
      }
      await sleep(Math.min(wait, 1_000), signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

const budgets = new Map<string, UpstreamBudget>();

/** Budgets live per API key, so workspaces sharing one key share one budget. */
export function budgetFor(apiKey: string, perMinute: number): UpstreamBudget {
  let budget = budgets.get(apiKey);
  if (!budget || budget.perMinute !== perMinute) {
    budget = new UpstreamBudget(perMinute);
    budgets.set(apiKey, budget);
  }
  return budget;
}
