import type { BatchCallRows, FailureReasonRows } from "@/lib/call-rows";

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export type LiveCalls = { key: string; calls: BatchCallRows; pollAfterMs: number; receivedAt: number };

// The server validated Trillet's data with zod; the browser re-checks only the shape it reads,
// by hand, so zod (~28 kB) stays out of the page.
type Check = (value: unknown) => boolean;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isText: Check = (value) => typeof value === "string";
const isCount: Check = (value) => Number.isInteger(value) && (value as number) >= 0;
const isOptionalNumber: Check = (value) => value === undefined || (typeof value === "number" && Number.isFinite(value));
const isOptionalText: Check = (value) => value === undefined || typeof value === "string";
const hasFields = (value: unknown, fields: Record<string, Check>): boolean =>
  isRecord(value) && Object.entries(fields).every(([name, check]) => check(value[name]));
const isListOf = (check: Check): Check => (value) => Array.isArray(value) && value.every(check);

const isCallRow: Check = (value) =>
  hasFields(value, {
    jobId: isText,
    status: isText,
    phone_number: isText,
    phoneDisplay: isText,
    startTime: isOptionalNumber,
    endTime: isOptionalNumber,
    duration: isOptionalNumber,
    error: isOptionalText,
    metadata: (metadata) => isRecord(metadata) && Object.values(metadata).every(isText),
  });

const isBatchCallRows = (value: unknown): value is BatchCallRows =>
  hasFields(value, {
    calls: isListOf(isCallRow),
    pagination: (pagination) =>
      hasFields(pagination, {
        page: isCount,
        limit: isCount,
        total: isCount,
        totalPages: isCount,
        hasNext: (flag) => typeof flag === "boolean",
        hasPrev: (flag) => typeof flag === "boolean",
      }),
    summary: (summary) => hasFields(summary, { total: isCount, waiting: isCount, active: isCount, completed: isCount, failed: isCount }),
  });

const isFailureReasonRows = (value: unknown): value is FailureReasonRows =>
  hasFields(value, {
    totalFailed: isCount,
    examined: isCount,
    complete: (flag) => typeof flag === "boolean",
    reasons: isListOf((reason) =>
      hasFields(reason, {
        reason: isText,
        count: isCount,
        calls: isListOf((call) => hasFields(call, { jobId: isText, phone_number: isText, phoneDisplay: isText, endTime: isOptionalNumber })),
      }),
    ),
  });

async function getJson(url: string): Promise<{ response: Response; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  } catch {
    throw new ApiClientError(0, "network", "Could not reach Batch Console. Check your connection.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new ApiClientError(
      response.status,
      typeof error.code === "string" ? error.code : "unknown",
      typeof error.message === "string" ? error.message : "The server did not answer as expected.",
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return { response, body };
}

// When each view last got an answer. Kept apart from the data so an unchanged poll re-renders only
// the "updated … ago" line, not the table (see sameLiveCalls).
const receivedAtByKey = new Map<string, number>();
const receivedListeners = new Set<() => void>();

export function subscribeReceived(listener: () => void): () => void {
  receivedListeners.add(listener);
  return () => {
    receivedListeners.delete(listener);
  };
}

export function lastReceivedAt(key: string): number | undefined {
  return receivedAtByKey.get(key);
}

/** Browser side of GET /api/.../calls: the data, the server's polling hint, and errors as ApiClientError. */
export async function fetchCalls(key: string): Promise<LiveCalls> {
  const { response, body } = await getJson(key);
  if (!isBatchCallRows(body)) throw new ApiClientError(502, "bad_response", "The server sent data this page cannot read.");
  const hint = Number(response.headers.get("x-poll-after-ms"));
  const receivedAt = Date.now();
  receivedAtByKey.set(key, receivedAt);
  receivedListeners.forEach((notify) => notify());
  return { key, calls: body, pollAfterMs: Number.isFinite(hint) && hint > 0 ? hint : 3_000, receivedAt };
}

/** Two answers that would render the same page: a poll that changed nothing keeps the data SWR already has. */
export function sameLiveCalls(a: LiveCalls | undefined, b: LiveCalls | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.key === b.key && a.pollAfterMs === b.pollAfterMs && JSON.stringify(a.calls) === JSON.stringify(b.calls);
}

/** Browser side of GET /api/.../failures. */
export async function fetchFailureReasons(url: string): Promise<FailureReasonRows> {
  const { body } = await getJson(url);
  if (!isFailureReasonRows(body)) throw new ApiClientError(502, "bad_response", "The server sent data this page cannot read.");
  return body;
}
