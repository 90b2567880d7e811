import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import type { BatchCallRows, FailureReasonRows } from "@/lib/call-rows";
import type { FailureReasons } from "@/lib/failure-reasons";
import type { BatchCalls } from "@/lib/trillet/schemas";

/**
 * National format for US numbers, international for others (so a UK number keeps its +44);
 * the text as it came when it is not a phone number (it is a CSV cell).
 */
export function formatPhone(raw: string): string {
  const phone = parsePhoneNumberFromString(raw.trim(), "US");
  if (!phone?.isValid()) return raw;
  return phone.country === "US" ? phone.formatNational() : phone.formatInternational();
}

function withPhoneDisplay<T extends { phone_number: string }>(call: T): T & { phoneDisplay: string } {
  return { ...call, phoneDisplay: formatPhone(call.phone_number) };
}

/** A page of calls as the batch page shows it (server render and calls API alike). */
export function toCallRows(page: BatchCalls): BatchCallRows {
  return { ...page, calls: page.calls.map(withPhoneDisplay) };
}

export function toFailureReasonRows(data: FailureReasons): FailureReasonRows {
  return { ...data, reasons: data.reasons.map((entry) => ({ ...entry, calls: entry.calls.map(withPhoneDisplay) })) };
}
