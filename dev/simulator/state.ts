import { createAccountDirectory, type AccountDirectory, type SimAccount } from "./accounts.js";
import { createCatalog, type Catalog } from "./batches.js";
import { createFaultStore, type FaultStore } from "./faults.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { createRequestLog, type RequestLog } from "./request-log.js";

export interface RuntimeConfig {
  latencyMs: number;
  rateLimitPerMinute: number;
}

export interface SimState {
  config: RuntimeConfig;
  readonly liveDurationMs: number;
  readonly accounts: AccountDirectory;
  readonly catalog: Catalog;
  readonly faults: FaultStore;
  readonly limiter: RateLimiter;
  readonly log: RequestLog;
  now(): number;
  liveElapsedMs(): number;
  setLiveElapsed(elapsedMs: number): void;
  delay(ms: number): Promise<void>;
  reset(): void;
  dispose(): void;
}

export interface SimStateOptions {
  accounts: readonly SimAccount[];
  config: RuntimeConfig;
  liveDurationMs: number;
  now: () => number;
  seed: number;
}

export function createSimState(options: SimStateOptions): SimState {
  const { now } = options;
  let liveStartedAt = now();
  const timers = new Set<NodeJS.Timeout>();

  const state: SimState = {
    config: { ...options.config },
    liveDurationMs: options.liveDurationMs,
    accounts: createAccountDirectory(options.accounts),
    catalog: createCatalog({ liveDurationMs: options.liveDurationMs, liveStartedAt: () => liveStartedAt }),
    faults: createFaultStore(options.seed),
    limiter: createRateLimiter(),
    log: createRequestLog(),
    now,
    liveElapsedMs: () => now() - liveStartedAt,
    setLiveElapsed(elapsedMs) {
      liveStartedAt = now() - elapsedMs;
    },
    delay(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      });
    },
    reset() {
      state.config = { ...options.config };
      state.faults.reset();
      state.limiter.reset();
      state.log.reset();
      liveStartedAt = now();
    },
    // Pending delays belong to requests whose sockets are being closed; they must not keep the process alive.
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
  return state;
}
