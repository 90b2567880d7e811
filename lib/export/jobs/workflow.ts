import { sleep } from "workflow";
import type { JobRef } from "./records";
import type { Cursor } from "./runner";
import { exportChunkStep, exportRecordChunkStep, finishJobStep, waitForTurnStep } from "./steps";
import { turnWaitMs } from "./turn-wait";

// Duck-typed: a step's error reaches the workflow from another realm (the SDK's sandbox), where `instanceof Error` fails.
function failureMessage(error: unknown): string {
  const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  if (typeof message !== "string" || message.length === 0) return "The export stopped.";
  // The SDK prefixes the step's own words with its name and retry count; the person needs only the words.
  return message.replace(/^Step "[^"]*" failed[^:]*: /, "");
}

/**
 * One export job, as a durable run: wait for a turn, then a chunk of pages per step until the last
 * page, then (with record columns) a chunk of call-history pages per step, then mark it done.
 * Deterministic orchestration only; every side effect is in a step.
 */
export async function exportJobWorkflow(ref: JobRef) {
  "use workflow";
  for (let asked = 0; ; asked++) {
    const turn = await waitForTurnStep(ref);
    if (turn === "stop") return;
    if (turn === "go") break;
    await sleep(turnWaitMs(asked));
  }
  try {
    for (const step of [exportChunkStep, exportRecordChunkStep]) {
      let cursor: Cursor = { nextPage: 1, chunk: 0 };
      for (;;) {
        const next = await step(ref, cursor);
        if (next.done) break;
        cursor = next;
      }
    }
  } catch (error) {
    await finishJobStep(ref, { ok: false, reason: failureMessage(error) });
    return;
  }
  await finishJobStep(ref, { ok: true });
}
