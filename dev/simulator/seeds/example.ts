import { intBetween, itemAt, mulberry32 } from "../prng.js";
import type { Call } from "../types.js";
import { personFrom, phoneFrom } from "./people.js";

// Numbers from the vendor's docs: 150 calls, 45/5/95/5, started 1703097600000,
// last completion one hour later, 45.2 s average.
const TOTAL = 150;
const DONE = 100;
const ACTIVE = 5;
const BASE = 1703097600000;
const LAST_COMPLETED = BASE + 3_600_000;
const COMPLETED_SECONDS_SUM = Math.round(45.2 * 95);
const EXTRA_FAILURES = ["No answer", "Voicemail detected", "No answer", "Number busy"] as const;

export function exampleCalls(): Call[] {
  const rng = mulberry32(7891011);
  const calls: Call[] = [
    {
      jobId: "call_123",
      status: "completed",
      phone_number: "+1234567890",
      startTime: BASE,
      endTime: BASE + 42_000,
      duration: 42,
      metadata: { first_name: "John", last_name: "Doe", email: "john.doe@example.com" },
    },
    {
      jobId: "call_124",
      status: "failed",
      phone_number: "+1987654321",
      startTime: BASE,
      endTime: BASE + 15_000,
      error: "Number busy",
      metadata: { first_name: "Jane", last_name: "Smith", email: "jane.smith@example.com" },
    },
  ];
  for (let index = 2; index < TOTAL; index += 1) {
    calls.push({
      jobId: `call_${123 + index}`,
      status: "waiting",
      phone_number: phoneFrom(rng(), rng()),
      metadata: { ...personFrom(rng(), rng(), rng()) },
    });
  }

  // Dispatch order roughly follows CSV order, with jitter, so statuses interleave near the frontier.
  const dispatchOrder = Array.from({ length: TOTAL - 2 }, (_, offset) => ({
    index: offset + 2,
    score: offset + rng() * 24,
  }))
    .sort((a, b) => a.score - b.score)
    .map(({ index }) => index);
  const finished = dispatchOrder.slice(0, DONE - 2);
  const active = dispatchOrder.slice(DONE - 2, DONE - 2 + ACTIVE);

  const failedSlots = new Set<number>();
  while (failedSlots.size < EXTRA_FAILURES.length) failedSlots.add(intBetween(rng(), 0, finished.length - 2));

  const completedCount = finished.length - failedSlots.size;
  const durations = balancedDurations(rng, completedCount, COMPLETED_SECONDS_SUM - 42);
  let failureCursor = 0;
  let durationCursor = 0;
  finished.forEach((index, slot) => {
    const call = itemAt(calls, index);
    const isLast = slot === finished.length - 1;
    const start = BASE + (slot + 2) * 34_000 + Math.floor(rng() * 3_000);
    if (failedSlots.has(slot)) {
      call.status = "failed";
      call.startTime = start;
      call.endTime = start + intBetween(rng(), 5, 35) * 1000;
      call.error = itemAt(EXTRA_FAILURES, failureCursor);
      failureCursor += 1;
      return;
    }
    const duration = itemAt(durations, durationCursor);
    durationCursor += 1;
    call.status = "completed";
    call.startTime = isLast ? LAST_COMPLETED - duration * 1000 : start;
    call.endTime = call.startTime + duration * 1000;
    call.duration = duration;
  });
  active.forEach((index) => {
    const call = itemAt(calls, index);
    call.status = "active";
    call.startTime = LAST_COMPLETED + intBetween(rng(), 2, 60) * 1000;
  });
  return calls.map(inFieldOrder);
}

// Fields in the docs' order, whatever order the passes above filled them in.
function inFieldOrder({ jobId, status, phone_number, startTime, endTime, duration, error, metadata }: Call): Call {
  return {
    jobId,
    status,
    phone_number,
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
    ...(duration === undefined ? {} : { duration }),
    ...(error === undefined ? {} : { error }),
    metadata,
  };
}

// Random durations nudged one second at a time until they hit the documented average exactly.
function balancedDurations(rng: () => number, count: number, targetSum: number): number[] {
  const durations = Array.from({ length: count }, () => intBetween(rng(), 14, 80));
  let difference = targetSum - durations.reduce((sum, value) => sum + value, 0);
  for (let cursor = 0; difference !== 0; cursor = (cursor + 1) % count) {
    const value = itemAt(durations, cursor);
    const step = Math.sign(difference);
    if (value + step < 8 || value + step > 140) continue;
    durations[cursor] = value + step;
    difference -= step;
  }
  return durations;
}
