import { buildView } from "../batch-view.js";
import { intBetween, itemAt, mulberry32, pickWeighted } from "../prng.js";
import type { Batch, BatchView, Call, CallStatus } from "../types.js";
import { personFrom, phoneFrom } from "./people.js";

const TOTAL = 60;
const LIVE_ERRORS = [
  ["No answer", 4],
  ["Voicemail detected", 3],
  ["Number busy", 2],
  ["Invalid number", 1],
] as const;

interface PlannedCall {
  jobId: string;
  phone_number: string;
  metadata: Record<string, string>;
  // Offsets from the batch start, in ms.
  startOffset: number;
  endOffset: number;
  error?: string;
}

export interface LiveBatchOptions {
  id: string;
  workspaceId: string;
  durationMs: number;
  startedAt: () => number;
}

// Every status is a pure function of (now - startedAt), so list and progress agree at any instant.
export function createLiveBatch(options: LiveBatchOptions): Batch {
  const plan = planCalls(options.durationMs);
  return {
    id: options.id,
    workspaceId: options.workspaceId,
    view: (nowMs) => viewAt(plan, options.startedAt(), nowMs - options.startedAt()),
  };
}

function planCalls(durationMs: number): PlannedCall[] {
  const rng = mulberry32(60_061);
  // Six spare slots keep the last call's end inside the duration.
  const slot = durationMs / (TOTAL + 6);
  return Array.from({ length: TOTAL }, (_, index) => {
    const person = personFrom(rng(), rng(), rng());
    const startOffset = Math.round(slot * (index + 1 + rng() * 0.5));
    const failed = rng() < 0.12;
    const endOffset = startOffset + Math.round(slot * (failed ? 1 + rng() : 2 + rng() * 3));
    return {
      jobId: `call_live_${String(index + 1).padStart(3, "0")}`,
      phone_number: phoneFrom(rng(), rng()),
      metadata: { ...person, appointment: `2025-07-${String(intBetween(rng(), 1, 28)).padStart(2, "0")}` },
      startOffset,
      endOffset,
      ...(failed ? { error: pickWeighted(LIVE_ERRORS, rng()) } : {}),
    };
  });
}

function viewAt(plan: readonly PlannedCall[], startedAt: number, elapsed: number): BatchView {
  const calls = plan.map((planned) => callAt(planned, startedAt, elapsed));
  return buildView({
    total: calls.length,
    statusAt: (index) => itemAt(calls, index).status,
    callAt: (index) => itemAt(calls, index),
  });
}

function callAt(planned: PlannedCall, startedAt: number, elapsed: number): Call {
  const status = statusAt(planned, elapsed);
  const { jobId, phone_number, metadata } = planned;
  if (status === "waiting") return { jobId, status, phone_number, metadata };
  const startTime = startedAt + planned.startOffset;
  if (status === "active") return { jobId, status, phone_number, startTime, metadata };
  const endTime = startedAt + planned.endOffset;
  if (status === "failed") return { jobId, status, phone_number, startTime, endTime, error: planned.error, metadata };
  const duration = Math.max(1, Math.round((endTime - startTime) / 1000));
  return { jobId, status, phone_number, startTime, endTime, duration, metadata };
}

function statusAt(planned: PlannedCall, elapsed: number): CallStatus {
  if (elapsed < planned.startOffset) return "waiting";
  if (elapsed < planned.endOffset) return "active";
  return planned.error === undefined ? "completed" : "failed";
}
