import type { IncomingMessage } from "node:http";
import { parse } from "csv-parse/sync";
import { buildView } from "./batch-view.js";
import { mulberry32, pickWeighted } from "./prng.js";
import type { Batch, BatchView, Call, CallStatus } from "./types.js";

// The endpoints that act: POST /v1/api/batch-calls (a new batch from a CSV, which then runs live), DELETE
// /v1/api/batch-calls/{id} (cancel) and GET /v1/api/agents. Validation follows the vendor's reference.

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_BODY_BYTES = MAX_FILE_BYTES + 256 * 1024;

/** A secret-looking field on one agent: the console must never let it reach a browser. */
export const AGENT_SECRET = "enc:sk_el_SIMULATED_VOICE_KEY_4b7e_MUST_NOT_LEAK";

type SimAgent = { _id: string; name: string; status: string; type: string; workspaceId: string } & Record<
  string,
  unknown
>;

const AGENTS: SimAgent[] = [
  {
    _id: "agent_renewals_v3",
    name: "Renewals v3",
    status: "active",
    type: "voice",
    workspaceId: "ws_acme",
    llmModel: "gpt-4o-mini",
    ttsModel: "eleven_turbo_v2",
    activeSessions: 0,
    createdAt: "2026-03-02T10:00:00.000Z",
    voiceSettings: { provider: "elevenlabs", encryptedApiKey: AGENT_SECRET },
  },
  {
    _id: "agent_reminders",
    name: "Appointment reminders",
    status: "active",
    type: "voice",
    workspaceId: "ws_acme",
    llmModel: "gpt-4o",
    activeSessions: 2,
    createdAt: "2026-01-15T09:30:00.000Z",
  },
  {
    _id: "agent_old_survey",
    name: "Survey (retired)",
    status: "inactive",
    type: "voice",
    workspaceId: "ws_acme",
    createdAt: "2025-06-01T08:00:00.000Z",
  },
  {
    _id: "agent_globex_sales",
    name: "Globex outbound",
    status: "active",
    type: "voice",
    workspaceId: "ws_globex",
    createdAt: "2026-02-20T12:00:00.000Z",
  },
];

export function agentsOf(workspaceId: string): SimAgent[] {
  return AGENTS.filter((agent) => agent.workspaceId === workspaceId);
}

export type ActionRoute = { action: "create" } | { action: "cancel"; batchId: string } | { action: "agents" };

/** The acting routes, by method and path; undefined for every other request. */
export function matchActionRoute(method: string, path: string): ActionRoute | undefined {
  const trimmed = path.replace(/\/$/, "");
  if (trimmed === "/v1/api/agents" && method === "GET") return { action: "agents" };
  if (trimmed === "/v1/api/batch-calls" && method === "POST") return { action: "create" };
  const match = /^\/v1\/api\/batch-calls\/([^/]+)$/.exec(trimmed);
  if (match && method === "DELETE") {
    try {
      return { action: "cancel", batchId: decodeURIComponent(match[1]!) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const ERRORS = [
  ["No answer", 5],
  ["Voicemail detected", 3],
  ["Number busy", 2],
  ["Invalid number", 1],
] as const;

type Planned = {
  jobId: string;
  phone_number: string;
  metadata: Record<string, string>;
  start: number;
  end: number;
  error?: string;
};

/** A batch started through the API: runs live from its start time, and may be cancelled. */
export type CreatedBatch = Batch & {
  totalCalls: number;
  cancel(nowMs: number): { completedCalls: number; failedCalls: number; cancelledCalls: number; totalCalls: number };
  cancelledAt?: number;
};

export const CANCELLED_ERROR = "Cancelled";

export function createdBatch(options: {
  id: string;
  workspaceId: string;
  rows: Record<string, string>[];
  startsAt: number;
  /** How long a batch of this size takes from its first call to its last. */
  durationMs: number;
  seed: number;
}): CreatedBatch {
  const rng = mulberry32(options.seed);
  const total = options.rows.length;
  const slot = options.durationMs / (total + 6);
  const plan: Planned[] = options.rows.map((row, index) => {
    const { phone_number: phone, ...metadata } = row;
    const start = Math.round(slot * (index + 1 + rng() * 0.5));
    const failed = rng() < 0.15;
    const end = start + Math.round(slot * (failed ? 1 + rng() : 2 + rng() * 3));
    return {
      jobId: `call_${options.id}_${String(index + 1).padStart(5, "0")}`,
      phone_number: phone ?? "",
      metadata,
      start,
      end,
      ...(failed ? { error: pickWeighted(ERRORS, rng()) } : {}),
    };
  });
  let cancelledAt: number | undefined;
  const statusOf = (planned: Planned, elapsed: number): CallStatus => {
    const at = cancelledAt === undefined ? elapsed : Math.min(elapsed, cancelledAt - options.startsAt);
    if (at < planned.start) return cancelledAt === undefined ? "waiting" : "failed";
    // Active calls finish after a cancel, as the vendor says.
    if (elapsed < planned.end) return "active";
    return planned.error === undefined ? "completed" : "failed";
  };
  const callAt = (planned: Planned, elapsed: number): Call => {
    const status = statusOf(planned, elapsed);
    const { jobId, phone_number, metadata } = planned;
    const startTime = options.startsAt + planned.start;
    const endTime = options.startsAt + planned.end;
    if (status === "waiting") return { jobId, status, phone_number, metadata };
    if (status === "active") return { jobId, status, phone_number, startTime, metadata };
    if (status === "failed" && cancelledAt !== undefined && cancelledAt - options.startsAt < planned.start) {
      return { jobId, status, phone_number, endTime: cancelledAt, error: CANCELLED_ERROR, metadata };
    }
    if (status === "failed") return { jobId, status, phone_number, startTime, endTime, error: planned.error, metadata };
    return {
      jobId,
      status,
      phone_number,
      startTime,
      endTime,
      duration: Math.max(1, Math.round((endTime - startTime) / 1000)),
      metadata,
    };
  };
  const view = (nowMs: number): BatchView => {
    const elapsed = nowMs - options.startsAt;
    const calls = plan.map((planned) => callAt(planned, elapsed));
    const built = buildView(
      { total: calls.length, statusAt: (index) => calls[index]!.status, callAt: (index) => calls[index]! },
      cancelledAt !== undefined ? "cancelled" : undefined,
    );
    return built;
  };
  const batch: CreatedBatch = {
    id: options.id,
    workspaceId: options.workspaceId,
    totalCalls: total,
    view,
    cancel(nowMs) {
      const before = view(nowMs).summary;
      cancelledAt ??= nowMs;
      batch.cancelledAt = cancelledAt;
      return {
        completedCalls: before.completed,
        failedCalls: before.failed,
        cancelledCalls: before.waiting,
        totalCalls: before.total,
      };
    },
  };
  return batch;
}

export type CreateInput = { rows: Record<string, string>[]; agentId: string; scheduledAt?: number; fileName: string };

/** Reads the body, at most 20 MB and the fields' room: undefined once it passes that. */
export async function readBodyBytes(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

const scheduledAtPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function validCallbackConfig(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const config = value as { enabled?: unknown; maxAttempts?: unknown; gaps?: unknown };
  if (typeof config.enabled !== "boolean") return false;
  if (
    config.maxAttempts !== undefined &&
    !(Number.isInteger(config.maxAttempts) && (config.maxAttempts as number) >= 1)
  )
    return false;
  if (config.gaps === undefined) return true;
  return (
    Array.isArray(config.gaps) &&
    config.gaps.every(
      (gap: unknown) =>
        typeof gap === "object" &&
        gap !== null &&
        Number.isInteger((gap as { days?: unknown }).days ?? 0) &&
        Number.isInteger((gap as { hours?: unknown }).hours ?? 0),
    )
  );
}

/** Checks a start's multipart body as the docs describe it: the input of a new batch, or the 4xx to answer. */
export async function readCreate(
  req: IncomingMessage,
  workspaceId: string,
  now: number,
): Promise<{ ok: true; input: CreateInput } | { ok: false; status: number; error: string }> {
  const contentType = req.headers["content-type"] ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return { ok: false, status: 400, error: "Content-Type must be multipart/form-data" };
  }
  const body = await readBodyBytes(req);
  if (body === undefined) return { ok: false, status: 413, error: "File exceeds the 20MB limit" };
  let form: FormData;
  try {
    form = await new Response(
      new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer>,
      { headers: { "content-type": contentType } },
    ).formData();
  } catch {
    return { ok: false, status: 400, error: "Invalid multipart body" };
  }
  const file = form.get("file");
  if (file === null || typeof file === "string") return { ok: false, status: 400, error: "file is required" };
  if (file.size > MAX_FILE_BYTES) return { ok: false, status: 400, error: "File exceeds the 20MB limit" };
  const agentId = form.get("agentId");
  if (typeof agentId !== "string" || agentId === "") return { ok: false, status: 400, error: "agentId is required" };
  if (!agentsOf(workspaceId).some((agent) => agent._id === agentId)) {
    return { ok: false, status: 404, error: "Agent not found" };
  }
  const scheduled = form.get("scheduledAt");
  let scheduledAt: number | undefined;
  if (scheduled !== null) {
    if (typeof scheduled !== "string" || !scheduledAtPattern.test(scheduled) || Number.isNaN(Date.parse(scheduled))) {
      return { ok: false, status: 400, error: "scheduledAt must be UTC in the format YYYY-MM-DDTHH:MM:SSZ" };
    }
    scheduledAt = Date.parse(scheduled);
    if (scheduledAt < now - 60_000) return { ok: false, status: 400, error: "scheduledAt must be in the future" };
  }
  const callback = form.get("smartCallbackConfig");
  if (callback !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(callback));
    } catch {
      return { ok: false, status: 400, error: "smartCallbackConfig must be a JSON string" };
    }
    if (!validCallbackConfig(parsed)) return { ok: false, status: 400, error: "Invalid smartCallbackConfig" };
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(await file.text(), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch {
    return { ok: false, status: 400, error: "Invalid CSV file" };
  }
  if (rows.length === 0) return { ok: false, status: 400, error: "CSV file has no rows" };
  if (!Object.hasOwn(rows[0]!, "phone_number")) {
    return { ok: false, status: 400, error: "CSV must contain a phone_number column" };
  }
  return { ok: true, input: { rows, agentId, scheduledAt, fileName: file.name } };
}
