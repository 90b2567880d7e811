"use client";

import { useSyncExternalStore } from "react";

let ready = false;
let scheduled = false;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!scheduled) {
    scheduled = true;
    const flip = () => {
      ready = true;
      listeners.forEach((notify) => notify());
    };
    if ("requestIdleCallback" in window) window.requestIdleCallback(flip, { timeout: 2_000 });
    else setTimeout(flip, 200);
  }
  return () => {
    listeners.delete(listener);
  };
}

/**
 * False while the page hydrates (as on the server), true from the first idle moment after it. For
 * cosmetic swaps (UTC → local time) that would otherwise re-render every instance inside hydration's
 * own long task: they happen in a short task of their own once the page is interactive.
 */
export function useAfterLoad(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => ready,
    () => false,
  );
}
