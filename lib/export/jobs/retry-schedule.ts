// How the steps of an export run retry (lib/export/jobs/steps.ts). No imports: the end-to-end tests read it to
// know when a job whose upstream keeps failing must have ended.

/** The pause before each retry of a failed step (the Workflow SDK's `retryAfter`). */
export const retryPauseSeconds = 10;
/** Retries of a chunk step after its first attempt: a minute of trouble upstream (or in Redis) is ridden out; longer ends the job as failed. */
export const chunkStepRetries = 6;
/** Retries of the step that records how the job ended. */
export const finishStepRetries = 10;
