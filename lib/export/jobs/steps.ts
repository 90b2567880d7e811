import { FatalError, RetryableError } from "workflow";
import {
  describeFailure,
  exportChunk,
  exportRecordChunk,
  finishJob,
  takeTurn,
  type Cursor,
  type FinishOutcome,
} from "./runner";
import type { JobRef } from "./records";
import { chunkStepRetries, finishStepRetries, retryPauseSeconds } from "./retry-schedule";

// The durable steps of an export run: each result is persisted by the Workflow SDK's world, so a
// run that dies (a recycled instance, a deploy) resumes after its last finished step. A failure
// retrying could mend is retried after a pause; any other ends the job with its message.

async function asStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const failure = describeFailure(error);
    if (!failure.retryable) throw new FatalError(failure.message);
    throw new RetryableError(failure.message, { retryAfter: `${retryPauseSeconds}s` });
  }
}

export async function waitForTurnStep(ref: JobRef) {
  "use step";
  return asStep(() => takeTurn(ref));
}

export async function exportChunkStep(ref: JobRef, cursor: Cursor) {
  "use step";
  return asStep(() => exportChunk(ref, cursor));
}
exportChunkStep.maxRetries = chunkStepRetries;

export async function exportRecordChunkStep(ref: JobRef, cursor: Cursor) {
  "use step";
  return asStep(() => exportRecordChunk(ref, cursor));
}
exportRecordChunkStep.maxRetries = chunkStepRetries;

export async function finishJobStep(ref: JobRef, outcome: FinishOutcome) {
  "use step";
  return asStep(() => finishJob(ref, outcome));
}
finishJobStep.maxRetries = finishStepRetries;
