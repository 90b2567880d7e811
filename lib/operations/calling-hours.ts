import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import { callbackGapsOf, defaultEstimate } from "@/lib/guardrails/check";
import { planCallingHours } from "@/lib/guardrails/hours";
import { csvLine } from "@/lib/shared/contacts";
import { countOf } from "@/lib/shared/format";
import type { Screened } from "./screen";
import type { SplitPart, StartForm } from "./start-form";

/** What the start sends once calling hours allow it: the rows, and when. */
export type HoursCleared = {
  ok: true;
  csv: string;
  rows: number;
  /** The time Trillet is asked to start at; undefined: at once. */
  scheduledAt?: Date;
  /** For the audit: what was outside, and the operator's reason to proceed (or the part of a split). */
  audit: Record<string, string | number>;
};

export type HoursRefused = { ok: false; status: 409 | 422; code: string; message: string };

/** A part whose window is open now (or within a minute) starts at once rather than at a time already passing. */
const startNowWithinMs = 60_000;

/**
 * Calling hours on the server, for every start and re-run, after the do-not-call list has removed its numbers: the
 * recipients' windows (lib/guardrails/hours.ts) for the whole run. A start that would call anyone outside their
 * window, or anyone whose zone cannot be told, is refused unless the operator typed a reason (kept in the audit);
 * a part of a split run sends only its own zone group's rows, at that group's own start inside its window.
 */
export function clearCallingHours(
  workspace: WorkspaceConfig,
  screened: Screened,
  form: StartForm,
  now: Date,
): HoursCleared | HoursRefused {
  const { header, records: rows, csv: screenedCsv } = screened;
  const gaps = callbackGapsOf(form.smartCallbackConfig);
  const plan = planCallingHours({
    numbers: rows.map((cells) => cells[0] ?? ""),
    defaultCountry: workspace.defaultCountry,
    hours: workspace.callingHours,
    startAt: form.scheduledAt?.getTime() ?? now.getTime(),
    now: now.getTime(),
    estimate: form.estimate ?? defaultEstimate,
    callbackGaps: gaps === "invalid" ? [] : gaps,
  });
  const { check } = plan;
  const window = `${workspace.callingHours.start}–${workspace.callingHours.end}`;

  if (form.split) return clearPart(form.split, header, rows, plan, now);

  const outside = check.outside;
  const noZone = check.noZone.length;
  const audit: Record<string, string | number> = { hoursOutside: outside, hoursNoZone: noZone };
  if (outside === 0 && noZone === 0) {
    return { ok: true, csv: screenedCsv, rows: rows.length, ...scheduled(form.scheduledAt), audit };
  }
  if (!form.outsideHoursReason) {
    const problems = [
      outside > 0 ? `${countOf(outside, "recipient")} would be called outside ${window} in their own time zone` : "",
      noZone > 0 ? `${countOf(noZone, "number")} ${noZone === 1 ? "has" : "have"} no time zone that can be told` : "",
    ].filter(Boolean);
    return {
      ok: false,
      status: 422,
      code: "outside_calling_hours",
      message:
        `${problems.join(", and ")}. Move the start inside everyone's window, split the file by time zone, or ` +
        "give a reason to proceed (outsideHoursReason). Nothing was sent.",
    };
  }
  return {
    ok: true,
    csv: screenedCsv,
    rows: rows.length,
    ...scheduled(form.scheduledAt),
    audit: { ...audit, outsideHoursReason: form.outsideHoursReason },
  };
}

function scheduled(at: Date | undefined): { scheduledAt?: Date } {
  return at ? { scheduledAt: at } : {};
}

function clearPart(
  split: SplitPart,
  header: string[],
  rows: string[][],
  plan: ReturnType<typeof planCallingHours>,
  now: Date,
): HoursCleared | HoursRefused {
  const { groups } = plan.check;
  const group = groups[split.part - 1];
  // The review showed the operator a plan; if the file, the start or the clock now give another, they review again.
  if (groups.length !== split.parts || !group || group.label !== split.label) {
    return {
      ok: false,
      status: 409,
      code: "split_changed",
      message: `The split changed since the review (it now has ${countOf(groups.length, "part")}): review the file again. Nothing was sent.`,
    };
  }
  if (group.scheduledAt === null) {
    return {
      ok: false,
      status: 422,
      code: "outside_calling_hours",
      message: `Part ${split.part} (${group.label}) has no start in the next 30 days inside its window. Nothing was sent.`,
    };
  }
  const mine = rows.filter((cells) => plan.partOf(cells[0] ?? "") === split.part);
  const at = Date.parse(group.scheduledAt);
  const startAt = at - now.getTime() <= startNowWithinMs ? undefined : new Date(Math.ceil(at / 1000) * 1000);
  return {
    ok: true,
    csv: [header, ...mine].map(csvLine).join(""),
    rows: mine.length,
    ...scheduled(startAt),
    audit: {
      runId: split.runId,
      part: split.part,
      parts: split.parts,
      zoneGroup: group.label,
      hoursNoZoneLeftOut: plan.check.noZone.length,
    },
  };
}
