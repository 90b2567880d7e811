"use client";

import { useSyncExternalStore, type ComponentType } from "react";

export type OnDemand<P> = {
  /** Starts loading the code (once); a failed load is retried on the next call. */
  load: () => void;
  /** The component once loaded; always undefined while hydrating, so the server's HTML matches. */
  useLoaded: () => ComponentType<P> | undefined;
};

/**
 * A component whose code is fetched on first need (a hover, a focus, an open) instead of with
 * the page: Radix dialogs and menus stay out of the first-load JavaScript.
 */
export function onDemand<P>(importComponent: () => Promise<ComponentType<P>>): OnDemand<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<void> | undefined;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return {
    load() {
      pending ??= importComponent().then(
        (component) => {
          loaded = component;
          listeners.forEach((notify) => notify());
        },
        () => {
          pending = undefined;
        },
      );
    },
    useLoaded: () =>
      useSyncExternalStore(
        subscribe,
        () => loaded,
        () => undefined,
      ),
  };
}
