import { errorBrand } from "@/lib/runtime/error-brand";

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

export type TrilletErrorDetail = {
  status?: number;
  retryAfterSeconds?: number;
  cause?: string;
  /**
   * Refused before any request left, for the reader's own fair share of the budget rather than the key's: true of
   * this reader only, so it is never handed to a colleague who waited on the same read.
   */
  ownShare?: true;
};

const brand = errorBrand("TrilletError");

/** A failure talking to Trillet, in words fit for a user; never carries the key or the upstream body. */
export class TrilletError extends Error {
  constructor(
    readonly kind: TrilletErrorKind,
    readonly detail: TrilletErrorDetail = {},
  ) {
    super(messages[kind]);
    this.name = "TrilletError";
    brand.mark(this);
  }
}

export const isTrilletError = (error: unknown): error is TrilletError => brand.is(error);

/** A refusal that belongs to one reader's fair share (see `TrilletErrorDetail.ownShare`). */
export const isOwnShareRefusal = (error: unknown): boolean => isTrilletError(error) && error.detail.ownShare === true;
