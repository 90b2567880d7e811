import "server-only";
import { createHash } from "node:crypto";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import { findBatch, recordStartedBatch } from "@/lib/db/batches";
import type { Person } from "@/lib/db/person";
import { decodeCsv, intakeCsv, type IntakeProblem } from "@/lib/shared/contacts";
import { isTrilletError } from "@/lib/trillet";
import { listAgents, startBatchCall, startTimeoutMs, type StartOutcome } from "@/lib/trillet/actions";
import { recordOperation } from "./audit";
import { clearCallingHours } from "./calling-hours";
import { screenContacts } from "./screen";
import { checkSchedule, readStartForm, refuse, type FormRefusal, type StartForm } from "./start-form";
import {
  claimStart,
  expireIfStale,
  findStart,
  pruneStarts,
  releaseStart,
  settleStart,
  type StartRecord,
} from "./start-records";

/** What the API says about one start, in its answers (and repeats): no rows, no numbers. */
export type StartView = {
  state: StartRecord["state"];
  kind: StartRecord["kind"];
  idempotencyKey: string;
  batchId: string | null;
  totalCalls: number | null;
  status: string | null;
  message: string | null;
  fileName: string;
  fileSha256: string;
  rowsSent: number;
  agent: { id: string; name: string };
  scheduledAt: string | null;
  parentBatchId: string | null;
  /** A part of a run split by calling hours. */
  run: { id: string; part: number } | null;
  startedBy: string;
  createdAt: string;
  settledAt: string | null;
};

/** How the file was read on the server: counts only. */
export type IntakeCounts = { rows: number; valid: number; invalid: number; duplicates: number; doNotCall: number };

export type StartResult =
  | { kind: "started"; status: 201; start: StartView; counts: IntakeCounts }
  | { kind: "replayed"; status: 200; start: StartView }
  | {
      kind: "error";
      status: number;
      code: string;
      message: string;
      start?: StartView;
      candidates?: string[];
      headers?: Record<string, string>;
    };

/** Start records are kept as long as the activity they explain (ACTIVITY_RETENTION_DAYS), then pruned. */
const pruneEveryMs = 60 * 60_000;
const pruned = globalThis as typeof globalThis & { __batchConsoleStartsPrunedAt?: number };

/** A `sending` record older than this was left by a request that can no longer record its answer. */
export const staleSendingMs = () => startTimeoutMs() + 5_000;

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function viewOf(record: StartRecord): StartView {
  const answer = record.answer ?? {};
  const text = (name: string) => (typeof answer[name] === "string" ? (answer[name] as string) : null);
  return {
    state: record.state,
    kind: record.kind,
    idempotencyKey: record.idempotencyKey,
    batchId: record.batchId,
    totalCalls: typeof answer.totalCalls === "number" ? answer.totalCalls : null,
    status: text("status"),
    message: text("message") ?? text("error"),
    fileName: record.fileName,
    fileSha256: record.fileSha256,
    rowsSent: record.rowsSent,
    agent: { id: record.agentId, name: record.agentName },
    scheduledAt: record.scheduledAt,
    parentBatchId: record.parentBatchId,
    run: record.runId && record.runPart ? { id: record.runId, part: record.runPart } : null,
    startedBy: record.personName,
    createdAt: record.createdAt,
    settledAt: record.settledAt,
  };
}

const clock = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** The answer a request with an already recorded key gets, by the record's state: never a second request upstream. */
function answerRecorded(record: StartRecord, first: boolean): StartResult {
  const start = viewOf(record);
  const sent = `sent ${clock(record.createdAt)} with the file “${record.fileName}”`;
  switch (record.state) {
    case "started":
      return { kind: "replayed", status: 200, start };
    case "sending":
      return {
        kind: "error",
        status: 409,
        code: "in_progress",
        message: `This start is still in progress (${sent}). Wait for it; do not start it again.`,
        start,
        headers: { "Retry-After": "2" },
      };
    case "unknown":
      return {
        kind: "error",
        status: first ? 504 : 409,
        code: "outcome_unknown",
        message:
          `The outcome of this start is unknown: the request was ${sent}, and Trillet's answer was lost. ` +
          "A batch may have started. Check the batch list and Trillet before starting these calls again.",
        start,
      };
    case "refused": {
      const said = start.message ? `: ${start.message}` : "";
      const upstream = typeof record.answer?.upstreamStatus === "number" ? record.answer.upstreamStatus : 502;
      return {
        kind: "error",
        status: upstream >= 400 && upstream < 500 ? 422 : 502,
        code: "upstream_refused",
        message: `Trillet refused this start (${sent})${said}. Nothing was started.`,
        start,
      };
    }
  }
}

/**
 * Another request with the same key but a different file, person or choice: refused, the first one stands. A part
 * of a split run is recorded with its own start (its zone group's), so it is matched by run and part instead.
 */
function sameRequest(record: StartRecord, form: StartForm, sha: string, person: Person): boolean {
  return (
    record.fileSha256 === sha &&
    record.person === person.id &&
    record.agentId === form.agentId &&
    (record.parentBatchId ?? undefined) === form.parentBatchId &&
    (form.split
      ? record.runId === form.split.runId && record.runPart === form.split.part
      : record.runId === null && record.scheduledAt === (form.scheduledAt?.toISOString() ?? null))
  );
}

function answerRepeat(
  workspace: WorkspaceConfig,
  record: StartRecord,
  form: StartForm,
  sha: string,
  person: Person,
): Promise<StartResult> | StartResult {
  if (!sameRequest(record, form, sha, person)) {
    return {
      kind: "error",
      status: 422,
      code: "key_reused",
      message:
        "This Idempotency-Key was already used for another request (another file or other choices). Start again from the form.",
    };
  }
  return expireIfStale(workspace, record, staleSendingMs()).then((current) => answerRecorded(current, false));
}

/** A file the intake refused: not text 415, too large 413, the rest (no phone column, no valid row, …) 422. */
function problemRefusal(problem: IntakeProblem): StartResult {
  if (problem.code === "not-text") return refusal(refuse(415, "unsupported_media_type", problem.message));
  if (problem.code === "too-large") return refusal(refuse(413, "payload_too_large", problem.message));
  return refusal(refuse(422, "unprocessable", problem.message, problem.candidates));
}

function refusal(refused: FormRefusal): StartResult {
  return {
    kind: "error",
    status: refused.status,
    code: refused.code,
    message: refused.message,
    ...(refused.candidates ? { candidates: refused.candidates } : {}),
  };
}

function settleOutcome(outcome: StartOutcome): {
  state: "started" | "refused" | "unknown";
  batchId?: string;
  answer: Record<string, unknown>;
} {
  switch (outcome.kind) {
    case "answered":
      return { state: "started", batchId: outcome.answer.batchId, answer: { ...outcome.answer } };
    case "refused":
      return {
        state: "refused",
        answer: { upstreamStatus: outcome.status, error: outcome.error || `status ${outcome.status}` },
      };
    default:
      return { state: "unknown", answer: { reason: outcome.kind === "unknown" ? outcome.reason : "not sent" } };
  }
}

/**
 * One start (or re-run) of a batch, at most once per Idempotency-Key:
 * 1. a key already recorded is answered from its record (same file: the first result, 409 while in progress or
 *    when the outcome is unknown; another file: 422), before anything else is looked at;
 * 2. the file is decoded and validated again here with the browser's own intake (nothing the browser said is
 *    trusted), the schedule, the agent (from the cached list) and the re-run's parent (this workspace's list);
 * 3. the guardrails remove listed numbers (screen.ts, the one place they run);
 * 4. the record (key, file SHA-256, person) is written; only the request whose record was inserted calls Trillet,
 *    once, never retried; its answer completes the record, or the record says `unknown`.
 */
export async function startBatch(
  workspace: WorkspaceConfig,
  person: Person,
  form: StartForm,
  now = new Date(),
): Promise<StartResult> {
  const action = form.parentBatchId ? "batch.rerun" : "batch.start";
  const sha = sha256Hex(form.file.bytes);
  const audit = (result: StartResult, extra: Record<string, string | number | boolean> = {}) => {
    const outcome =
      result.kind === "started"
        ? "started"
        : result.kind === "replayed"
          ? "replayed"
          : result.code === "in_progress"
            ? "in_progress"
            : result.code === "outcome_unknown"
              ? "unknown"
              : "refused";
    recordOperation({
      workspace,
      person,
      action,
      outcome,
      status: result.status,
      ...(result.kind !== "error" && result.start.batchId ? { batchId: result.start.batchId } : {}),
      details: {
        fileSha256: sha,
        fileBytes: form.file.bytes.byteLength,
        ...(form.parentBatchId ? { parentBatchId: form.parentBatchId } : {}),
        ...(result.kind === "error" ? { code: result.code } : {}),
        ...extra,
      },
    });
    return result;
  };

  const existing = await findStart(workspace, form.idempotencyKey);
  if (existing) return audit(await answerRepeat(workspace, existing, form, sha, person));

  const schedule = checkSchedule(form.scheduledAt, now);
  if (schedule) return audit(refusal(schedule));
  const decoded = decodeCsv(form.file.bytes);
  if (!decoded.ok) return audit(problemRefusal(decoded.problem), { problem: decoded.problem.code });
  const intake = intakeCsv(decoded.text, {
    defaultCountry: workspace.defaultCountry,
    maxRows: getConfig().batchMaxRows,
    ...(form.phoneColumn ? { phoneColumn: form.phoneColumn } : {}),
  });
  if (!intake.ok) return audit(problemRefusal(intake.problem), { problem: intake.problem.code });
  const { summary } = intake;

  if (form.parentBatchId && !(await findBatch(workspace, form.parentBatchId))) {
    return audit({
      kind: "error",
      status: 404,
      code: "not_found",
      message: "The batch to re-run is not in this workspace's list.",
    });
  }

  let agentName: string;
  try {
    const agents = await listAgents(workspace, person.id);
    const agent = agents.find((candidate) => candidate._id === form.agentId);
    if (!agent) {
      return audit({
        kind: "error",
        status: 422,
        code: "unprocessable",
        message: "No agent with this id in the workspace. Choose one from the list.",
      });
    }
    agentName = agent.name;
  } catch (error) {
    if (!isTrilletError(error)) throw error;
    const retry = error.detail.retryAfterSeconds;
    return audit({
      kind: "error",
      status: error.kind === "rate_limited" ? 429 : error.kind === "timeout" ? 504 : 502,
      code:
        error.kind === "rate_limited"
          ? "rate_limited"
          : error.kind === "timeout"
            ? "upstream_timeout"
            : "upstream_error",
      message: `The agent list could not be read: ${error.message} Nothing was started.`,
      ...(retry !== undefined ? { headers: { "Retry-After": String(Math.max(1, retry)) } } : {}),
    });
  }

  // Guardrails: the one place on the server where listed numbers leave the file, for starts and re-runs alike.
  const screened = await screenContacts(workspace, summary.csv);
  const counts: IntakeCounts = {
    rows: summary.rows,
    valid: summary.valid,
    invalid: summary.invalid.length,
    duplicates: summary.duplicates.length,
    doNotCall: screened.removed,
  };
  if (screened.rows === 0) {
    return audit(
      refusal(
        refuse(422, "unprocessable", "Every valid number in the file is on the do-not-call list: nothing to send."),
      ),
      { ...counts },
    );
  }

  // Calling hours, after the list: refused outside the window unless a reason was typed; a split part keeps its rows.
  const hours = clearCallingHours(workspace, screened, form, now);
  if (!hours.ok) {
    return audit({ kind: "error", status: hours.status, code: hours.code, message: hours.message }, { ...counts });
  }
  if (hours.rows === 0) {
    return audit(refusal(refuse(422, "unprocessable", "This part has no numbers left to call: nothing to send.")), {
      ...counts,
      ...hours.audit,
    });
  }

  maybePrune(workspace);
  const claim = await claimStart(
    workspace,
    person,
    {
      idempotencyKey: form.idempotencyKey,
      fileSha256: sha,
      fileName: form.file.name,
      kind: form.parentBatchId ? "rerun" : "start",
      parentBatchId: form.parentBatchId,
      ...(form.split ? { runId: form.split.runId, runPart: form.split.part } : {}),
      agentId: form.agentId,
      agentName,
      scheduledAt: hours.scheduledAt,
      rowsSent: hours.rows,
    },
    now,
  );
  // Another request with this key recorded first (a double click, a second tab, another instance): it sends, not us.
  if (!claim.claimed) return audit(await answerRepeat(workspace, claim.record, form, sha, person));

  const outcome = await startBatchCall(
    workspace,
    {
      file: { name: form.file.name, bytes: new TextEncoder().encode(hours.csv) as Uint8Array<ArrayBuffer> },
      agentId: form.agentId,
      ...(hours.scheduledAt ? { scheduledAt: hours.scheduledAt.toISOString().replace(/\.\d{3}Z$/, "Z") } : {}),
      ...(form.smartCallbackConfig ? { smartCallbackConfig: form.smartCallbackConfig } : {}),
    },
    person.id,
  );

  if (outcome.kind === "not_sent") {
    // Nothing left this server: the record goes, so the same key may try again.
    await releaseStart(workspace, form.idempotencyKey);
    const retry = outcome.retryAfterSeconds;
    return audit(
      {
        kind: "error",
        status: retry !== undefined ? 429 : 502,
        code: retry !== undefined ? "rate_limited" : "upstream_error",
        message: "Trillet could not take the request right now; nothing was sent. Try again in a moment.",
        ...(retry !== undefined ? { headers: { "Retry-After": String(Math.max(1, Math.ceil(retry))) } } : {}),
      },
      { ...counts, ...hours.audit, reason: outcome.reason.slice(0, 200) },
    );
  }

  const settled = settleOutcome(outcome);
  const record = await settleStart(workspace, form.idempotencyKey, settled);
  // Settled meanwhile by another instance's expiry (this request outlived its own deadline): the record stands.
  const current = record ?? (await findStart(workspace, form.idempotencyKey));
  if (!current) throw new Error("a start record vanished before it was settled");
  if (current.state !== "started" || outcome.kind !== "answered") {
    return audit(answerRecorded(current, true), {
      ...counts,
      ...hours.audit,
      ...(outcome.kind === "unknown" ? { reason: outcome.reason } : {}),
    });
  }

  const view = viewOf(current);
  await recordStartedBatch(workspace, outcome.answer.batchId, person, {
    origin: {
      kind: form.parentBatchId ? "rerun" : "start",
      agentId: form.agentId,
      agentName,
      fileName: form.file.name,
      rowsSent: hours.rows,
      totalCalls: outcome.answer.totalCalls ?? null,
      scheduledAt: hours.scheduledAt?.toISOString() ?? null,
      ...(form.split ? { part: { number: form.split.part, of: form.split.parts, zoneGroup: form.split.label } } : {}),
    },
    ...(form.parentBatchId ? { parentBatchId: form.parentBatchId } : {}),
    ...(form.split ? { runId: form.split.runId } : {}),
    ...(form.label ? { label: form.label } : {}),
    ...(outcome.answer.status ? { status: outcome.answer.status } : {}),
  });
  return audit(
    { kind: "started", status: 201, start: view, counts },
    { ...counts, ...hours.audit, rowsSent: hours.rows },
  );
}

function maybePrune(workspace: WorkspaceConfig): void {
  const at = Date.now();
  if (at - (pruned.__batchConsoleStartsPrunedAt ?? 0) < pruneEveryMs) return;
  pruned.__batchConsoleStartsPrunedAt = at;
  void pruneStarts(workspace, getConfig().database.activityRetentionDays).catch(() => undefined);
}

/** POST's whole path: the form read and checked (each refusal audited, with the reason), then `startBatch`. */
export async function startFromRequest(
  request: Request,
  workspace: WorkspaceConfig,
  person: Person,
): Promise<StartResult> {
  const form = await readStartForm(request);
  if (form.ok) return startBatch(workspace, person, form.form);
  const result = refusal(form);
  recordOperation({
    workspace,
    person,
    action: "batch.start",
    outcome: "refused",
    status: result.status,
    details: { code: form.code, reason: form.message.slice(0, 200) },
  });
  return result;
}
