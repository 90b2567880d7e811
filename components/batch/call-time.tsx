"use client";

import { useAfterLoad } from "@/components/ui/use-after-load";
import { tableTime } from "@/lib/shared/call-time";
import { wallClock } from "@/lib/shared/format";

/**
 * A call's time in the calls list: the time of day on the batch's first day, date and time on any
 * other day (lib/shared/call-time.ts). UTC from the server, the viewer's zone once the page is idle,
 * as LocalTime does; the full date, time and zone on hover.
 */
export function CallTime({ ms, firstDayMs }: { ms: number; firstDayMs: number | undefined }) {
  const isClient = useAfterLoad();
  const offset = isClient ? -new Date(ms).getTimezoneOffset() : 0;
  const { date, time, zone } = wallClock(ms, offset);
  return (
    <time
      dateTime={new Date(ms).toISOString()}
      title={`${date} ${time} ${zone}`}
      className="whitespace-nowrap tabular-nums"
    >
      {tableTime(ms, firstDayMs, offset)}
    </time>
  );
}
