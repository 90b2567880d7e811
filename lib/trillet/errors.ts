export type TrilletErrorKind =
  "not_found" | "unauthorized" | "rate_limited" | "timeout" | "bad_response" | "upstream_error";

const messages: Record<TrilletErrorKind, string> = {
  not_found: "Trillet has no batch with this id in this workspace.",
  unauthorized:
    "Trillet refused this server's API key or workspace id. An administrator needs to check the server configuration.",
  rate_limited: "Trillet's rate limit is reached. Try again in a moment.",
  timeout: "Trillet did not answer in time. Try again.",
  bad_response: "Trillet sent a reply this console cannot read. Try again later.",
  upstream_error: "Trillet is having trouble answering right now. Try again.",
};

/** A failure talking to Trillet, in words fit for a user; never carries the key or the upstream body. */
export class TrilletError extends Error {
  constructor(
    readonly kind: TrilletErrorKind,
    readonly detail: { status?: number; retryAfterSeconds?: number; cause?: string } = {},
  ) {
    super(messages[kind]);
    this.name = "TrilletError";
  }
}

export function isTrilletError(error: unknown): error is TrilletError {
  return error instanceof TrilletError;
}
