import "server-only";

const combiningMarks = /\p{M}/gu;
const apostrophes = /[\u2018\u2019\u201a\u201b\u02bc\u2032\u0060\u00b4]/g;
const whitespace = /\s+/g;

/**
 * Text as search compares it: lower case, accents stripped ("Zoë" → "zoe", "Ågård" → "agard"),
 * typographic apostrophes as "'", whitespace collapsed to one space.
 */
export function normaliseText(text: string): string {
  return text
    .normalize("NFD")
    .replace(combiningMarks, "")
    .replace(apostrophes, "'")
    .toLowerCase()
    .replace(whitespace, " ")
    .trim();
}

/** The digits of a text: a phone number in any format reduces to the same string. */
export const digitsOf = (text: string): string => text.replace(/\D/g, "");
