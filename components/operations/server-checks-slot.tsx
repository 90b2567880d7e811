"use client";

import { ServerChecks } from "@/components/guardrails/server-checks";

/** What the review knows when the server's checks (do-not-call list, calling hours) run. */
export type ServerChecksProps = {
  slug: string;
  /** The exact file that will be sent. */
  file: Blob;
  /** UTC start, `YYYY-MM-DDTHH:MM:SSZ`; absent: now. */
  scheduledAt?: string;
  smartCallbackConfig?: string;
  /** "Move the start": sets the form's start to this UTC time (`YYYY-MM-DDTHH:MM:SSZ`). */
  onMoveStart?: (scheduledAt: string) => void;
  /** How many numbers the server will leave out for the do-not-call list; undefined until it has answered. */
  onDoNotCall?: (removed: number | undefined) => void;
};

/**
 * The review's place for the server's checks on the rows (do-not-call list, calling hours): the
 * guardrails work (components/guardrails/server-checks.tsx) renders here.
 */
export function ServerChecksSlot(props: ServerChecksProps) {
  return <ServerChecks {...props} />;
}
