import "server-only";
import { z } from "zod";
import type { WorkspaceConfig } from "@/lib/config";
import { listedNumbers } from "./do-not-call";
import { planCallingHours, type HoursCheck } from "./hours";
import { numbersFromCsv } from "./intake";
import type { CallbackGap, RunEstimate } from "./window";

// The review's server checks on a file before it is started: which numbers the do-not-call list removes, and
// calling hours in each recipient's zone for the chosen start (with the expected run time, an estimate).

/** Trillet's Developer plan places one call at a time; a call of a minute is the estimate until one is given. */
export const defaultEstimate: RunEstimate = { averageCallSeconds: 60, concurrency: 1 };

const number = (name: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(1, `${name} must be 1 or more`).max(max, `${name} must be at most ${max}`));

export const checkFieldsSchema = z.object({
  scheduledAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "scheduledAt must be a UTC time like 2026-12-08T15:00:00Z")
    .optional(),
  smartCallbackConfig: z.string().max(2_000).optional(),
  phoneColumn: z.string().max(200).optional(),
  averageCallSeconds: number("averageCallSeconds", 7_200).optional(),
  concurrency: number("concurrency", 1_000).optional(),
});

export type CheckFields = z.infer<typeof checkFieldsSchema>;

const gapsSchema = z.object({
  enabled: z.boolean(),
  gaps: z.array(z.object({ days: z.number().int().min(0).max(30), hours: z.number().int().min(0).max(23) })).max(10),
});

/** The retry gaps of a smart-callback config (Trillet's JSON string), when it is enabled; [] otherwise. */
export function callbackGapsOf(config: string | undefined): CallbackGap[] | "invalid" {
  if (!config) return [];
  try {
    const parsed = gapsSchema.safeParse(JSON.parse(config));
    if (!parsed.success) return "invalid";
    return parsed.data.enabled ? parsed.data.gaps : [];
  } catch {
    return "invalid";
  }
}

export type FileCheck = {
  rows: number;
  valid: number;
  doNotCall: { removed: number; numbers: string[] };
  hours: HoursCheck;
};

export type FileCheckResult =
  { ok: true; check: FileCheck } | { ok: false; status: 400 | 415 | 422; message: string; candidates?: string[] };

/** Both checks for one file, as the start would send it (listed numbers are left out before the hours are checked). */
export async function checkFile(
  workspace: WorkspaceConfig,
  bytes: Uint8Array,
  fields: CheckFields,
  now = Date.now(),
): Promise<FileCheckResult> {
  const gaps = callbackGapsOf(fields.smartCallbackConfig);
  if (gaps === "invalid") return { ok: false, status: 400, message: "smartCallbackConfig is not a valid config." };
  const intake = numbersFromCsv(bytes, workspace, fields.phoneColumn);
  if (!intake.ok) {
    const notText = intake.problem.code === "not-text" || intake.problem.code === "too-large";
    return {
      ok: false,
      status: notText ? 415 : 422,
      message: intake.problem.message,
      ...(intake.problem.candidates ? { candidates: intake.problem.candidates } : {}),
    };
  }
  const listed = await listedNumbers(workspace, intake.numbers);
  const removed = intake.numbers.filter((candidate) => listed.has(candidate));
  const kept = listed.size === 0 ? intake.numbers : intake.numbers.filter((candidate) => !listed.has(candidate));
  const startAt = fields.scheduledAt ? Date.parse(fields.scheduledAt) : now;
  const { check: hours } = planCallingHours({
    numbers: kept,
    defaultCountry: workspace.defaultCountry,
    hours: workspace.callingHours,
    startAt,
    now,
    estimate: {
      averageCallSeconds: fields.averageCallSeconds ?? defaultEstimate.averageCallSeconds,
      concurrency: fields.concurrency ?? defaultEstimate.concurrency,
    },
    callbackGaps: gaps,
  });
  return {
    ok: true,
    check: {
      rows: intake.summary.rows,
      valid: intake.summary.valid,
      doNotCall: { removed: removed.length, numbers: removed },
      hours,
    },
  };
}
