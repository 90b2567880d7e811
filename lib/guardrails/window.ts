import "server-only";
import type { CallingHours } from "@/lib/config/schema";

// Calling-hours math over IANA zones, with the runtime's Intl as the only source of offsets (daylight saving
// included). A batch's calls can land anywhere between its start and start + expected run time, so a group of
// recipients is inside its window only when that whole span is.

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** Trillet accepts a start at most 30 days ahead; no plan looks further. */
export const planHorizonMs = 30 * dayMs;

type LocalDate = { year: number; month: number; day: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, found);
  }
  return found;
}

/** The wall clock in `zone` at `ms`: date and minutes since its midnight. */
export function localClock(zone: string, ms: number): LocalDate & { minutes: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(ms)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, minutes: parts.hour! * 60 + parts.minute! };
}

/** Minutes `zone` is ahead of UTC at `ms` (India +330, Newfoundland in winter −210). */
export function offsetMinutes(zone: string, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const clock = localClock(zone, whole);
  const seconds = new Date(whole).getUTCSeconds();
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, 0, clock.minutes, seconds);
  return Math.round((asUtc - whole) / minuteMs);
}

/**
 * The instant a wall-clock time occurs in `zone`. A time skipped by a spring-forward gap moves forward by the
 * gap's length (02:30 → 03:30), and a time that occurs twice is its first occurrence, as Temporal's "compatible".
 */
export function instantOf(zone: string, date: LocalDate, minutes: number): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const first = naive - offsetMinutes(zone, naive) * minuteMs;
  const second = naive - offsetMinutes(zone, first) * minuteMs;
  if (second === first) return first;
  // In a gap neither guess shows the asked wall time; the later one is the wall time moved past the gap.
  return Math.max(first, second);
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** The window on one local day in one zone, as instants [start, end]. */
export function windowOn(zone: string, date: LocalDate, hours: CallingHours): { start: number; end: number } {
  return { start: instantOf(zone, date, minutesOf(hours.start)), end: instantOf(zone, date, minutesOf(hours.end)) };
}

/** Whether every call placed between `start` and `start + runMs` is inside the window in `zone`. */
export function spanInside(zone: string, hours: CallingHours, start: number, runMs: number): boolean {
  const window = windowOn(zone, localClock(zone, start), hours);
  return window.start <= start && start + runMs <= window.end;
}

/** The earliest start ≥ `from` whose whole run fits the window in `zone`, within the horizon; undefined if none. */
function nextStartIn(zone: string, hours: CallingHours, from: number, runMs: number, limit: number) {
  const today = localClock(zone, from);
  for (let days = 0; days <= planHorizonMs / dayMs + 1; days += 1) {
    const window = windowOn(zone, addDays(today, days), hours);
    if (window.start > limit) return undefined;
    const lastStart = window.end - runMs;
    if (lastStart >= window.start && from <= lastStart) return Math.max(from, window.start);
  }
  return undefined;
}

/**
 * The earliest start at or after `from` (rounded up to a whole minute) at which a run of `runMs` stays inside the
 * window in every one of `zones`, within `horizonMs`; undefined when there is none (zones too far apart for one
 * window, or a run longer than the window).
 */
export function earliestStart(
  zones: Iterable<string>,
  hours: CallingHours,
  from: number,
  runMs: number,
  horizonMs = planHorizonMs,
): number | undefined {
  const list = [...new Set(zones)];
  let at = Math.ceil(from / minuteMs) * minuteMs;
  const limit = from + horizonMs;
  // Each move skips only instants that some zone refuses, so the first instant no zone moves is the earliest.
  for (let round = 0; round < 1_000; round += 1) {
    let moved = false;
    for (const zone of list) {
      const next = nextStartIn(zone, hours, at, runMs, limit);
      if (next === undefined || next > limit) return undefined;
      if (next > at) {
        at = next;
        moved = true;
      }
    }
    if (!moved) return at;
  }
  return undefined;
}

/** Whether the zones share any window at all (a whole day scanned from `from`): else the recipient has none. */
export function sharesWindow(zones: readonly string[], hours: CallingHours, from: number): boolean {
  return earliestStart(zones, hours, from, 0, 2 * dayMs) !== undefined;
}

/** The expected run time of `calls` calls: calls × average call length ÷ concurrency (an estimate). */
export function runTimeMs(calls: number, estimate: RunEstimate): number {
  return Math.ceil((calls * estimate.averageCallSeconds) / Math.max(1, estimate.concurrency)) * 1000;
}

export type RunEstimate = { averageCallSeconds: number; concurrency: number };

/** One smart-callback gap as Trillet takes it. */
export type CallbackGap = { days: number; hours: number };

/** How long after the first attempt each retry comes: the gaps add up. */
export function retryDelaysMs(gaps: readonly CallbackGap[]): number[] {
  let total = 0;
  return gaps.map((gap) => (total += gap.days * dayMs + gap.hours * 60 * minuteMs));
}
