import "server-only";
import { z } from "zod";
import { apiKeyFor, getConfig, type WorkspaceConfig } from "@/lib/config";
import { sharedRead } from "@/lib/state/shared-reads";
import { getTrillet } from "./http";
import { readScope } from "./index";
import { budgetFor } from "./shared-budget";
import { isTrilletError, TrilletError } from "./errors";

// The three requests that act rather than read: start a batch, cancel one, and the agent list a start needs.
// A start is never retried and never coalesced: a second POST can start a second batch (no idempotency key upstream).

/** An agent as it may leave the server: Trillet's objects can carry secrets, so only these three fields. */
export const agentSchema = z.object({ _id: z.string().min(1).max(200), name: z.string().max(500), status: z.string() });
export type Agent = z.infer<typeof agentSchema>;

// Tolerant: an agent that cannot be read is left out rather than failing the list.
const agentListSchema = z.array(z.unknown()).transform((items) =>
  items.flatMap((item) => {
    const parsed = z
      .object({ _id: z.string().min(1).max(200), name: z.string().max(500).catch(""), status: z.string().catch("") })
      .safeParse(item);
    return parsed.success ? [{ _id: parsed.data._id, name: parsed.data.name, status: parsed.data.status }] : [];
  }),
);

/** Agents change rarely: one read a minute per workspace and key, shared by every instance through the budget. */
export const agentsCacheMs = 60_000;

/** The workspace's agents (`_id`, `name`, `status` only), cached for a minute across instances. */
export function listAgents(workspace: WorkspaceConfig, user?: string): Promise<Agent[]> {
  const path = "/v1/api/agents";
  return sharedRead("trillet-agents", readScope(workspace, path), { ttlMs: agentsCacheMs, lockMs: 12_000 }, () =>
    getTrillet(workspace, path, agentListSchema, user ? { user } : {}),
  );
}

export const startAnswerSchema = z.object({
  batchId: z.string().min(1).max(200),
  totalCalls: z.number().int().nonnegative().nullish(),
  status: z.string().max(100).nullish(),
  message: z.string().max(2_000).nullish(),
});
export type StartAnswer = z.infer<typeof startAnswerSchema>;

export type StartRequest = {
  file: { name: string; bytes: Uint8Array<ArrayBuffer> };
  agentId: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`, or absent to start at once. */
  scheduledAt?: string;
  /** Sent as Trillet wants it: a JSON string. */
  smartCallbackConfig?: string;
};

/**
 * What became of one POST. `not_sent`: it never left (budget refused, connection refused), nothing started.
 * `answered`: Trillet answered 2xx with a batch. `refused`: Trillet answered an error status. `unknown`: the
 * request left and its answer was lost or unreadable, so a batch may or may not exist.
 */
export type StartOutcome =
  | { kind: "answered"; status: number; answer: StartAnswer }
  | { kind: "refused"; status: number; error: string; retryAfterSeconds?: number }
  | { kind: "not_sent"; reason: string; retryAfterSeconds?: number }
  | { kind: "unknown"; reason: string };

/** The longest one start may wait for Trillet's answer: an upload of up to 20 MB, so longer than a read. */
export function startTimeoutMs(): number {
  return Math.max(4 * getConfig().trillet.timeoutMs, 2_000);
}

const notSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

async function errorText(response: Response): Promise<string> {
  const text = (await response.text().catch(() => "")).slice(0, 4_000);
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const said = typeof body.error === "string" ? body.error : typeof body.message === "string" ? body.message : "";
    return said.slice(0, 300);
  } catch {
    return "";
  }
}

/** One request that changes something upstream: takes one from the key's budget, then exactly one attempt. */
async function sendOnce(
  workspace: WorkspaceConfig,
  method: "POST" | "DELETE",
  path: string,
  body: FormData | undefined,
  timeoutMs: number,
  user?: string,
): Promise<{ sent: false; error: TrilletError } | { sent: true; response?: Response; failure?: unknown }> {
  const { trillet } = getConfig();
  const apiKey = apiKeyFor(workspace);
  try {
    await budgetFor(apiKey).take(
      "interactive",
      Date.now() + 2_000,
      undefined,
      user ? { user, workspace: workspace.id } : undefined,
    );
  } catch (error) {
    if (isTrilletError(error)) return { sent: false, error };
    throw error;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${trillet.baseUrl}${path}`, {
      method,
      headers: { "x-api-key": apiKey, "x-workspace-id": workspace.id, accept: "application/json" },
      body,
      cache: "no-store",
      redirect: "error",
      signal: controller.signal,
    });
    return { sent: true, response };
  } catch (failure) {
    const code = causeCode(failure);
    if (code && notSentCodes.has(code)) {
      return { sent: false, error: new TrilletError("upstream_error", { cause: `not sent: ${code}` }) };
    }
    return { sent: true, failure };
  } finally {
    clearTimeout(timer);
  }
}

/** POST /v1/api/batch-calls: exactly one attempt, never retried, with what became of it. */
export async function startBatchCall(
  workspace: WorkspaceConfig,
  request: StartRequest,
  user?: string,
): Promise<StartOutcome> {
  const form = new FormData();
  form.set("file", new Blob([request.file.bytes], { type: "text/csv" }), request.file.name);
  form.set("agentId", request.agentId);
  if (request.scheduledAt) form.set("scheduledAt", request.scheduledAt);
  if (request.smartCallbackConfig) form.set("smartCallbackConfig", request.smartCallbackConfig);
  const timeoutMs = startTimeoutMs();
  const result = await sendOnce(workspace, "POST", "/v1/api/batch-calls", form, timeoutMs, user);
  if (!result.sent) {
    return {
      kind: "not_sent",
      reason: result.error.detail.cause ?? result.error.kind,
      retryAfterSeconds: result.error.detail.retryAfterSeconds,
    };
  }
  const { response } = result;
  if (!response) {
    const aborted = (result.failure as { name?: string } | undefined)?.name === "AbortError";
    return {
      kind: "unknown",
      reason: aborted ? `no answer within ${timeoutMs} ms` : "the connection failed after sending",
    };
  }
  if (!response.ok) {
    const retry = Number(response.headers.get("retry-after"));
    const error = await errorText(response);
    // A 429 is Trillet saying it did not take the request: nothing started.
    if (response.status === 429) {
      await budgetFor(apiKeyFor(workspace)).pause(Number.isFinite(retry) && retry > 0 ? retry : 1);
      return { kind: "not_sent", reason: "rate limited by Trillet", retryAfterSeconds: retry > 0 ? retry : 1 };
    }
    return { kind: "refused", status: response.status, error };
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    return { kind: "unknown", reason: "the answer broke off" };
  }
  try {
    const parsed = startAnswerSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: "answered", status: response.status, answer: parsed.data };
  } catch {
    // Not JSON: below.
  }
  return { kind: "unknown", reason: "Trillet's answer could not be read" };
}

export const cancelAnswerSchema = z.object({
  batchId: z.string().min(1).max(200).optional(),
  status: z.string().max(100).optional(),
  message: z.string().max(2_000).nullish(),
  details: z.object({
    completedCalls: z.number().int().nonnegative(),
    failedCalls: z.number().int().nonnegative(),
    cancelledCalls: z.number().int().nonnegative(),
    totalCalls: z.number().int().nonnegative(),
  }),
});
export type CancelAnswer = z.infer<typeof cancelAnswerSchema>;

/**
 * DELETE /v1/api/batch-calls/{batchId}: one attempt. A cancel is safe to repeat, but it is an action a person
 * asked for once: failures are answered, not retried behind their back. Throws TrilletError.
 */
export async function cancelBatchCall(
  workspace: WorkspaceConfig,
  batchId: string,
  user?: string,
): Promise<CancelAnswer> {
  const path = `/v1/api/batch-calls/${encodeURIComponent(batchId)}`;
  const result = await sendOnce(workspace, "DELETE", path, undefined, getConfig().trillet.timeoutMs, user);
  if (!result.sent) throw result.error;
  const { response } = result;
  if (!response) {
    const aborted = (result.failure as { name?: string } | undefined)?.name === "AbortError";
    throw new TrilletError(aborted ? "timeout" : "upstream_error", { cause: "cancel: no answer" });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 404) throw new TrilletError("not_found", { status: 404 });
    if (response.status === 401 || response.status === 403)
      throw new TrilletError("unauthorized", { status: response.status });
    if (response.status === 429) throw new TrilletError("rate_limited", { status: 429, retryAfterSeconds: 1 });
    throw new TrilletError("upstream_error", { status: response.status });
  }
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch {
    throw new TrilletError("bad_response", { status: response.status, cause: "not JSON" });
  }
  const parsed = cancelAnswerSchema.safeParse(json);
  if (!parsed.success) throw new TrilletError("bad_response", { status: response.status, cause: "cancel answer" });
  return parsed.data;
}
