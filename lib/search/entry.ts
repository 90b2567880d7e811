import "server-only";
import { formatPhone } from "@/lib/batch/phone-display";
import type { CallRow } from "@/lib/shared/call-rows";
import { metadataTexts } from "@/lib/shared/metadata-cell";
import type { Call } from "@/lib/trillet";
import { digitsOf, normaliseText } from "./normalise";
import type { ParsedSearch } from "./query";

/**
 * One call as the index keeps it: what the table shows of it (job id, status, number, CSV fields as
 * text, times, error), so a result is a row like the table's without asking Trillet again.
 */
export type IndexedCall = Omit<CallRow, "phoneDisplay">;

/** An indexed call with what matching reads, derived once when an instance loads it. */
export type SearchableCall = { call: IndexedCall; digits: string[]; text: string };

export function toIndexedCall(call: Call): IndexedCall {
  return { ...call, metadata: metadataTexts(call.metadata) };
}

const minFieldDigits = 4;

/** The number's digits first, then the digits of any CSV field that has a run of them (a second phone column, an account number). */
export function toSearchable(call: IndexedCall): SearchableCall {
  const values = Object.values(call.metadata);
  const fieldDigits = values.map(digitsOf).filter((digits) => digits.length >= minFieldDigits);
  // Fields are joined by a separator no query word can contain, so a word never spans two fields.
  const text = normaliseText(
    [...values, call.jobId, call.phone_number, formatPhone(call.phone_number), call.error ?? ""].join(" \u0000 "),
  );
  return { call, digits: [digitsOf(call.phone_number), ...fieldDigits], text };
}

export function matches(entry: SearchableCall, search: ParsedSearch): boolean {
  if (search.kind === "phone")
    return search.digits.some((part) => entry.digits.some((digits) => digits.includes(part)));
  return search.words.every((word) => entry.text.includes(word));
}

export const toResultRow = (call: IndexedCall): CallRow => ({ ...call, phoneDisplay: formatPhone(call.phone_number) });
