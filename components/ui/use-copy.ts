"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type CopyOutcome = { text: string; failed: boolean; id: number };

const shownMs = 5_000;

/**
 * Copies text to the clipboard and returns what to tell the person, for 5 s. Each outcome has a
 * new id, so rendering it with that key re-announces the same message in a live region.
 */
export function useCopy(): [CopyOutcome | undefined, (value: string, done: string, failed: string) => Promise<void>] {
  const [outcome, setOutcome] = useState<CopyOutcome>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = useCallback(async (value: string, done: string, failed: string) => {
    let copied = true;
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      copied = false;
    }
    setOutcome((previous) => ({ text: copied ? done : failed, failed: !copied, id: (previous?.id ?? 0) + 1 }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setOutcome(undefined), shownMs);
  }, []);
  return [outcome, copy];
}
