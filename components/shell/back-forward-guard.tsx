"use client";

import { useEffect } from "react";

/**
 * A page restored from the back/forward cache skips the server, so after sign-out the back
 * button could show data again. Reloading it goes through the session check instead.
 */
export function BackForwardGuard() {
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) window.location.reload();
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, []);
  return null;
}
