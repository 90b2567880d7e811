"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const utcFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/**
 * A timestamp in the viewer's time zone. The server cannot know that zone, so it renders UTC
 * (labelled) and the browser swaps in local time after hydration.
 */
export function LocalTime({ ms, compact = false }: { ms: number; compact?: boolean }) {
  const isClient = useSyncExternalStore(noop, () => true, () => false);
  const date = new Date(ms);
  const full = isClient ? localFormat.format(date) : `${utcFormat.format(date)} UTC`;
  const short = isClient
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" })
    : `${date.toISOString().slice(11, 19)} UTC`;
  return (
    <time dateTime={date.toISOString()} title={full} className="whitespace-nowrap">
      {compact ? short : full}
    </time>
  );
}
