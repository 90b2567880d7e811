import type { CallRow } from "./call-rows";

/**
 * The calls table's columns as the page names them: what the Columns menu lists and what the table
 * (TanStack, loaded with the live rows) renders. Job id, status and the checkbox cannot be hidden.
 */
export const selectColumnId = "select";
export const metadataColumnId = (key: string) => `meta:${key}`;

/** The call's own fields that can be hidden, in the table's order. */
export const callFieldColumns = [
  { id: "phone_number", label: "Phone" },
  { id: "startTime", label: "Started" },
  { id: "endTime", label: "Ended" },
  { id: "duration", label: "Duration" },
  { id: "error", label: "Error" },
] as const;

export type CallFieldColumnId = (typeof callFieldColumns)[number]["id"];

/** Union of metadata keys over the rows, in first-seen order: whatever columns the CSV had. */
export function metadataKeysOf(calls: readonly CallRow[]): string[] {
  const keys = new Set<string>();
  for (const call of calls) for (const key of Object.keys(call.metadata)) keys.add(key);
  return [...keys];
}

/** Every column the Columns menu offers: the call's fields, then one per CSV column. */
export const hideableColumns = (metadataKeys: readonly string[]): { id: string; label: string }[] => [
  ...callFieldColumns,
  ...metadataKeys.map((key) => ({ id: metadataColumnId(key), label: key })),
];
