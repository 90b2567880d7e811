"use client";

import { useAfterLoad } from "@/components/ui/use-after-load";
import { callTimeText, viewerOffsetAt } from "@/lib/shared/call-time";

/**
 * A call's time in the calls list: the time of day on the batch's first day, date and time on any
 * other day (lib/shared/call-time.ts). UTC from the server, the viewer's zone once the page is idle,
 * as LocalTime does; the full date, time and zone on hover. `data-call-time` lets the list bring the
 * server's rows to the viewer's zone while they are still the server's HTML (localizeServerTimes).
 */
export function CallTime({ ms, firstDayMs }: { ms: number; firstDayMs: number | undefined }) {
  const isClient = useAfterLoad();
  const { text, title } = callTimeText(ms, firstDayMs, isClient ? viewerOffsetAt(ms) : 0);
  return (
    <time
      dateTime={new Date(ms).toISOString()}
      title={title}
      data-call-time=""
      className="whitespace-nowrap tabular-nums"
    >
      {text}
    </time>
  );
}
