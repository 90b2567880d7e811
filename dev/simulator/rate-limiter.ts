const WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  check(key: string, nowMs: number, limitPerMinute: number): RateDecision;
  reset(): void;
}

// Sliding 60 s window per key; rejected requests are not counted, so a client that backs off recovers.
export function createRateLimiter(): RateLimiter {
  const windows = new Map<string, { times: number[]; head: number }>();
  return {
    check(key, nowMs, limitPerMinute) {
      if (limitPerMinute <= 0) return { allowed: true };
      let window = windows.get(key);
      if (!window) {
        window = { times: [], head: 0 };
        windows.set(key, window);
      }
      const { times } = window;
      while (window.head < times.length && (times[window.head] ?? 0) <= nowMs - WINDOW_MS) window.head += 1;
      if (window.head > 1024 && window.head * 2 > times.length) {
        times.splice(0, window.head);
        window.head = 0;
      }
      const inWindow = times.length - window.head;
      if (inWindow >= limitPerMinute) {
        const freedAt = (times[times.length - limitPerMinute] ?? nowMs) + WINDOW_MS;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - nowMs) / 1000)) };
      }
      times.push(nowMs);
      return { allowed: true };
    },
    reset() {
      windows.clear();
    },
  };
}
