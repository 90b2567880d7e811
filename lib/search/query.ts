import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { z } from "zod";
import { callsQuerySchema } from "@/lib/batch/query";
import { maxSearchLength } from "@/lib/shared/batch-view";
import { digitsOf, normaliseText } from "./normalise";

/** A search text as the API takes it: trimmed, 1–100 characters, no control characters. */
export const searchTextSchema = z
  .string()
  .trim()
  .min(1, "q must not be empty")
  .max(maxSearchLength, `q must be at most ${maxSearchLength} characters`)
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "q must not contain control characters");

/**
 * GET …/search: the search text and/or `followUp=open` (only calls with an open follow-up), and the
 * table's own view (status tab, page, page size).
 */
export const searchRequestSchema = callsQuerySchema
  .extend({
    q: searchTextSchema.optional(),
    followUp: z.enum(["open"], { error: "followUp must be open" }).optional(),
  })
  .refine((request) => request.q !== undefined || request.followUp !== undefined, {
    message: "q must not be empty",
    path: ["q"],
  });

export type SearchRequest = z.infer<typeof searchRequestSchema>;

/** A search as the index reads it: digit strings for a number or part of one, else words that must all appear. */
export type ParsedSearch = { kind: "phone"; digits: string[] } | { kind: "text"; words: string[] };

/** Numbers typed without a country code are read as this region's, as the table shows them (formatPhone). */
const defaultRegion = "US";
const phoneLike = /^[\d\s().+\-/]+$/;
const minDigits = 4;

/**
 * The digit strings a number query may appear as inside a stored number: as typed, without its
 * country code (a "+1 415…" query against a number stored as "(415) …"), and without a trunk "0"
 * ("020 7946 0958" against "+44 20 7946 0958"). A stored number with a country code holds the
 * national digits as a substring, so the other direction needs nothing.
 */
function digitVariants(query: string): string[] {
  const digits = digitsOf(query);
  const variants = new Set([digits]);
  const parsed = parsePhoneNumberFromString(query, defaultRegion);
  if (parsed && digits.length > 10) variants.add(String(parsed.nationalNumber));
  const withoutTrunk = digits.replace(/^0+/, "");
  if (withoutTrunk.length >= minDigits) variants.add(withoutTrunk);
  return [...variants].filter((variant) => variant.length >= minDigits);
}

export function parseSearch(query: string): ParsedSearch {
  if (phoneLike.test(query) && digitsOf(query).length >= minDigits)
    return { kind: "phone", digits: digitVariants(query) };
  return { kind: "text", words: normaliseText(query).split(" ").filter(Boolean) };
}
