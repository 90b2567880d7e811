/**
 * A metadata cell, or "" when this row has no such column (never an inherited property: keys are
 * CSV headers, and "constructor" or "__proto__" must not reach Object.prototype). No zod here:
 * the browser's table uses it too.
 */
export function metadataCell(metadata: Record<string, string>, key: string): string {
  return Object.hasOwn(metadata, key) ? metadata[key]! : "";
}
