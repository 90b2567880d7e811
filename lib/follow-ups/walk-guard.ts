import "server-only";
import { apiError } from "@/lib/api/errors";
import { getConfig } from "@/lib/config";
import { takeExportSlot, type ExportSlot } from "@/lib/export/slots";
import type { WalkGuard } from "./calls";

/** A bulk follow-up's walk stops this long after it began: under the route's maxDuration (300 s), with time to answer. */
export const walkDeadlineMs = 270_000;

class WalkRefused extends Error {
  constructor(readonly by: "user" | "overall") {
    super(`walk refused (${by})`);
  }
}

/**
 * What keeps one long bulk follow-up from holding the upstream budget: its walk reads at background priority (a
 * quarter of the window stays for people's reads), takes one of the export slots while it runs (EXPORT_MAX_PER_USER
 * per person, EXPORT_MAX_RUNNING in all: walks and exports share the background share fairly), and stops as soon as
 * the person leaves or its time is up. Nothing is created by a walk that stopped.
 */
export function walkGuard(requestSignal: AbortSignal, user: string, deadlineMs = walkDeadlineMs) {
  const timeout = AbortSignal.timeout(deadlineMs);
  let slot: ExportSlot | undefined;
  const guard: WalkGuard = {
    signal: AbortSignal.any([requestSignal, timeout]),
    beforeWalk: async () => {
      if (slot) return;
      const taken = await takeExportSlot(user);
      if (taken === "user" || taken === "overall") throw new WalkRefused(taken);
      slot = taken;
    },
  };
  return {
    guard,
    /** The answer for a walk refused or stopped, else undefined. */
    refusal(error: unknown): Response | undefined {
      if (error instanceof WalkRefused) {
        const message =
          error.by === "user"
            ? `You already have ${getConfig().exportLimits.perUser} exports or bulk follow-ups reading batches. Try again when one has finished.`
            : "Too many exports and bulk follow-ups are reading batches right now. Try again in a minute.";
        return apiError("rate_limited", message, { "Retry-After": "30" });
      }
      if (timeout.aborted) {
        return apiError(
          "upstream_timeout",
          "Reading the batch's calls took longer than one request may run (Trillet's request budget is shared with other work). Nothing was created: try again later or narrow the filter.",
          { "Retry-After": "60" },
        );
      }
      if (requestSignal.aborted) return apiError("bad_request", "The request was cancelled. Nothing was created.");
      return undefined;
    },
    release: async () => {
      await slot?.release();
      slot = undefined;
    },
  };
}
