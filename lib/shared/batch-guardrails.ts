import { hasFields, isCount, isFlag, isListOf, isText } from "./response-checks";

// What GET /api/w/{slug}/batches/{batchId}/guardrails answers: the batch page's note on calls to numbers on the
// workspace's do-not-call list and calls still to be placed outside calling hours (issue 26, item 5).

export type BatchGuardrails = {
  doNotCall: {
    /** Calls in the batch (any status) whose number is on the list. */
    calls: number;
    /** Of those, calls still waiting to be placed: the ones a cancel still stops. */
    waiting: number;
    /** Their job ids, waiting calls first, at most `maxListedJobIds`. */
    jobIds: string[];
  };
  hours: {
    /** The workspace's window, local to each recipient ("08:00", "21:00"). */
    start: string;
    end: string;
    /** Waiting calls checked: those not on the list (a listed number is counted there, not here). */
    waiting: number;
    /** Waiting calls whose number's zone is outside the window right now. */
    outside: number;
    /** Waiting calls whose number has no zone to check (never guessed). */
    noZone: number;
  };
  progress: {
    /** Calls read so far, of the batch's total (the batch's search index, read in the background). */
    checked: number;
    total: number;
    complete: boolean;
    /** The batch still has waiting or active calls: the counts can change. */
    live: boolean;
  };
  /** Whether the viewer may cancel the batch (an operator). */
  canCancel: boolean;
  /** When the counts were made (ISO): "right now" for the hours. */
  checkedAt: string;
};

export const maxListedJobIds = 500;

export function batchGuardrailsApiUrl(slug: string, batchId: string): string {
  return `/api/w/${slug}/batches/${batchId}/guardrails`;
}

/** Whether the note has anything to say. */
export const hasGuardrailsNote = (answer: BatchGuardrails) =>
  answer.doNotCall.calls > 0 || answer.hours.outside > 0 || answer.hours.noZone > 0;

/** The answer's shape, checked in the browser before anything of it is shown. */
export const isBatchGuardrails = (body: unknown): body is BatchGuardrails =>
  hasFields(body, {
    doNotCall: (value) => hasFields(value, { calls: isCount, waiting: isCount, jobIds: isListOf(isText) }),
    hours: (value) =>
      hasFields(value, { start: isText, end: isText, waiting: isCount, outside: isCount, noZone: isCount }),
    progress: (value) => hasFields(value, { checked: isCount, total: isCount, complete: isFlag, live: isFlag }),
    canCancel: isFlag,
    checkedAt: isText,
  });

/**
 * When the page asks again: every 5 s while the batch's calls are still being read, every minute while it has
 * waiting or active calls (the hours move, calls finish), never for a finished batch that was read whole.
 */
export function notePollMs(answer: BatchGuardrails | undefined): number {
  if (!answer) return 0;
  if (!answer.progress.complete) return 5_000;
  return answer.progress.live ? 60_000 : 0;
}
