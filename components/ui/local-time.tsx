"use client";

import { useSyncExternalStore } from "react";
import { wallClock } from "@/lib/shared/format";

const noop = () => () => {};

/**
 * A timestamp in the viewer's time zone. The server cannot know that zone, so it renders UTC and
 * the browser swaps in local time after hydration. Both texts have the same length and digits
 * only, so the swap never moves the layout (it used to: a layout shift of 0.2 on the batch page).
 */
export function LocalTime({ ms, compact = false }: { ms: number; compact?: boolean }) {
  const isClient = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  const { date, time, zone } = wallClock(ms, isClient ? -new Date(ms).getTimezoneOffset() : 0);
  const full = `${date} ${time} ${zone}`;
  return (
    <time dateTime={new Date(ms).toISOString()} title={full} className="whitespace-nowrap tabular-nums">
      {compact ? time : full}
    </time>
  );
}
