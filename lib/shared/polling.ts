/** How often a live batch page refreshes: normally, and when the Trillet budget runs short. */
export const basePollMs = 3_000;
export const slowPollMs = 10_000;

/** The longest a Retry-After may hold the page's polling back: a wrong header must not stop it for an hour. */
export const maxRetryAfterMs = 120_000;
/** After a 429 that does not say when to come back. */
export const rateLimitedPollMs = 10_000;
/** After any other failure. */
export const failedPollMs = 15_000;

/**
 * A Retry-After header in milliseconds, from delta-seconds ("30") or an HTTP date, clamped to
 * 0..120 s; undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  // An HTTP date starts with the day's name ("Sun, 06 Nov 1994 08:49:37 GMT"); Date.parse alone takes "-5" for a year.
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : /^[A-Za-z]/.test(value) ? Date.parse(value) - now : NaN;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(maxRetryAfterMs, Math.max(0, ms));
}

/**
 * How long the live page waits before its next poll. Normally the server's hint (X-Poll-After-Ms).
 * After a 429 or 503 that says when to come back, that long (never sooner than the hint, never
 * more than 120 s); after a 429 that does not, 10 s; after any other failure, 15 s.
 */
export type PollFailure = { status: number; retryAfterMs?: number };

export function nextPollMs(hintMs: number, failure?: PollFailure): number {
  if (!failure) return hintMs;
  const saysWhen = (failure.status === 429 || failure.status === 503) && failure.retryAfterMs !== undefined;
  if (saysWhen) return Math.min(maxRetryAfterMs, Math.max(hintMs, failure.retryAfterMs!));
  return failure.status === 429 ? rateLimitedPollMs : failedPollMs;
}
