"use client";

import { useSyncExternalStore } from "react";

const noSubscribe = () => () => {};

/**
 * True on the server and while React hydrates the server's HTML; false in every later render, and
 * from the start in a component the browser renders itself (one a client-side navigation brought).
 */
export const useHydrating = (): boolean =>
  useSyncExternalStore(
    noSubscribe,
    () => false,
    () => true,
  );
