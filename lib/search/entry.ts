import "server-only";
import { formatPhone } from "@/lib/batch/phone-display";
import type { CallRow } from "@/lib/shared/call-rows";
import { metadataTexts } from "@/lib/shared/metadata-cell";
import type { Call } from "@/lib/trillet";
import { digitsOf, normaliseText } from "./normalise";
import type { ParsedSearch } from "./query";
import { excerptOf, type SaidWords } from "./record-words";

/**
 * One call as the index keeps it: what the table shows of it (job id, status, number, CSV fields as
 * text, times, error), so a result is a row like the table's without asking Trillet again.
 */
export type IndexedCall = Omit<CallRow, "phoneDisplay">;

/** An indexed call with what matching reads, derived once when an instance loads it; `said`: its call record's words, once read. */
export type SearchableCall = { call: IndexedCall; digits: string[]; text: string; said?: SaidWords };

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

const hasAll = (text: string | undefined, words: readonly string[]) =>
  text !== undefined && words.every((word) => text.includes(word));

/** Where a text search found the call in its record's words (not in its row): an excerpt to show. */
export type SaidHit = { where: "transcript" | "summary"; excerpt: string };

/**
 * Whether the call matches: a number among its numbers, or every word in its row's text, or every
 * word in its transcript, or in its summary (a record's words are searched only by text).
 */
export function matches(entry: SearchableCall, search: ParsedSearch): boolean {
  if (search.kind === "phone")
    return search.digits.some((part) => entry.digits.some((digits) => digits.includes(part)));
  return (
    hasAll(entry.text, search.words) ||
    hasAll(entry.said?.transcript, search.words) ||
    hasAll(entry.said?.summary, search.words)
  );
}

/** The excerpt for a call the search found in what was said (transcript first, then summary); none for a number. */
export function saidHit(entry: SearchableCall, search: ParsedSearch): SaidHit | undefined {
  if (search.kind !== "text" || search.words.length === 0 || !entry.said) return undefined;
  const { transcript, summary } = entry.said;
  if (transcript && hasAll(transcript, search.words))
    return { where: "transcript", excerpt: excerptOf(transcript, search.words) };
  if (summary && hasAll(summary, search.words)) return { where: "summary", excerpt: excerptOf(summary, search.words) };
  return undefined;
}

export const toResultRow = (call: IndexedCall): CallRow => ({ ...call, phoneDisplay: formatPhone(call.phone_number) });
