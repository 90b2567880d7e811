/** Any JSON value, as a metadata value may be: Trillet documents "customer data from CSV row" but not its types. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The one rule for showing a metadata value as text (the browser's table and dialog, and the CSV):
 * text as it is, numbers and booleans as written, null as an empty cell, objects and arrays as
 * compact JSON. No zod here: the browser's table uses it too.
 */
export function metadataText(value: JsonValue | undefined): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * A metadata cell, or "" when this row has no such column (never an inherited property: keys are
 * CSV headers, and "constructor" or "__proto__" must not reach Object.prototype).
 */
export function metadataCell(metadata: Readonly<Record<string, JsonValue>>, key: string): string {
  return Object.hasOwn(metadata, key) ? metadataText(metadata[key]) : "";
}

/** Every metadata value as text, keys kept as own properties ("__proto__" included): what the browser receives. */
export function metadataTexts(metadata: Readonly<Record<string, JsonValue>>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const key of Object.keys(metadata)) {
    Object.defineProperty(texts, key, {
      value: metadataText(metadata[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return texts;
}
