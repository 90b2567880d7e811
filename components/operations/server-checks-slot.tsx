"use client";

import { ServerChecks, type ServerChecksInput } from "@/components/guardrails/server-checks";

/**
 * The review's place for the server's checks on the rows (do-not-call list, calling hours): the
 * guardrails work (components/guardrails/server-checks.tsx) renders here.
 */
export function ServerChecksSlot(props: ServerChecksInput) {
  return <ServerChecks {...props} />;
}
