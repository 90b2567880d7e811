import { createAccountDirectory, type AccountDirectory, type SimAccount } from "./accounts.js";
import { createCatalog, type Catalog } from "./batches.js";
import { createFaultStore, type FaultStore } from "./faults.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { createRequestLog, type RequestLog } from "./request-log.js";
import { mulberry32 } from "./prng.js";
import { createRecordStore, type RecordStore } from "./records/store.js";

export interface RuntimeConfig {
  latencyMs: number;
  rateLimitPerMinute: number;
  /** Share of call-history list requests answered 500, as another integrator reports (0 to 1). */
  callHistoryErrorRate: number;
}

/** Generated recordings, the last few kept (a 4-minute call is ~2 MB). */
export interface RecordingCache {
  get(id: string, make: () => Buffer): Buffer;
}

export interface SimState {
  config: RuntimeConfig;
  readonly liveDurationMs: number;
  readonly accounts: AccountDirectory;
  readonly catalog: Catalog;
  readonly faults: FaultStore;
  readonly limiter: RateLimiter;
  readonly log: RequestLog;
  readonly records: RecordStore;
  readonly recordings: RecordingCache;
  rollCallHistoryError(): boolean;
  now(): number;
  liveElapsedMs(): number;
  /** Moves the live batch's clock to `elapsedMs`; `paused` holds it there until the next call or reset. */
  setLiveElapsed(elapsedMs: number, paused?: boolean): void;
  readonly livePaused: boolean;
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
  let pausedAt: number | undefined;
  const liveStart = () => (pausedAt === undefined ? liveStartedAt : now() - pausedAt);
  const timers = new Set<NodeJS.Timeout>();
  let errorRoll = mulberry32(options.seed);
  const recordings = new Map<string, Buffer>();

  const catalog = createCatalog({ liveDurationMs: options.liveDurationMs, liveStartedAt: liveStart });
  const state: SimState = {
    config: { ...options.config },
    liveDurationMs: options.liveDurationMs,
    accounts: createAccountDirectory(options.accounts),
    catalog,
    records: createRecordStore(() => catalog.all(), now),
    recordings: {
      get(id, make) {
        let wav = recordings.get(id);
        if (!wav) {
          if (recordings.size >= 16) recordings.delete(recordings.keys().next().value ?? "");
          recordings.set(id, (wav = make()));
        }
        return wav;
      },
    },
    rollCallHistoryError: () =>
      state.config.callHistoryErrorRate > 0 && errorRoll() < state.config.callHistoryErrorRate,
    faults: createFaultStore(options.seed),
    limiter: createRateLimiter(),
    log: createRequestLog(),
    now,
    liveElapsedMs: () => now() - liveStart(),
    setLiveElapsed(elapsedMs, paused = false) {
      liveStartedAt = now() - elapsedMs;
      pausedAt = paused ? elapsedMs : undefined;
    },
    get livePaused() {
      return pausedAt !== undefined;
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
      errorRoll = mulberry32(options.seed);
      liveStartedAt = now();
      pausedAt = undefined;
    },
    // Pending delays belong to requests whose sockets are being closed; they must not keep the process alive.
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
  return state;
}
