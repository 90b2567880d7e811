/** "1m 42s", "42s", "1h 02m 03s"; seconds from Trillet may be fractional. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "—";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m ${String(s).padStart(2, "0")}s`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/**
 * 12345 → "12,345". Not toLocaleString: a page's first Intl call loads the browser's ICU data,
 * which took 70–150 ms on a throttled phone profile (most of a long task during hydration).
 */
export function formatCount(value: number): string {
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1 recipient", "1,204 recipients": the count and the noun it agrees with. */
export function countOf(value: number, one: string, many = `${one}s`): string {
  return `${formatCount(value)} ${value === 1 ? one : many}`;
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.floor((part / whole) * 100) : 0;
}

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * "2025-01-15", "14:32:05" and "UTC+01:00" for an instant at a UTC offset (minutes east of UTC).
 * Digits only, so every offset gives text of the same width with tabular figures, and no ICU
 * version can make the server's text differ from the browser's.
 */
export function wallClock(ms: number, offsetMinutes: number): { date: string; time: string; zone: string } {
  const shifted = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? "\u2212" : "+";
  const offset = Math.abs(offsetMinutes);
  return {
    date: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`,
    zone: `UTC${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`,
  };
}

/** An outcome as Trillet names it, in words: "appointment_booked" → "appointment booked". */
export function outcomeLabel(outcome: string): string {
  return outcome.replace(/[_-]+/g, " ").trim() || outcome;
}

/** Seconds into a call as m:ss ("1:05"), for transcript turns. */
export function formatOffset(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/**
 * A charge in the workspace's currency (ISO 4217; Trillet does not name its unit): `shown` rounded to
 * the currency's usual digits ("$0.08", "€12.35"), "<$0.01" for a charge that rounds to nothing,
 * and `exact` as Trillet sent it ("0.0824 USD"), for a hover or a screen reader.
 */
export function formatMoney(amount: number, currency: string): { shown: string; exact: string } {
  const code = /^[A-Z]{3}$/.test(currency) ? currency : "USD";
  const exact = `${Math.round(amount * 1_000_000) / 1_000_000} ${code}`;
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
  } catch {
    return { shown: exact, exact };
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const smallest = 10 ** -digits;
  if (amount > 0 && amount < smallest / 2) return { shown: `<${format.format(smallest)}`, exact };
  return { shown: format.format(amount), exact };
}

/** Seconds as whole minutes for totals: "85 min", "1,234 min"; under a minute, "<1 min". */
export function formatMinutes(seconds: number): string {
  if (seconds > 0 && seconds < 30) return "<1 min";
  return `${formatCount(Math.round(seconds / 60))} min`;
}
