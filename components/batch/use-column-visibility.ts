"use client";

import { useCallback, useSyncExternalStore } from "react";
import { z } from "zod";

type Visibility = Record<string, boolean>;

const visibilitySchema = z.record(z.string(), z.boolean());
const listeners = new Set<() => void>();
const parsedCache = new Map<string, { raw: string | null; value: Visibility }>();
const empty: Visibility = {};

function read(key: string): Visibility {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(key);
  } catch {
    return empty;
  }
  const cached = parsedCache.get(key);
  if (cached?.raw === raw) return cached.value;
  let value = empty;
  try {
    const parsed = visibilitySchema.safeParse(raw ? JSON.parse(raw) : {});
    if (parsed.success) value = parsed.data;
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
  const key = `batch-console:columns:v1:${slug}:${batchId}`;
  const visibility = useSyncExternalStore(subscribe, () => read(key), () => empty);
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
