import "server-only";
import { interactiveReserve } from "./background-share";
import { TrilletError } from "./errors";

export type Priority = "interactive" | "background";

export type BudgetLimits = {
  perMinute: number;
  burst: number;
  /** The most one person, or one workspace on a shared key, may spend on interactive reads in a window. */
  perSpender: number;
};

/**
 * Who an interactive read is for: neither may take more than the fair share of the window, so one
 * person paging through a big batch cannot leave a colleague's fresh page without budget.
 */
export type Spender = { user: string; workspace: string };

const spenderWindows = (spender: Spender) => [`user:${spender.user}`, `workspace:${spender.workspace}`];

/**
 * Trillet counts 60 s as requests arrive; requests leave here a little earlier, and not always by the
 * same amount. A window one second wider keeps the count exact on the vendor's side of the wire.
 */
export const windowMs = 61_000;

/** Longest pause any Retry-After can impose: a wrong header must not stop the product for an hour. */
export const maxPauseSeconds = 120;

/** What each priority needs free before it may go: background work leaves a quarter of the window and half the burst. */
export function needs(limits: BudgetLimits, priority: Priority): { slots: number; tokens: number } {
  if (priority === "interactive") return { slots: 1, tokens: 1 };
  const reserve = interactiveReserve(limits.perMinute);
  return {
    slots: Math.min(limits.perMinute, reserve + 1),
    tokens: Math.min(limits.burst, 1 + Math.floor(limits.burst / 2)),
  };
}

/**
 * What one look at the budget answered: 0 ms means a request was taken. `ownShare` says the wait comes from the
 * spender's fair share rather than the key's budget, so it binds this spender only.
 */
export type Wait = { ms: number; ownShare: boolean };

const granted: Wait = { ms: 0, ownShare: false };

/** The shared interface of the in-memory and the Redis budget. */
export interface UpstreamBudget {
  readonly limits: BudgetLimits;
  /** Takes one request from the budget, waiting until `deadline`; past it, fails as rate limited. */
  take(priority: Priority, deadline: number, signal?: AbortSignal, spender?: Spender): Promise<void>;
  /** Upstream said 429 or 503 with Retry-After: nobody sends until it has passed (clamped). */
  pause(seconds: number): Promise<void>;
  /** Requests left in the current window, as a share of the whole budget (0..1); 0 while paused. */
  headroom(): Promise<number>;
}

/**
 * A sliding window (never more than `perMinute` in any `windowMs`) and a token bucket (at most
 * `burst` at once, then `perMinute / 60` a second), both in this process. Holds one instance's
 * spending: the whole budget without Redis, a quarter of it while Redis is unreachable.
 */
export class MemoryBudget implements UpstreamBudget {
  private readonly sent: number[] = [];
  private readonly spent = new Map<string, number[]>();
  private tokens: number;
  private tokensAt: number;
  private pausedUntil = 0;

  constructor(
    readonly limits: BudgetLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limits.burst;
    this.tokensAt = now();
  }

  private prune(at: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= at - windowMs) this.sent.shift();
  }

  private refill(at: number): void {
    const { perMinute, burst } = this.limits;
    this.tokens = Math.min(burst, this.tokens + (Math.max(0, at - this.tokensAt) * perMinute) / 60_000);
    this.tokensAt = at;
  }

  /** The spender windows this request counts against, pruned, with the wait their fair share imposes. */
  private spenderWait(spender: Spender | undefined, at: number): { windows: string[]; wait: number } {
    if (!spender) return { windows: [], wait: 0 };
    let wait = 0;
    const windows = spenderWindows(spender);
    for (const name of windows) {
      const times = (this.spent.get(name) ?? []).filter((time) => time > at - windowMs);
      if (times.length === 0) this.spent.delete(name);
      else this.spent.set(name, times);
      if (times.length >= this.limits.perSpender) {
        wait = Math.max(wait, times[times.length - this.limits.perSpender]! + windowMs - at);
      }
    }
    return { windows, wait };
  }

  /** Takes a request now if this priority may go (a wait of 0), else says how long to wait and why. */
  tryTake(priority: Priority, spender?: Spender): Wait {
    const at = this.now();
    this.prune(at);
    if (at < this.pausedUntil) return { ms: this.pausedUntil - at, ownShare: false };
    this.refill(at);
    const { perMinute } = this.limits;
    const need = needs(this.limits, priority);
    let wait = 0;
    if (perMinute - this.sent.length < need.slots) {
      // The request whose expiry leaves exactly `need.slots` free.
      wait = this.sent[this.sent.length - (perMinute - need.slots) - 1]! + windowMs - at;
    }
    if (this.tokens < need.tokens) wait = Math.max(wait, Math.ceil(((need.tokens - this.tokens) * 60_000) / perMinute));
    const share = this.spenderWait(priority === "interactive" ? spender : undefined, at);
    if (wait > 0 || share.wait > 0) return { ms: Math.max(wait, share.wait), ownShare: share.wait > wait };
    this.sent.push(at);
    this.tokens -= 1;
    for (const name of share.windows) {
      const times = this.spent.get(name);
      if (times) times.push(at);
      else this.spent.set(name, [at]);
    }
    return granted;
  }

  take(priority: Priority, deadline: number, signal?: AbortSignal, spender?: Spender): Promise<void> {
    return takeWhenFree(() => this.tryTake(priority, spender), deadline, signal, this.now);
  }

  async pause(seconds: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + clampPause(seconds) * 1000);
  }

  async headroom(): Promise<number> {
    return this.headroomNow();
  }

  headroomNow(): number {
    const at = this.now();
    this.prune(at);
    if (at < this.pausedUntil) return 0;
    return (this.limits.perMinute - this.sent.length) / this.limits.perMinute;
  }
}

export function clampPause(seconds: number): number {
  return Math.min(maxPauseSeconds, Math.max(0, seconds));
}

/** Asks `tryTake` until it grants (a wait of 0) or the wait would pass `deadline`. */
export async function takeWhenFree(
  tryTake: () => Wait | Promise<Wait>,
  deadline: number,
  signal: AbortSignal | undefined,
  now: () => number = Date.now,
): Promise<void> {
  for (;;) {
    const wait = await tryTake();
    if (wait.ms <= 0) return;
    if (now() + wait.ms > deadline) {
      throw new TrilletError("rate_limited", {
        retryAfterSeconds: Math.ceil(wait.ms / 1000),
        ...(wait.ownShare ? { ownShare: true } : {}),
      });
    }
    await sleep(Math.min(wait.ms, 1_000), signal);
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
