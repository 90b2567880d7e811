import { sleep } from "workflow";
import type { JobRef } from "./records";
import type { Cursor } from "./runner";
import { exportChunkStep, finishJobStep, waitForTurnStep } from "./steps";

const failureMessage = (error: unknown) => (error instanceof Error ? error.message : "The export stopped.");

/**
 * One export job, as a durable run: wait for a turn, then a chunk of pages per step until the last
 * page, then mark it done. Deterministic orchestration only; every side effect is in a step.
 */
export async function exportJobWorkflow(ref: JobRef) {
  "use workflow";
  for (;;) {
    const turn = await waitForTurnStep(ref);
    if (turn === "stop") return;
    if (turn === "go") break;
    await sleep("3s");
  }
  let cursor: Cursor = { nextPage: 1, chunk: 0 };
  try {
    for (;;) {
      const next = await exportChunkStep(ref, cursor);
      if (next.done) break;
      cursor = next;
    }
  } catch (error) {
    await finishJobStep(ref, { ok: false, reason: failureMessage(error) });
    return;
  }
  await finishJobStep(ref, { ok: true });
}
