"use client";

import { wallClock } from "@/lib/shared/format";
import { useAfterLoad } from "./use-after-load";

/**
 * A timestamp in the viewer's time zone. The server cannot know that zone, so it renders UTC and
 * the browser swaps in local time once hydrated and idle. Both texts have the same length and digits
 * only, so the swap never moves the layout (it used to: a layout shift of 0.2 on the batch page).
 */
export function LocalTime({ ms, compact = false }: { ms: number; compact?: boolean }) {
  // Swapped once the page is idle, not during hydration (see useAfterLoad).
  const isClient = useAfterLoad();
  const { date, time, zone } = wallClock(ms, isClient ? -new Date(ms).getTimezoneOffset() : 0);
  const full = `${date} ${time} ${zone}`;
  return (
    <time dateTime={new Date(ms).toISOString()} title={full} className="whitespace-nowrap tabular-nums">
      {compact ? time : full}
    </time>
  );
}
