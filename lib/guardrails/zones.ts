import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { phoneZonePrefixes } from "./phone-zones.data";

/**
 * Where a recipient is, for calling hours: the IANA zones its number can be in (several when a prefix spans zones;
 * the window is then the most restrictive of them), or why it has none. Nothing is guessed: a number whose prefix
 * the table does not hold has no zone, and the caller must ask.
 */
export type RecipientZone =
  { kind: "zoned"; zones: readonly string[]; key: string } | { kind: "none"; reason: NoZoneReason };

/** not_a_number: libphonenumber-js cannot read it; unknown_prefix: the table has no entry for it. */
export type NoZoneReason = "not_a_number" | "unknown_prefix";

type Table = { byPrefix: Map<string, { zones: readonly string[]; key: string }>; longest: number };

let table: Table | undefined;

function loadTable(): Table {
  if (table) return table;
  const byPrefix = new Map<string, { zones: readonly string[]; key: string }>();
  let longest = 0;
  for (const line of phoneZonePrefixes.split("\n")) {
    const bar = line.indexOf("|");
    const prefix = line.slice(0, bar);
    const zones = line
      .slice(bar + 1)
      .split("&")
      .sort();
    byPrefix.set(prefix, { zones, key: zones.join("&") });
    longest = Math.max(longest, prefix.length);
  }
  return (table = { byPrefix, longest });
}

/** The longest prefix of `digits` (calling code + national number) that the table holds. */
function lookup(digits: string): { zones: readonly string[]; key: string; prefix: string } | undefined {
  const { byPrefix, longest } = loadTable();
  for (let length = Math.min(longest, digits.length); length > 0; length -= 1) {
    const prefix = digits.slice(0, length);
    const found = byPrefix.get(prefix);
    if (found) return { ...found, prefix };
  }
  return undefined;
}

const e164 = /^\+[1-9]\d{6,14}$/;

/**
 * The zones of one number: the table's longest prefix of its digits. E.164 (what the intake sends, normalised by
 * libphonenumber-js) is read as it is, at ~1 µs a number; anything else is read by libphonenumber-js in
 * `defaultCountry` first. Within North America the area code (or a longer prefix) decides; an area code the
 * table lacks matches only "+1", which spans Guam to Newfoundland, and is no zone at all. Elsewhere a
 * country-wide entry's zones all count (the most restrictive window), and zones too far apart to share one are
 * caught by the window math.
 */
export function recipientZone(number: string, defaultCountry = "US"): RecipientZone {
  let digits: string;
  if (e164.test(number)) digits = number.slice(1);
  else {
    const phone = parsePhoneNumberFromString(number, defaultCountry as never);
    if (!phone) return { kind: "none", reason: "not_a_number" };
    digits = `${phone.countryCallingCode}${phone.nationalNumber}`;
  }
  const found = lookup(digits);
  if (!found || found.prefix === "1") return { kind: "none", reason: "unknown_prefix" };
  return { kind: "zoned", zones: found.zones, key: found.key };
}

/** The country of a number (ISO 3166-1 alpha-2) as libphonenumber-js reads it, for showing; undefined if none. */
export function recipientCountry(number: string, defaultCountry = "US"): string | undefined {
  return parsePhoneNumberFromString(number, defaultCountry as never)?.country;
}

/** The table's zones for a prefix, exactly as stored (tests and the README's examples). */
export function zonesOfPrefix(prefix: string): readonly string[] | undefined {
  return loadTable().byPrefix.get(prefix)?.zones;
}
