import { readFileSync } from "node:fs";
import { MainThreadTasks } from "lighthouse/core/lib/tracehouse/main-thread-tasks.js";
import { TraceProcessor } from "lighthouse/core/lib/tracehouse/trace-processor.js";

/** The page's main-thread work during load as CPU time: what the page itself asked of the processor. */
export type MainThreadCpu = {
  /** Thread (CPU) time of every top-level main-thread task from navigation to the end of the trace. */
  totalMs: number;
  /** The same task's wall time: more than totalMs when other work on the machine took the CPU away. */
  wallMs: number;
  /** CPU time by Lighthouse's task groups (scriptEvaluation, styleLayout, …), each task's self time scaled by its CPU share. */
  byGroup: Record<string, number>;
  /** Wall time of the few tasks the trace gave no thread clock for, counted as CPU time in totalMs. */
  untimedMs: number;
};

type TraceEvent = { ph: string; dur?: number; tdur?: number; tts?: number };

/** A task's CPU time in µs: `tdur` of a complete event, or the thread clock between begin and end. */
function threadMicros(event: TraceEvent, endEvent: TraceEvent | undefined): number | undefined {
  if (event.tdur !== undefined) return event.tdur;
  if (endEvent?.tts !== undefined && event.tts !== undefined) return endEvent.tts - event.tts;
  return undefined;
}

/**
 * Reads the trace Lighthouse saved while gathering (it loads the page unthrottled) and sums the
 * main thread's CPU time, with Lighthouse's own task model. Wall-clock durations, which Lighthouse's
 * figures use, grow whenever other processes hold the machine's two cores; thread time barely does,
 * so a ratio of two pages' CPU time holds on a busy machine.
 */
export function mainThreadCpu(traceFile: string): MainThreadCpu {
  const trace = JSON.parse(readFileSync(traceFile, "utf8")) as { traceEvents: unknown[] };
  const { mainThreadEvents, frames, timestamps } = TraceProcessor.processTrace(trace as never);
  const tasks = MainThreadTasks.getMainThreadTasks(
    mainThreadEvents,
    frames,
    timestamps.traceEnd,
    timestamps.timeOrigin,
  );
  let totalMs = 0;
  let wallMs = 0;
  let untimedMs = 0;
  const byGroup: Record<string, number> = {};
  const visit = (task: (typeof tasks)[number], cpuShare: number) => {
    byGroup[task.group.id] = (byGroup[task.group.id] ?? 0) + task.selfTime * cpuShare;
    for (const child of task.children) visit(child, cpuShare);
  };
  for (const task of tasks) {
    if (task.parent || task.startTime < 0) continue;
    const micros = threadMicros(task.event as TraceEvent, task.endEvent as TraceEvent | undefined);
    if (micros === undefined) untimedMs += task.duration;
    const cpuMs = micros === undefined ? task.duration : micros / 1000;
    totalMs += cpuMs;
    wallMs += task.duration;
    visit(task, task.duration > 0 ? Math.min(1, cpuMs / task.duration) : 0);
  }
  return { totalMs, wallMs, byGroup, untimedMs };
}
