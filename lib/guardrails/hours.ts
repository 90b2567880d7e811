import "server-only";
import type { CallingHours } from "@/lib/config/schema";
import {
  earliestStart,
  offsetMinutes,
  retryDelaysMs,
  runTimeMs,
  sharesWindow,
  spanInside,
  type CallbackGap,
  type RunEstimate,
} from "./window";
import { recipientZone, type NoZoneReason } from "./zones";

export type HoursInput = {
  /** The numbers to be called (E.164 after the intake's normalisation). */
  numbers: readonly string[];
  defaultCountry: string;
  hours: CallingHours;
  /** The requested start (ms); for "start now", now. */
  startAt: number;
  now: number;
  estimate: RunEstimate;
  callbackGaps?: readonly CallbackGap[];
};

/** A set of recipients whose zones keep the same UTC offsets at the requested start: one part of a split. */
export type ZoneGroup = {
  /** 1-based, in the order of their offsets (east first). */
  part: number;
  /** e.g. "UTC−05:00", or "UTC−08:00 / UTC−07:00" for a prefix spanning zones. */
  label: string;
  zones: string[];
  count: number;
  runSeconds: number;
  /** Whether the whole run, started at the requested time, stays inside this group's window. */
  insideAtStart: boolean;
  /** Its own earliest start inside its window for its own run time (ISO), or null when none fits. */
  scheduledAt: string | null;
  /** Recipients whose smart-callback retry can land outside the window when the part starts at `scheduledAt`. */
  callbacksOutside: number;
};

export type NoZone = { number: string; reason: NoZoneReason | "no_common_window" };

export type HoursCheck = {
  hours: CallingHours;
  startAt: string;
  estimate: RunEstimate;
  /** The whole file's expected run time, as one batch. */
  runSeconds: number;
  recipients: number;
  /** Recipients outside their window for a start at `startAt` (whole run as one batch). */
  outside: number;
  /** Numbers with no zone to check: refused unless the operator says so (never guessed). */
  noZone: NoZone[];
  /** The earliest start at or after the requested one (never before now) inside every zoned recipient's window. */
  earliestStart: string | null;
  /** One part per group, each scheduled inside its own window. */
  groups: ZoneGroup[];
  /** Per retry (1-based): recipients whose retry can land outside their window for a start at `startAt`. */
  callbacks: { retry: number; afterHours: number; outside: number }[];
};

/** What the start service needs besides the answer: which part each number goes to. */
export type HoursPlan = { check: HoursCheck; partOf: (number: string) => number | undefined };

const hourMs = 3_600_000;

function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const absolute = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(absolute / 60)).padStart(2, "0")}:${String(absolute % 60).padStart(2, "0")}`;
}

/**
 * Calling hours for a file: who would be called outside their window, the earliest start inside everyone's, a
 * split into zone groups each inside its own window, and smart-callback retries that can land outside.
 */
export function planCallingHours(input: HoursInput): HoursPlan {
  const { hours, estimate } = input;
  const from = Math.max(input.startAt, input.now);
  const byKey = new Map<string, { zones: readonly string[]; count: number }>();
  const keyOf = new Map<string, string>();
  const noZone: NoZone[] = [];
  const sharing = new Map<string, boolean>();

  for (const number of input.numbers) {
    const zone = recipientZone(number, input.defaultCountry);
    if (zone.kind === "none") {
      noZone.push({ number, reason: zone.reason });
      continue;
    }
    let shares = sharing.get(zone.key);
    if (shares === undefined) sharing.set(zone.key, (shares = sharesWindow(zone.zones, hours, from)));
    if (!shares) {
      noZone.push({ number, reason: "no_common_window" });
      continue;
    }
    keyOf.set(number, zone.key);
    const entry = byKey.get(zone.key);
    if (entry) entry.count += 1;
    else byKey.set(zone.key, { zones: zone.zones, count: 1 });
  }

  const zoned = [...byKey.values()].reduce((sum, entry) => sum + entry.count, 0);
  const runMs = runTimeMs(zoned, estimate);
  const delays = retryDelaysMs(input.callbackGaps ?? []);
  const inside = (zones: readonly string[], start: number, span: number) =>
    zones.every((zone) => spanInside(zone, hours, start, span));

  let outside = 0;
  const callbacks = delays.map((delay, index) => ({ retry: index + 1, afterHours: delay / hourMs, outside: 0 }));
  for (const entry of byKey.values()) {
    if (!inside(entry.zones, input.startAt, runMs)) outside += entry.count;
    delays.forEach((delay, index) => {
      if (!inside(entry.zones, input.startAt + delay, runMs)) callbacks[index]!.outside += entry.count;
    });
  }
  const allZones = [...byKey.values()].flatMap((entry) => entry.zones);
  const earliest = zoned > 0 ? earliestStart(allZones, hours, from, runMs) : undefined;

  // Groups: the zone sets that keep the same offsets at the requested start share one window.
  const signatureOf = new Map<string, string>();
  const bySignature = new Map<string, { offsets: number[]; keys: string[]; zones: Set<string>; count: number }>();
  for (const [key, entry] of byKey) {
    const offsets = [...new Set(entry.zones.map((zone) => offsetMinutes(zone, from)))].sort((a, b) => b - a);
    const signature = offsets.join(",");
    signatureOf.set(key, signature);
    const group = bySignature.get(signature) ?? { offsets, keys: [], zones: new Set<string>(), count: 0 };
    group.keys.push(key);
    for (const zone of entry.zones) group.zones.add(zone);
    group.count += entry.count;
    bySignature.set(signature, group);
  }
  const ordered = [...bySignature.entries()].sort(([, a], [, b]) => b.offsets[0]! - a.offsets[0]!);
  const partBySignature = new Map<string, number>();
  const groups: ZoneGroup[] = ordered.map(([signature, group], index) => {
    partBySignature.set(signature, index + 1);
    const zones = [...group.zones].sort();
    const groupRunMs = runTimeMs(group.count, estimate);
    const start = earliestStart(zones, hours, from, groupRunMs);
    let callbacksOutside = 0;
    if (start !== undefined) {
      for (const key of group.keys) {
        const entry = byKey.get(key)!;
        if (delays.some((delay) => !inside(entry.zones, start + delay, groupRunMs))) callbacksOutside += entry.count;
      }
    }
    return {
      part: index + 1,
      label: group.offsets.map(offsetLabel).join(" / "),
      zones,
      count: group.count,
      runSeconds: groupRunMs / 1000,
      insideAtStart: inside(zones, input.startAt, groupRunMs),
      scheduledAt: start === undefined ? null : new Date(start).toISOString(),
      callbacksOutside,
    };
  });

  const check: HoursCheck = {
    hours,
    startAt: new Date(input.startAt).toISOString(),
    estimate,
    runSeconds: runMs / 1000,
    recipients: input.numbers.length,
    outside,
    noZone,
    earliestStart: earliest === undefined ? null : new Date(earliest).toISOString(),
    groups,
    callbacks,
  };
  return {
    check,
    partOf: (number) => {
      const key = keyOf.get(number);
      return key === undefined ? undefined : partBySignature.get(signatureOf.get(key)!);
    },
  };
}
