"use client";

/** What the review knows when the server's checks (do-not-call list, calling hours) run. */
export type ServerChecksProps = {
  slug: string;
  /** The exact file that will be sent. */
  file: Blob;
  /** UTC start, `YYYY-MM-DDTHH:MM:SSZ`; absent: now. */
  scheduledAt?: string;
  smartCallbackConfig?: string;
};

/**
 * The review's place for the server's checks on the rows (do-not-call list, calling hours): the
 * guardrails work mounts its section here. Renders nothing until then.
 */
export function ServerChecksSlot(props: ServerChecksProps) {
  void props;
  return null;
}
