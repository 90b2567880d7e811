"use client";

import { useEffect, useMemo, useState } from "react";
import { spreadsheetLine } from "@/lib/shared/contacts/csv-text";
import { countOf } from "@/lib/shared/format";
import { doneText, errorText, field, labelClass, primaryButton } from "./styles";

/** The server's answer (lib/guardrails/check.ts), as this section reads it. */
export type Check = {
  rows: number;
  valid: number;
  doNotCall: { removed: number; numbers: string[] };
  hours: {
    hours: { start: string; end: string };
    startAt: string;
    estimate: { averageCallSeconds: number; concurrency: number };
    runSeconds: number;
    recipients: number;
    outside: number;
    noZone: { number: string; reason: string }[];
    earliestStart: string | null;
    groups: {
      part: number;
      label: string;
      zones: string[];
      count: number;
      runSeconds: number;
      insideAtStart: boolean;
      scheduledAt: string | null;
      callbacksOutside: number;
    }[];
    callbacks: { retry: number; afterHours: number; outside: number }[];
  };
};

/**
 * How the operator deals with recipients outside their hours (the start route refuses them otherwise): nothing yet,
 * one batch per zone group (each inside its own window), or proceed anyway with a typed reason (kept in the audit).
 */
export type HoursChoice = { kind: "none" } | { kind: "split" } | { kind: "override"; reason: string };

/** What the start form needs of the checks: the answer, and the estimate it was made with (sent with the start). */
export type CheckedFile = {
  check: Check;
  estimate: { averageCallSeconds: string; concurrency: string };
  /** The start and callback the check was made for: an answer for other choices is not this start's. */
  scheduledAt: string | undefined;
  smartCallbackConfig: string | undefined;
};

/** Whether a start of this check would be refused for calling hours without a choice. */
export const needsHoursChoice = (check: Check) => check.hours.outside > 0 || check.hours.noZone.length > 0;

export type ServerChecksInput = {
  slug: string;
  file: Blob;
  scheduledAt?: string;
  smartCallbackConfig?: string;
  /** Given by the form: "Move the start" sets its start to this UTC time (`YYYY-MM-DDTHH:MM:SSZ`). */
  onMoveStart?: (scheduledAt: string) => void;
  /** How many numbers the server will leave out for the do-not-call list; undefined until it has answered. */
  onDoNotCall?: (removed: number | undefined) => void;
  /** The latest answer (undefined while checking or when it failed). */
  onChecked?: (checked: CheckedFile | undefined) => void;
  choice?: HoursChoice;
  onChoice?: (choice: HoursChoice) => void;
  /** The confirmation is open: the choices are shown, not changed. */
  locked?: boolean;
};

type State = { kind: "loading" } | { kind: "ready"; check: Check } | { kind: "error"; message: string };

function duration(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A time in the viewer's zone and in UTC, as the confirmation states them. */
function when(iso: string): string {
  const date = new Date(iso);
  const local = date.toLocaleString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  return `${local} (${iso.slice(0, 16).replace("T", " ")} UTC)`;
}

const noZoneReasons: Record<string, string> = {
  unknown_prefix: "its area code or prefix is not in the time-zone table",
  not_a_number: "it is not a phone number",
  no_common_window: "its prefix spans zones too far apart to share a window",
};

function downloadUrl(numbers: string[]): string {
  const text = spreadsheetLine(["phone_number"]) + numbers.map((number) => spreadsheetLine([number])).join("");
  return URL.createObjectURL(new Blob([text], { type: "text/csv" }));
}

/**
 * The review's server checks: numbers the do-not-call list removes (listed, downloadable), and calling hours in each
 * recipient's zone for the chosen start, with the choices: move the start, split by zone group, or proceed with a
 * typed reason (recorded).
 */
export function ServerChecks({
  slug,
  file,
  scheduledAt,
  smartCallbackConfig,
  onMoveStart,
  onDoNotCall,
  onChecked,
  choice = { kind: "none" },
  onChoice,
  locked = false,
}: ServerChecksInput) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const removed = state.kind === "ready" ? state.check.doNotCall.removed : undefined;
  useEffect(() => onDoNotCall?.(removed), [onDoNotCall, removed]);
  const [averageCallSeconds, setAverage] = useState("60");
  const [concurrency, setConcurrency] = useState("1");
  const [checkedWith, setCheckedWith] = useState<Omit<CheckedFile, "check">>({
    estimate: { averageCallSeconds, concurrency },
    scheduledAt,
    smartCallbackConfig,
  });
  useEffect(
    () => onChecked?.(state.kind === "ready" ? { check: state.check, ...checkedWith } : undefined),
    [onChecked, state, checkedWith],
  );

  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      setState({ kind: "loading" });
      const form = new FormData();
      form.set("file", file, "contacts.csv");
      if (scheduledAt) form.set("scheduledAt", scheduledAt);
      if (smartCallbackConfig) form.set("smartCallbackConfig", smartCallbackConfig);
      if (/^\d+$/.test(averageCallSeconds)) form.set("averageCallSeconds", averageCallSeconds);
      if (/^\d+$/.test(concurrency)) form.set("concurrency", concurrency);
      try {
        const response = await fetch(`/api/w/${slug}/guardrails/check`, {
          method: "POST",
          body: form,
          signal: abort.signal,
        });
        const body = (await response.json().catch(() => ({}))) as Check & { error?: { message?: string } };
        if (!response.ok) {
          setState({ kind: "error", message: body.error?.message ?? `The server answered ${response.status}.` });
        } else {
          setCheckedWith({ estimate: { averageCallSeconds, concurrency }, scheduledAt, smartCallbackConfig });
          setState({ kind: "ready", check: body });
        }
      } catch (error) {
        if (!abort.signal.aborted) {
          setState({ kind: "error", message: error instanceof Error ? error.message : "The check failed." });
        }
      }
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [slug, file, scheduledAt, smartCallbackConfig, averageCallSeconds, concurrency]);

  const removedUrl = useMemo(
    () =>
      state.kind === "ready" && state.check.doNotCall.removed > 0 ? downloadUrl(state.check.doNotCall.numbers) : "",
    [state],
  );
  useEffect(() => () => (removedUrl ? URL.revokeObjectURL(removedUrl) : undefined), [removedUrl]);

  return (
    <section
      aria-labelledby="server-checks"
      data-testid="server-checks"
      className="mt-6 rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800"
    >
      <h2 id="server-checks" className="text-base font-semibold">
        Do-not-call list and calling hours
      </h2>
      {state.kind === "loading" ? (
        <p role="status" className="mt-2 text-zinc-600 dark:text-zinc-400">
          Checking the numbers on the server…
        </p>
      ) : state.kind === "error" ? (
        <p role="alert" className={`mt-2 ${errorText}`}>
          The server could not check the file: {state.message}
        </p>
      ) : (
        <CheckBody
          slug={slug}
          check={state.check}
          removedUrl={removedUrl}
          onMoveStart={onMoveStart}
          choice={choice}
          onChoice={onChoice}
          locked={locked}
          estimate={
            <div className="mt-2 flex flex-wrap gap-2">
              <label className={labelClass}>
                Average call length (seconds)
                <input
                  value={averageCallSeconds}
                  disabled={locked}
                  onChange={(event) => setAverage(event.target.value)}
                  inputMode="numeric"
                  maxLength={5}
                  className={`${field} w-28`}
                />
              </label>
              <label className={labelClass}>
                Calls at once (your plan)
                <input
                  value={concurrency}
                  disabled={locked}
                  onChange={(event) => setConcurrency(event.target.value)}
                  inputMode="numeric"
                  maxLength={4}
                  className={`${field} w-28`}
                />
              </label>
            </div>
          }
        />
      )}
    </section>
  );
}

type ChoiceProps = {
  choice: HoursChoice;
  onChoice: ((choice: HoursChoice) => void) | undefined;
  locked: boolean;
};

function CheckBody({
  check,
  removedUrl,
  onMoveStart,
  estimate,
  ...choice
}: {
  slug: string;
  check: Check;
  removedUrl: string;
  onMoveStart: ((scheduledAt: string) => void) | undefined;
  estimate: React.ReactNode;
} & ChoiceProps) {
  const { hours, doNotCall } = check;
  const window = `${hours.hours.start}–${hours.hours.end}`;
  return (
    <div className="mt-2 space-y-3">
      <p data-testid="dnc-removed">
        {doNotCall.removed === 0 ? (
          "No number in the file is on the do-not-call list."
        ) : (
          <>
            {countOf(doNotCall.removed, "number")} on the do-not-call list will be left out.{" "}
            <a href={removedUrl} download="left-out-do-not-call.csv" className="underline">
              Download them
            </a>
          </>
        )}
      </p>
      <div>
        <p data-testid="hours-outside">
          {hours.outside === 0
            ? `Everyone would be called between ${window} in their own time zone.`
            : `${countOf(hours.outside, "recipient")} of ${hours.recipients.toLocaleString("en-US")} would be called outside ${window} in their own time zone.`}{" "}
          Starting {when(hours.startAt)}; the calls take about {duration(hours.runSeconds)} (
          {hours.recipients.toLocaleString("en-US")} calls × {hours.estimate.averageCallSeconds} s ÷{" "}
          {hours.estimate.concurrency} at once: an estimate).
        </p>
        {estimate}
      </div>
      {hours.noZone.length > 0 ? (
        <div
          role="alert"
          className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          <p>
            {countOf(hours.noZone.length, "number")} with no time zone we can tell (nothing is guessed): decide before
            starting.
          </p>
          <ul className="mt-1 list-inside list-disc">
            {hours.noZone.slice(0, 10).map((entry) => (
              <li key={entry.number}>
                <span className="font-mono">{entry.number}</span>: {noZoneReasons[entry.reason] ?? entry.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {hours.callbacks.some((retry) => retry.outside > 0) ? (
        <p data-testid="callback-warning" className="text-amber-900 dark:text-amber-200">
          Smart callback:{" "}
          {hours.callbacks
            .filter((retry) => retry.outside > 0)
            .map(
              (retry) =>
                `retry ${retry.retry} (${retry.afterHours} h later) can reach ${countOf(retry.outside, "recipient")} outside their hours`,
            )
            .join("; ")}
          .
        </p>
      ) : null}
      {needsHoursChoice(check) ? <Choices check={check} onMoveStart={onMoveStart} {...choice} /> : null}
    </div>
  );
}

function Choices({
  check,
  onMoveStart,
  choice,
  onChoice,
  locked,
}: {
  check: Check;
  onMoveStart: ((scheduledAt: string) => void) | undefined;
} & ChoiceProps) {
  const { hours } = check;
  const [reason, setReason] = useState(choice.kind === "override" ? choice.reason : "");
  const splittable = hours.outside > 0 && hours.groups.length > 1 && hours.groups.every((group) => group.scheduledAt);
  const choose = (next: HoursChoice) => (locked ? undefined : onChoice?.(next));
  return (
    <div className="space-y-3 border-t border-zinc-200 pt-3 dark:border-zinc-800" data-testid="hours-choices">
      <p className="font-medium">
        The start is refused as it is. Choose one: move the start, split the file by time zone, or proceed with a
        reason.
      </p>
      {hours.outside > 0 ? (
        <div>
          <h3 className="font-semibold">Move the start</h3>
          {hours.earliestStart ? (
            <p>
              The earliest start inside everyone&apos;s window:{" "}
              <span data-testid="earliest-start">{when(hours.earliestStart)}</span>.{" "}
              {onMoveStart && !locked ? (
                <button
                  type="button"
                  className="underline"
                  onClick={() => {
                    choose({ kind: "none" });
                    onMoveStart(hours.earliestStart!.replace(/\.\d{3}Z$/, "Z"));
                  }}
                >
                  Move the start there
                </button>
              ) : null}
            </p>
          ) : (
            <p>
              No start in the next 30 days keeps every call inside everyone&apos;s window: split the file, or shorten
              it.
            </p>
          )}
        </div>
      ) : null}
      {hours.outside > 0 ? (
        <div>
          <h3 className="font-semibold">Split by time zone</h3>
          <p>One batch per zone group, each starting inside its own window (parts of one run, listed together):</p>
          <div className="mt-1 overflow-x-auto">
            <table className="w-full text-left" data-testid="split-plan">
              <caption className="sr-only">The split: one part per zone group</caption>
              <thead className="text-xs text-zinc-600 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Part
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Zone group
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Calls
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    Starts
                  </th>
                </tr>
              </thead>
              <tbody>
                {hours.groups.map((group) => (
                  <tr key={group.part}>
                    <td className="py-1 pr-3 tabular-nums">{group.part}</td>
                    <td className="py-1 pr-3" title={group.zones.join(", ")}>
                      {group.label}
                    </td>
                    <td className="py-1 pr-3 tabular-nums">{group.count.toLocaleString("en-US")}</td>
                    <td className="py-1">{group.scheduledAt ? when(group.scheduledAt) : "no start fits its window"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hours.noZone.length > 0 ? (
            <p className="mt-1">{countOf(hours.noZone.length, "number")} with no time zone would be in no part.</p>
          ) : null}
          {splittable ? (
            <button
              type="button"
              className={`mt-2 ${primaryButton}`}
              aria-pressed={choice.kind === "split"}
              disabled={locked}
              onClick={() => choose(choice.kind === "split" ? { kind: "none" } : { kind: "split" })}
            >
              {choice.kind === "split"
                ? `Split chosen: ${hours.groups.length} batches (undo)`
                : `Split into ${hours.groups.length} batches`}
            </button>
          ) : (
            <p className="mt-1">
              {hours.groups.length < 2
                ? "Everyone is in one zone group: nothing to split."
                : "Not every part fits its window: the file cannot be split as it is."}
            </p>
          )}
        </div>
      ) : null}
      <form
        aria-label="Proceed outside calling hours"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim()) choose({ kind: "override", reason: reason.trim() });
        }}
      >
        <label className={`${labelClass} flex-1`}>
          Or proceed anyway: why may these calls go outside their hours (or to numbers with no zone)? Kept in the
          activity with the start.
          <input
            name="reason"
            required
            maxLength={300}
            autoComplete="off"
            className={field}
            value={reason}
            disabled={locked}
            onChange={(event) => {
              setReason(event.target.value);
              if (choice.kind === "override") choose({ kind: "none" });
            }}
          />
        </label>
        <button type="submit" className={primaryButton} disabled={locked}>
          Proceed with this reason
        </button>
      </form>
      <p role="status" className={choice.kind === "none" ? "" : doneText} data-testid="hours-choice">
        {choice.kind === "split"
          ? `Chosen: ${hours.groups.length} batches, one per zone group, each inside its own window.`
          : choice.kind === "override"
            ? `Chosen: proceed anyway, with the reason “${choice.reason}”.`
            : ""}
      </p>
    </div>
  );
}
