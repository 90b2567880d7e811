import { wallClock } from "./format";

/**
 * A call's time as the calls table shows it: the time of day alone on the batch's first day, the
 * date and time on any later (or earlier) day, both in the same zone (the viewer's once the page has
 * loaded, UTC before). A batch that spans midnight then never shows two calls as if on one day.
 */
export function tableTime(ms: number, firstDayMs: number | undefined, offsetMinutes: number): string {
  const { date, time } = wallClock(ms, offsetMinutes);
  if (firstDayMs === undefined) return time;
  return wallClock(firstDayMs, offsetMinutes).date === date ? time : `${date} ${time}`;
}

/** What a call's time element says (tableTime) and its tooltip: the full date, time and zone. */
export function callTimeText(
  ms: number,
  firstDayMs: number | undefined,
  offsetMinutes: number,
): { text: string; title: string } {
  const { date, time, zone } = wallClock(ms, offsetMinutes);
  return { text: tableTime(ms, firstDayMs, offsetMinutes), title: `${date} ${time} ${zone}` };
}

/** The viewer's offset from UTC at `ms`, in minutes (east positive), as callTimeText takes it. */
export const viewerOffsetAt = (ms: number): number => -new Date(ms).getTimezoneOffset();

/** The day a batch started, for tableTime: its start time when known, else the earliest time among the rows given. */
export function firstDayOf(
  batchStartMs: number | undefined,
  rows: readonly { startTime?: number; endTime?: number }[],
): number | undefined {
  if (batchStartMs !== undefined) return batchStartMs;
  let earliest: number | undefined;
  for (const row of rows) {
    const ms = row.startTime ?? row.endTime;
    if (ms !== undefined && (earliest === undefined || ms < earliest)) earliest = ms;
  }
  return earliest;
}
