import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import type { BatchCallRows, CallRow, FailureReasonRows } from "@/lib/shared/call-rows";
import { metadataTexts } from "@/lib/shared/metadata-cell";
import type { FailureReasons } from "@/lib/batch/failure-reasons";
import type { BatchCalls, Call } from "@/lib/trillet/schemas";

// Polls ask for the same rows every few seconds, and parsing a number costs ~17 µs; remember the answers.
const maxRemembered = 10_000;
const formatted = new Map<string, string>();

/**
 * National format for US numbers, international for others (so a UK number keeps its +44);
 * the text as it came when it is not a phone number (it is a CSV cell).
 */
export function formatPhone(raw: string): string {
  const known = formatted.get(raw);
  if (known !== undefined) return known;
  const phone = parsePhoneNumberFromString(raw.trim(), "US");
  const display = !phone?.isValid()
    ? raw
    : phone.country === "US"
      ? phone.formatNational()
      : phone.formatInternational();
  if (formatted.size >= maxRemembered) formatted.clear();
  formatted.set(raw, display);
  return display;
}

function withPhoneDisplay<T extends { phone_number: string }>(call: T): T & { phoneDisplay: string } {
  return { ...call, phoneDisplay: formatPhone(call.phone_number) };
}

/** One call as the browser gets it: the phone number as shown, and metadata values as text. */
function toCallRow(call: Call): CallRow {
  return { ...call, metadata: metadataTexts(call.metadata), phoneDisplay: formatPhone(call.phone_number) };
}

/** A page of calls as the batch page shows it (server render and calls API alike). */
export function toCallRows(page: BatchCalls): BatchCallRows {
  return { ...page, calls: page.calls.map(toCallRow) };
}

export function toFailureReasonRows(data: FailureReasons): FailureReasonRows {
  return { ...data, reasons: data.reasons.map((entry) => ({ ...entry, calls: entry.calls.map(withPhoneDisplay) })) };
}
