import "server-only";
import type { z } from "zod";
import { apiKeyFor, getConfig, type WorkspaceConfig } from "@/lib/config";
import { clampPause, sleep, type Priority } from "./budget";
import { budgetFor } from "./shared-budget";
import { isTrilletError, TrilletError } from "./errors";

const overallBudgetMs = 10_000;
/** An interactive read waits for budget only while this much of its deadline is left for the request itself. */
const minAttemptMs = 2_000;
/**
 * The longest a person's read waits for budget: past it the answer is 429 with Retry-After, which the page honours
 * before it polls again, rather than a response that hangs for seconds.
 */
export const interactiveBudgetWaitMs = 2_000;
const maxRetries = 2;
const backoffBaseMs = 200;
const backoffCapMs = 2_000;

export type UpstreamOptions = {
  priority?: Priority;
  signal?: AbortSignal;
  /** Exports wait for budget instead of failing; their deadline is per request, not per export. */
  deadlineMs?: number;
  /** The signed-in person an interactive read is for: it counts against their fair share and their workspace's. */
  user?: string;
};

/** Retry-After in seconds (a number or an HTTP date), clamped: a wrong header must not stop us for an hour. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return clampPause(Number(header.trim()));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : clampPause(Math.ceil((date - Date.now()) / 1000));
}

function errorForStatus(status: number, retryAfter: number | undefined): TrilletError {
  if (status === 404) return new TrilletError("not_found", { status });
  if (status === 401 || status === 403) return new TrilletError("unauthorized", { status });
  if (status === 429) return new TrilletError("rate_limited", { status, retryAfterSeconds: retryAfter });
  // A 503 may say when to come back, like a 429.
  return new TrilletError("upstream_error", { status, retryAfterSeconds: status === 503 ? retryAfter : undefined });
}

const isRetryable = (error: TrilletError) =>
  error.kind === "rate_limited" ||
  error.kind === "timeout" ||
  (error.kind === "upstream_error" && (error.detail.status === undefined || error.detail.status >= 500));

/** A 2xx answer's body, not yet parsed: see `parseAnswer`. */
export type UpstreamAnswer = { status: number; text: string };

/** Reads a 2xx response's body; may throw a TrilletError (say, a body too large). */
type BodyReader<T> = (response: Response) => Promise<T>;

const readText: BodyReader<UpstreamAnswer> = async (response) => ({
  status: response.status,
  text: await response.text(),
});

async function attempt<T>(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  read: BodyReader<T>,
): Promise<T> {
  // A plain controller and timer, both released when the attempt ends: AbortSignal.timeout() would
  // keep each request's fetch state reachable for the whole timeout, which an export multiplies by
  // a thousand pages.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) forwardAbort();
  else signal?.addEventListener("abort", forwardAbort, { once: true });
  let response: Response;
  let body: T | undefined;
  try {
    response = await fetch(url, { headers, cache: "no-store", redirect: "error", signal: controller.signal });
    if (response.ok) body = await read(response);
    else await response.body?.cancel();
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    if (isTrilletError(cause)) throw cause;
    if (timedOut) throw new TrilletError("timeout", { cause: "no answer within the attempt's timeout" });
    throw new TrilletError("upstream_error", { cause: cause instanceof Error ? cause.message : "network error" });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", forwardAbort);
  }
  if (!response.ok) throw errorForStatus(response.status, retryAfterSeconds(response.headers.get("retry-after")));
  return body as T;
}

/** Parses and validates an answer; a reply that is not what the docs promise is `bad_response` (never retried). */
export function parseAnswer<T>(answer: UpstreamAnswer, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new TrilletError("bad_response", { status: answer.status, cause: "not JSON" });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TrilletError("bad_response", {
      status: answer.status,
      cause: `unexpected shape at ${issue?.path.join(".") || "root"}`,
    });
  }
  return parsed.data;
}

/**
 * GET one Trillet path for a workspace: the body of its 2xx answer. The only place that attaches
 * the two Trillet headers. Retries network errors, timeouts, 5xx and 429 (at most twice,
 * full-jitter backoff, honouring Retry-After) within one overall deadline.
 */
export function getTrilletAnswer(
  workspace: WorkspaceConfig,
  path: string,
  options: UpstreamOptions = {},
): Promise<UpstreamAnswer> {
  return getUpstream(workspace, path, options, "application/json", readText);
}

export type UpstreamBytes = { contentType: string; bytes: Uint8Array };

/**
 * GET one Trillet path whose answer is a file (a recording): its bytes, at most `maxBytes` (a larger
 * one is `bad_response`), with the same budget, retries and deadline as every read.
 */
export function getTrilletBytes(
  workspace: WorkspaceConfig,
  path: string,
  maxBytes: number,
  options: UpstreamOptions = {},
): Promise<UpstreamBytes> {
  return getUpstream(workspace, path, options, "audio/*, video/mp4;q=0.9, */*;q=0.1", async (response) => {
    const tooLarge = () => new TrilletError("bad_response", { status: response.status, cause: "file too large" });
    if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (let next = await reader?.read(); reader && next && !next.done; next = await reader.read()) {
      size += next.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(next.value);
    }
    return { contentType: response.headers.get("content-type") ?? "", bytes: Buffer.concat(chunks, size) };
  });
}

async function getUpstream<T>(
  workspace: WorkspaceConfig,
  path: string,
  options: UpstreamOptions,
  accept: string,
  read: BodyReader<T>,
): Promise<T> {
  const { trillet } = getConfig();
  const apiKey = apiKeyFor(workspace);
  const budget = budgetFor(apiKey);
  const headers = { "x-api-key": apiKey, "x-workspace-id": workspace.id, accept };
  const url = `${trillet.baseUrl}${path}`;
  const priority = options.priority ?? "interactive";
  const start = Date.now();
  const deadline = start + (options.deadlineMs ?? overallBudgetMs);

  for (let retry = 0; ; retry++) {
    const spender = options.user ? { user: options.user, workspace: workspace.id } : undefined;
    await budget.take(
      priority,
      // A slot granted at the last moment would only buy a timeout: past this, answer 429 with Retry-After.
      priority === "interactive"
        ? Math.min(deadline - minAttemptMs, Date.now() + interactiveBudgetWaitMs)
        : Number.POSITIVE_INFINITY,
      options.signal,
      spender,
    );
    // Budget waits don't eat a background request's own time to answer.
    const attemptDeadline = priority === "interactive" ? deadline : Math.max(deadline, Date.now() + trillet.timeoutMs);
    const remaining = attemptDeadline - Date.now();
    if (remaining <= 0) throw new TrilletError("timeout");
    try {
      return await attempt(url, headers, Math.min(trillet.timeoutMs, remaining), options.signal, read);
    } catch (error) {
      if (!isTrilletError(error)) throw error;
      const pauseSeconds = error.detail.retryAfterSeconds ?? (error.kind === "rate_limited" ? 1 : undefined);
      if (pauseSeconds !== undefined) await budget.pause(pauseSeconds);
      if (!isRetryable(error) || retry >= maxRetries) throw error;
      const delay =
        error.detail.retryAfterSeconds !== undefined
          ? error.detail.retryAfterSeconds * 1000
          : Math.random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** retry);
      if (priority === "interactive" && Date.now() + delay >= deadline) throw error;
      await sleep(delay, options.signal);
    }
  }
}

/** GET one Trillet path and validate its answer against `schema`. */
export async function getTrillet<T>(
  workspace: WorkspaceConfig,
  path: string,
  schema: z.ZodType<T>,
  options: UpstreamOptions = {},
): Promise<T> {
  return parseAnswer(await getTrilletAnswer(workspace, path, options), schema);
}
