"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const everyMs = 20_000;

/** While unfinished batches are listed, the list is rendered again now and then (never while the tab is hidden). */
export function RefreshWhileUnfinished() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}
