import { parsePhoneNumberFromString } from "libphonenumber-js/min";

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
 * National format for US numbers, international for others (so a UK number keeps its +44);
 * the text as it came when it is not a phone number (it is a CSV cell).
 */
export function formatPhone(raw: string): string {
  const phone = parsePhoneNumberFromString(raw.trim(), "US");
  if (!phone?.isValid()) return raw;
  return phone.country === "US" ? phone.formatNational() : phone.formatInternational();
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.floor((part / whole) * 100) : 0;
}
