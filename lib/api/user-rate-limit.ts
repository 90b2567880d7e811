import "server-only";

const windowMs = 60_000;
const hits = new Map<string, number[]>();
let lastSweep = 0;

function sweep(now: number) {
  if (now - lastSweep < windowMs) return;
  lastSweep = now;
  for (const [user, times] of hits) if (times.every((time) => time <= now - windowMs)) hits.delete(user);
}

/** Sliding one-minute window per signed-in user; returns the seconds to wait, or 0 when allowed. */
export function takeUserRequest(user: string, perMinute: number, now = Date.now()): number {
  sweep(now);
  const times = (hits.get(user) ?? []).filter((time) => time > now - windowMs);
  if (times.length >= perMinute) {
    hits.set(user, times);
    return Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000));
  }
  times.push(now);
  hits.set(user, times);
  return 0;
}
