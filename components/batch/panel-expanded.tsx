"use client";

import { useEffect, useRef } from "react";

/**
 * The list a panel row expands: scrolled into view when it opens (it is often below the fold),
 * and announced in a polite live region, since the button that opened it does not move.
 */
export function useExpandedList(open: string | undefined) {
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open === undefined) return;
    const reduce = matchMedia("(prefers-reduced-motion: reduce)").matches;
    list.current?.scrollIntoView({ block: "nearest", behavior: reduce ? "auto" : "smooth" });
  }, [open]);
  return list;
}

/** The live region that says what opened; empty until a row is opened. */
export function ExpandedAnnouncement({ text }: { text: string | undefined }) {
  return (
    <p aria-live="polite" className="sr-only">
      {text ?? ""}
    </p>
  );
}
