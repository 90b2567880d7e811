"use client";

import { useEffect, useState } from "react";

/** Tailwind's `sm` breakpoint: the calls show as a table from here up, as cards below it. */
const wideQuery = "(min-width: 640px)";

/**
 * Whether the calls show as a table (true) or as cards (false). Undefined on the server, which
 * cannot know and renders both (CSS shows one); read from the browser already in the first render,
 * the hydrating one included, so that the view CSS hides is never hydrated (see CallsList).
 */
export function useWideScreen(): boolean | undefined {
  const [wide, setWide] = useState(() =>
    typeof window === "undefined" ? undefined : window.matchMedia(wideQuery).matches,
  );
  useEffect(() => {
    const media = window.matchMedia(wideQuery);
    const update = () => setWide(media.matches);
    media.addEventListener("change", update);
    return () => media.removeEventListener("change", update);
  }, []);
  return wide;
}
