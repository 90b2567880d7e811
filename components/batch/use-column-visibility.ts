"use client";

import { useCallback, useSyncExternalStore } from "react";
import { columnsStorageKey } from "@/lib/shared/local-choices";

type Visibility = Record<string, boolean>;

const listeners = new Set<() => void>();
const parsedCache = new Map<string, { raw: string | null; value: Visibility }>();
const empty: Visibility = {};

// Checked by hand rather than with zod: this runs in the browser, where zod would weigh ~28 kB.
function parseVisibility(value: unknown): Visibility | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const visibility: Visibility = {};
  for (const [column, shown] of Object.entries(value)) {
    if (typeof shown !== "boolean") return undefined;
    // Column ids are CSV headers: "__proto__" must stay an own key, not a prototype change.
    Object.defineProperty(visibility, column, { value: shown, enumerable: true, writable: true, configurable: true });
  }
  return visibility;
}

function read(key: string): Visibility {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(key);
  } catch {
    return empty;
  }
  // Nothing stored: the very object the server rendered with, so hydration does not re-render the table.
  if (raw === null) return empty;
  const cached = parsedCache.get(key);
  if (cached?.raw === raw) return cached.value;
  let value = empty;
  try {
    value = parseVisibility(JSON.parse(raw)) ?? empty;
  } catch {
    // unreadable: fall back to every column shown
  }
  parsedCache.set(key, { raw, value });
  return value;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** Which columns are hidden, remembered per batch in this browser. */
export function useColumnVisibility(slug: string, batchId: string) {
  const key = columnsStorageKey(slug, batchId);
  const visibility = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => empty,
  );
  const setVisibility = useCallback(
    (updater: Visibility | ((old: Visibility) => Visibility)) => {
      const next = typeof updater === "function" ? updater(read(key)) : updater;
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        return;
      }
      listeners.forEach((listener) => listener());
    },
    [key],
  );
  return [visibility, setVisibility] as const;
}
