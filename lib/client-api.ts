import { batchCallsSchema, type BatchCalls } from "@/lib/trillet/schemas";

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

export type LiveCalls = { key: string; calls: BatchCalls; pollAfterMs: number; receivedAt: number };

/** Browser side of GET /api/.../calls: the data, the server's polling hint, and errors as ApiClientError. */
export async function fetchCalls(key: string): Promise<LiveCalls> {
  let response: Response;
  try {
    response = await fetch(key, { headers: { accept: "application/json" }, cache: "no-store" });
  } catch {
    throw new ApiClientError(0, "network", "Could not reach Batch Console. Check your connection.");
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new ApiClientError(
      response.status,
      typeof body?.error?.code === "string" ? body.error.code : "unknown",
      typeof body?.error?.message === "string" ? body.error.message : "The server did not answer as expected.",
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  const parsed = batchCallsSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ApiClientError(502, "bad_response", "The server sent data this page cannot read.");
  const hint = Number(response.headers.get("x-poll-after-ms"));
  return { key, calls: parsed.data, pollAfterMs: Number.isFinite(hint) && hint > 0 ? hint : 3_000, receivedAt: Date.now() };
}
