"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { needsHoursChoice, type CheckedFile, type HoursChoice } from "@/components/guardrails/server-checks";
import { formatBytes, maxCsvBytes } from "@/lib/shared/contacts";
import { countOf, formatCount } from "@/lib/shared/format";
import {
  formatUtc,
  formatWhen,
  scheduledAtText,
  scheduleProblem,
  startBatch,
  startBatchApiUrl,
  type StartReply,
} from "@/lib/shared/operations";
import { batchPath, workspacePath } from "@/lib/shared/paths";
import { CsvPicker } from "./csv-picker";
import { IntakeReview } from "./intake-review";
import { RerunSource } from "./rerun-source";
import { ServerChecksSlot } from "./server-checks-slot";
import { initialChoices, localInputValue, StartOptions, useAgents, type StartChoices } from "./start-options";
import { alertBox, errorBox, muted, primaryButton, secondaryButton } from "./styles";
import { useIntake } from "./use-intake";

type Source = { blob: Blob; name: string };

/** One batch of a run split by calling hours, as the confirmation sends it (its own key, made at the review). */
type PlannedPart = {
  part: number;
  label: string;
  calls: number;
  scheduledAt: string;
  /** Its window is open at the review: the server starts it at once. */
  startsNow: boolean;
  key: string;
};

type Plan = {
  calls: number;
  /** What the calling-hours check asked for: nothing, a reason to send, or one batch per zone group. */
  hours:
    | { kind: "inside" }
    | { kind: "override"; reason: string; outside: number; noZone: number }
    | { kind: "split"; runId: string; parts: PlannedPart[]; noZone: number };
  estimate: CheckedFile["estimate"];
  agentId: string;
  agentName: string;
  at?: Date;
  scheduledAt?: string;
  smartCallbackConfig?: string;
  callbackText?: string;
  label: string;
};

type Sending =
  | { phase: "idle" }
  | { phase: "sending"; sentAt: Date; part?: number }
  | { phase: "answered"; reply: Exclude<StartReply, { kind: "started" }>; sentAt: Date; part?: number };

const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function callbackConfig(choices: StartChoices): { json?: string; text?: string; problem?: string } {
  const { enabled, maxAttempts, gaps } = choices.callback;
  if (!enabled) return {};
  const clean = gaps.slice(0, maxAttempts - 1);
  const bad = clean.some(
    (g) =>
      !Number.isInteger(g.days) ||
      !Number.isInteger(g.hours) ||
      g.days < 0 ||
      g.days > 30 ||
      g.hours < 0 ||
      g.hours > 23 ||
      g.days * 24 + g.hours === 0,
  );
  if (bad) return { problem: "Each wait is whole days (0–30) and hours (0–23), and longer than zero." };
  const waits = clean.map((g) =>
    [g.days ? `${g.days} d` : "", g.hours ? `${g.hours} h` : ""].filter(Boolean).join(" "),
  );
  return {
    json: JSON.stringify({ enabled: true, maxAttempts, gaps: clean }),
    text: `up to ${maxAttempts} attempts per number, waiting ${waits.join(", then ")}`,
  };
}

/**
 * Start a batch (or re-run a batch's failed calls): the file read off the page's thread, the review
 * of exactly what will be sent, the choices, one confirmation, and one start per confirmed form
 * (an Idempotency-Key made when the operator confirms, reused by every retry of that form).
 */
export function NewBatchForm({
  slug,
  defaultCountry,
  maxRows,
  rerunOf,
}: {
  slug: string;
  defaultCountry: string;
  maxRows: number;
  rerunOf?: string;
}) {
  const router = useRouter();
  const { state, read, reset } = useIntake();
  const agents = useAgents(slug);
  const [source, setSource] = useState<Source>();
  const [tooLarge, setTooLarge] = useState<string>();
  const [choices, setChoices] = useState<StartChoices>(initialChoices);
  const [errors, setErrors] = useState<Partial<Record<"agent" | "at" | "callback" | "hours", string>>>({});
  const [checked, setChecked] = useState<CheckedFile>();
  const onChecked = useCallback((next: CheckedFile | undefined) => setChecked(next), []);
  const [hoursChoice, setHoursChoice] = useState<HoursChoice>({ kind: "none" });
  // "Review and confirm…" pressed before the server's check of these choices came back: the review follows it.
  const [awaitingCheck, setAwaitingCheck] = useState(false);
  const reviewWhenChecked = useRef<() => void>(() => undefined);
  useEffect(() => {
    reviewWhenChecked.current = review;
  });
  useEffect(() => {
    if (awaitingCheck && checked) reviewWhenChecked.current();
  }, [awaitingCheck, checked]);
  // Parts of a split run already started, by part number: a retry sends only the others, with their own keys.
  const [startedParts, setStartedParts] = useState<Record<number, string>>({});
  const [plan, setPlan] = useState<Plan>();
  // The server leaves do-not-call numbers out of every start: the confirmation counts the calls it will place.
  const [listed, setListed] = useState<number>();
  const [sending, setSending] = useState<Sending>({ phase: "idle" });
  const idempotencyKey = useRef<string | undefined>(undefined);
  const inFlight = useRef(false);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const timeZone = useMemo(() => viewerZone(), []);

  useEffect(() => {
    if (plan) confirmHeading.current?.focus();
  }, [plan]);

  const readSource = (next: Source, phoneColumn?: string) => {
    setSource(next);
    setHoursChoice({ kind: "none" });
    setStartedParts({});
    setPlan(undefined);
    idempotencyKey.current = undefined;
    setSending({ phase: "idle" });
    if (next.blob.size > maxCsvBytes) {
      reset();
      setTooLarge(
        `“${next.name}” is ${formatBytes(next.blob.size)}; the most Trillet accepts is ${formatBytes(maxCsvBytes)}.`,
      );
      return;
    }
    setTooLarge(undefined);
    read({ file: next.blob, defaultCountry, maxRows, phoneColumn });
  };

  const view = state.phase === "done" && state.outcome.ok ? state.outcome.view : undefined;
  const problem = state.phase === "done" && !state.outcome.ok ? state.outcome.problem : undefined;

  function review() {
    if (!view) return;
    const next: typeof errors = {};
    const agent = agents.data?.find((a) => a._id === choices.agentId);
    if (!agent) next.agent = "Choose the agent that will make the calls.";
    let at: Date | undefined;
    if (choices.when === "later") {
      at = new Date(choices.at);
      const why = scheduleProblem(at, new Date());
      if (why) next.at = why;
    }
    const callback = callbackConfig(choices);
    if (callback.problem) next.callback = callback.problem;
    const scheduledAt = at && !next.at ? scheduledAtText(at) : undefined;
    // Only an answer for exactly these choices counts: right after a change the last one is for the old ones.
    const current =
      checked && checked.scheduledAt === scheduledAt && checked.smartCallbackConfig === callback.json
        ? checked
        : undefined;
    if (Object.keys(next).length === 0 && !current) {
      setErrors({});
      setAwaitingCheck(true);
      return;
    }
    setAwaitingCheck(false);
    const hours = current ? planHours(current) : "";
    if (typeof hours === "string" && hours) next.hours = hours;
    setErrors(next);
    if (Object.keys(next).length > 0 || !agent || typeof hours === "string" || !current) return;
    idempotencyKey.current = crypto.randomUUID();
    setSending({ phase: "idle" });
    setStartedParts({});
    setPlan({
      calls: view.valid,
      hours,
      estimate: current.estimate,
      agentId: agent._id,
      agentName: agent.name,
      at,
      scheduledAt,
      smartCallbackConfig: callback.json,
      callbackText: callback.text,
      label: choices.label.trim(),
    });
  }

  /** The calling-hours part of the plan, from the server's latest check and the operator's choice; or why not yet. */
  function planHours(checked: CheckedFile): Plan["hours"] | string {
    const { hours } = checked.check;
    if (!needsHoursChoice(checked.check)) return { kind: "inside" };
    if (hoursChoice.kind === "override") {
      return { kind: "override", reason: hoursChoice.reason, outside: hours.outside, noZone: hours.noZone.length };
    }
    if (hoursChoice.kind === "split" && hours.groups.every((group) => group.scheduledAt)) {
      return {
        kind: "split",
        runId: crypto.randomUUID(),
        noZone: hours.noZone.length,
        parts: hours.groups.map((group) => ({
          part: group.part,
          label: group.label,
          calls: group.count,
          scheduledAt: group.scheduledAt!,
          startsNow: Date.parse(group.scheduledAt!) <= Date.now() + 60_000,
          key: crypto.randomUUID(),
        })),
      };
    }
    return "Some recipients would be called outside their hours: move the start, split the file, or give a reason (in “Do-not-call list and calling hours” above).";
  }

  function edit() {
    setPlan(undefined);
    idempotencyKey.current = undefined;
    setSending({ phase: "idle" });
  }

  function formFor(currentPlan: Plan, file: Blob, fileName: string): FormData {
    const form = new FormData();
    form.append("file", file, fileName);
    form.append("agentId", currentPlan.agentId);
    if (currentPlan.scheduledAt) form.append("scheduledAt", currentPlan.scheduledAt);
    if (currentPlan.smartCallbackConfig) form.append("smartCallbackConfig", currentPlan.smartCallbackConfig);
    if (rerunOf) form.append("parentBatchId", rerunOf);
    if (currentPlan.label) form.append("label", currentPlan.label);
    if (/^\d+$/.test(currentPlan.estimate.averageCallSeconds)) {
      form.append("averageCallSeconds", currentPlan.estimate.averageCallSeconds);
    }
    if (/^\d+$/.test(currentPlan.estimate.concurrency)) form.append("concurrency", currentPlan.estimate.concurrency);
    if (currentPlan.hours.kind === "override") form.append("outsideHoursReason", currentPlan.hours.reason);
    return form;
  }

  /** A split run: each part its own request and key, in order; one that fails stops the rest until asked again. */
  async function confirmParts(currentPlan: Plan & { hours: { kind: "split" } }, file: Blob, fileName: string) {
    const { runId, parts } = currentPlan.hours;
    const started = { ...startedParts };
    for (const part of parts) {
      if (started[part.part]) continue;
      const sentAt = new Date();
      setSending({ phase: "sending", sentAt, part: part.part });
      const form = formFor(currentPlan, file, fileName);
      form.append("runId", runId);
      form.append("part", String(part.part));
      form.append("parts", String(parts.length));
      form.append("partLabel", part.label);
      const reply = await startBatch(startBatchApiUrl(slug), form, part.key);
      if (reply.kind !== "started") {
        inFlight.current = false;
        setSending({ phase: "answered", reply, sentAt, part: part.part });
        return;
      }
      started[part.part] = reply.batch.batchId;
      setStartedParts({ ...started });
    }
    router.push(`${workspacePath(slug)}?run=${runId}`);
  }

  async function confirm() {
    if (!plan || !view || !source || !idempotencyKey.current || inFlight.current) return;
    if (plan.at) {
      const why = scheduleProblem(plan.at, new Date());
      if (why) {
        setErrors({ at: why });
        edit();
        return;
      }
    }
    inFlight.current = true;
    if (plan.hours.kind === "split") {
      await confirmParts({ ...plan, hours: plan.hours }, view.file, source.name);
      return;
    }
    const sentAt = new Date();
    setSending({ phase: "sending", sentAt });
    const form = formFor(plan, view.file, source.name);
    const reply = await startBatch(startBatchApiUrl(slug), form, idempotencyKey.current);
    if (reply.kind === "started") {
      router.push(batchPath(slug, reply.batch.batchId));
      return;
    }
    inFlight.current = false;
    setSending({ phase: "answered", reply, sentAt });
  }

  const reading = state.phase === "reading";
  // The server's checks see the start and callback as chosen so far, before the confirmation.
  const chosenAt = choices.when === "later" && choices.at ? new Date(choices.at) : undefined;
  const chosenScheduledAt = chosenAt && !Number.isNaN(chosenAt.getTime()) ? scheduledAtText(chosenAt) : undefined;
  const chosenCallback = callbackConfig(choices).json;
  const sentAtText = (at: Date) =>
    `${formatWhen(at, timeZone)}:${String(at.getSeconds()).padStart(2, "0")} ${timeZone}`;
  const answered = sending.phase === "answered" ? sending : undefined;
  const locked = sending.phase === "sending" || answered?.reply.kind === "unknown";

  return (
    <div className="mt-4">
      {rerunOf ? (
        <RerunSource
          slug={slug}
          batchId={rerunOf}
          disabled={reading || locked || plan !== undefined}
          onRows={(next) => readSource(next)}
        />
      ) : (
        <CsvPicker
          onFile={(file) => readSource({ blob: file, name: file.name })}
          disabled={reading || locked || plan !== undefined}
        />
      )}

      <div aria-live="polite" className="mt-3">
        {reading && (
          <p className={muted} data-testid="intake-progress">
            Reading “{source?.name}”{state.rows > 0 ? `: ${formatCount(state.rows)} rows so far` : "…"}
          </p>
        )}
      </div>
      {tooLarge && (
        <p role="alert" className={`mt-3 ${errorBox}`}>
          {tooLarge}
        </p>
      )}
      {problem && source && (
        <div role="alert" className={`mt-3 ${problem.code === "phone-column-unconfirmed" ? alertBox : errorBox}`}>
          <p>
            “{source.name}”: {problem.message}
          </p>
          {problem.code === "phone-column-unconfirmed" && (
            <div className="mt-2 flex flex-wrap gap-2">
              {problem.candidates?.map((candidate) => (
                <button
                  key={candidate}
                  type="button"
                  className={secondaryButton}
                  onClick={() => readSource(source, candidate)}
                >
                  Use “{candidate}” as phone_number
                </button>
              ))}
            </div>
          )}
        </div>
      )}

      {view && source && (
        <>
          <IntakeReview view={view} fileName={source.name} />
          <ServerChecksSlot
            onDoNotCall={setListed}
            onChecked={onChecked}
            choice={hoursChoice}
            onChoice={setHoursChoice}
            locked={plan !== undefined}
            slug={slug}
            file={view.file}
            scheduledAt={plan ? plan.scheduledAt : chosenScheduledAt}
            smartCallbackConfig={plan ? plan.smartCallbackConfig : chosenCallback}
            onMoveStart={
              plan
                ? undefined
                : (utc) => {
                    setChoices({ ...choices, when: "later", at: localInputValue(new Date(utc)) });
                    setErrors({});
                  }
            }
          />
          {!plan ? (
            <>
              <StartOptions
                slug={slug}
                choices={choices}
                onChange={(next) => {
                  setChoices(next);
                  setErrors({});
                }}
                errors={errors}
                timeZone={timeZone}
              />
              <div className="mt-6">
                <button type="button" className={primaryButton} onClick={review}>
                  Review and confirm…
                </button>
                {awaitingCheck && (
                  <p role="status" className={`mt-2 ${muted}`}>
                    Checking the numbers for this start (do-not-call list and calling hours)…
                  </p>
                )}
                {errors.hours && (
                  <p role="alert" className={`mt-2 ${errorBox}`} data-testid="hours-needed">
                    {errors.hours}
                  </p>
                )}
              </div>
            </>
          ) : (
            <section
              aria-labelledby="confirm-heading"
              className="mt-8 rounded-lg border-2 border-zinc-900 p-4 dark:border-zinc-100"
              data-testid="confirm-step"
            >
              <h2
                id="confirm-heading"
                ref={confirmHeading}
                tabIndex={-1}
                className="text-lg font-semibold outline-none"
              >
                Confirm
              </h2>
              {plan.hours.kind === "split" ? (
                <SplitStatement
                  plan={plan}
                  parts={plan.hours.parts}
                  noZone={plan.hours.noZone}
                  timeZone={timeZone}
                  started={startedParts}
                  slug={slug}
                />
              ) : (
                <p className="mt-2 text-base" data-testid="confirm-statement">
                  {formatCount(callsToPlace(plan.calls, listed))}{" "}
                  {callsToPlace(plan.calls, listed) === 1 ? "call" : "calls"} with agent “{plan.agentName}”, starting{" "}
                  {plan.at ? `${formatWhen(plan.at, timeZone)} ${timeZone}, ${formatUtc(plan.at, timeZone)}` : "now"}.
                </p>
              )}
              <ul className={`mt-2 list-disc space-y-1 pl-5 ${muted}`}>
                <li>
                  From “{source.name}”: {formatCount(view.rows)} {view.rows === 1 ? "row" : "rows"},{" "}
                  {formatCount(view.invalidCount)} invalid and {formatCount(view.duplicateCount)}{" "}
                  {view.duplicateCount === 1 ? "duplicate" : "duplicates"} left out.
                </li>
                <li data-testid="confirm-do-not-call">
                  {listed === undefined
                    ? "Numbers on the do-not-call list are left out by the server before anything is sent."
                    : `${formatCount(listed)} ${listed === 1 ? "number" : "numbers"} on the do-not-call list left out.`}
                </li>
                {plan.hours.kind === "override" && (
                  <li data-testid="confirm-hours-override">
                    Outside calling hours:{" "}
                    {[
                      plan.hours.outside > 0 && `${countOf(plan.hours.outside, "recipient")} outside their window`,
                      plan.hours.noZone > 0 && `${countOf(plan.hours.noZone, "number")} with no zone`,
                    ]
                      .filter(Boolean)
                      .join(" and ")}
                    , with your reason “{plan.hours.reason}” (kept in the activity).
                  </li>
                )}
                {rerunOf && <li>A re-run of batch {rerunOf}; each batch&apos;s page will link to the other.</li>}
                <li>Smart callback: {plan.callbackText ?? "off"}.</li>
                {plan.label && <li>Label: “{plan.label}”.</li>}
                <li>
                  Calls cost money and reach real people. Once started, waiting calls can be cancelled; placed calls
                  cannot.
                </li>
              </ul>
              <SendingStatus sending={sending} sentAtText={sentAtText} fileName={source.name} slug={slug} />
              <div className="mt-4 flex flex-wrap gap-2">
                {answered?.reply.kind !== "unknown" && (
                  <button
                    type="button"
                    className={primaryButton}
                    onClick={() => void confirm()}
                    disabled={sending.phase === "sending"}
                    data-testid="confirm-start"
                  >
                    {sending.phase === "sending"
                      ? "Starting…"
                      : answered && (answered.reply.kind === "network" || answered.reply.kind === "in_progress")
                        ? "Ask again (the same request: it cannot start twice)"
                        : plan.hours.kind === "split"
                          ? startPartsLabel(plan.hours.parts, startedParts)
                          : `Start ${formatCount(callsToPlace(plan.calls, listed))} ${callsToPlace(plan.calls, listed) === 1 ? "call" : "calls"}`}
                  </button>
                )}
                {!locked && (
                  <button type="button" className={secondaryButton} onClick={edit}>
                    Back to the choices
                  </button>
                )}
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}

function SendingStatus({
  sending,
  sentAtText,
  fileName,
  slug,
}: {
  sending: Sending;
  sentAtText: (at: Date) => string;
  fileName: string;
  slug: string;
}) {
  if (sending.phase === "sending") {
    return (
      <p role="status" className={`mt-3 ${muted}`}>
        Starting… sent {sentAtText(sending.sentAt)}.
      </p>
    );
  }
  if (sending.phase !== "answered") return null;
  const { reply, sentAt } = sending;
  switch (reply.kind) {
    case "unknown":
      return (
        <div role="alert" className={`mt-3 ${errorBox}`} data-testid="outcome-unknown">
          <p className="font-semibold">Outcome unknown.</p>
          <p className="mt-1">
            The request to start a batch from “{fileName}” was sent at {sentAtText(sentAt)} and no answer came back from
            Trillet: a batch may or may not have started. Do not start these calls again before checking the{" "}
            <Link href={workspacePath(slug)} className="underline">
              workspace&apos;s batches
            </Link>{" "}
            and Trillet.
          </p>
          <p className="mt-1 text-xs">{reply.message}</p>
        </div>
      );
    case "in_progress":
      return (
        <p role="status" className={`mt-3 ${alertBox}`}>
          {reply.message}
        </p>
      );
    case "network":
      return (
        <p role="alert" className={`mt-3 ${alertBox}`}>
          {reply.message} Asking again sends the same request (same key), which can never start a second batch.
        </p>
      );
    case "refused":
      return (
        <p role="alert" className={`mt-3 ${errorBox}`}>
          Not started: {reply.message}
        </p>
      );
  }
}

function startPartsLabel(parts: PlannedPart[], started: Record<number, string>): string {
  const left = parts.filter((part) => !started[part.part]);
  const calls = left.reduce((sum, part) => sum + part.calls, 0);
  const batches = countOf(left.length, "batch", "batches");
  return `Start ${left.length < parts.length ? "the other " : ""}${batches} (${countOf(calls, "call")})`;
}

/** The confirmation of a split run: one line per part, its zone group, calls and start, and what became of it. */
function SplitStatement({
  plan,
  parts,
  noZone,
  timeZone,
  started,
  slug,
}: {
  plan: Plan;
  parts: PlannedPart[];
  noZone: number;
  timeZone: string;
  started: Record<number, string>;
  slug: string;
}) {
  const calls = parts.reduce((sum, part) => sum + part.calls, 0);
  return (
    <div className="mt-2 text-base" data-testid="confirm-statement">
      <p>
        {parts.length} batches, one per time-zone group, {countOf(calls, "call")} in all with agent “{plan.agentName}”,
        each starting inside its own window:
      </p>
      <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm" data-testid="confirm-parts">
        {parts.map((part) => {
          const at = new Date(part.scheduledAt);
          return (
            <li key={part.part}>
              {part.label}: {countOf(part.calls, "call")},{" "}
              {part.startsNow
                ? "starting now"
                : `starting ${formatWhen(at, timeZone)} ${timeZone}, ${formatUtc(at, timeZone)}`}
              {started[part.part] ? (
                <>
                  {" "}
                  · started:{" "}
                  <Link href={batchPath(slug, started[part.part]!)} className="font-mono underline">
                    {started[part.part]}
                  </Link>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
      {noZone > 0 ? (
        <p className={`mt-1 text-sm ${muted}`}>
          {countOf(noZone, "number")} with no time zone {noZone === 1 ? "is" : "are"} in no part and will not be called.
        </p>
      ) : null}
    </div>
  );
}

/** The calls a start will place: the file's valid rows, less the numbers the server leaves out for the do-not-call list. */
function callsToPlace(valid: number, listed: number | undefined): number {
  return Math.max(0, valid - (listed ?? 0));
}
