import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { z } from "zod";

/** Numbers typed without a country code are read as this region's, as the table shows them (formatPhone). */
const defaultRegion = "US";
const phoneLike = /^[\d\s().+\-/]+$/;

export const searchQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, "q must not be empty")
    .max(100, "q must be at most 100 characters")
    // Control characters have no place in a search and would reach Trillet's query as they are.
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "q must not contain control characters"),
});

export type SearchTerm = { kind: "phone" | "text"; upstream: string };

/**
 * What Trillet's free-text `search` is sent: a phone number in any common format ((415) 555-0134,
 * 415-555-0134, +1 415 555 0134) as E.164, since Trillet stores numbers that way; other text as typed.
 */
export function searchTerm(query: string): SearchTerm {
  const digits = query.replace(/\D/g, "");
  if (phoneLike.test(query) && digits.length >= 7 && digits.length <= 15) {
    const phone = parsePhoneNumberFromString(query, defaultRegion);
    if (phone?.isPossible()) return { kind: "phone", upstream: phone.number };
  }
  return { kind: "text", upstream: query };
}
