import type { BatchStatus, BatchView, Call, CallSource, CallStatus, RecentCall, Summary } from "./types.js";

const RECENT_LIMIT = 5;
const STATUS_CODES: Record<CallStatus, number> = { waiting: 0, active: 1, completed: 2, failed: 3 };

export function buildView(source: CallSource, statusOverride?: BatchStatus): BatchView {
  const { total } = source;
  const codes = new Uint8Array(total);
  const counts = [0, 0, 0, 0];
  let startTime: number | null = null;
  let lastCompletedTime: number | null = null;
  let lastEndTime: number | null = null;
  let durationSum = 0;
  const recent: { index: number; at: number }[] = [];

  for (let index = 0; index < total; index += 1) {
    const status = source.statusAt(index);
    const code = STATUS_CODES[status];
    codes[index] = code;
    counts[code] = (counts[code] ?? 0) + 1;
    if (status === "waiting") continue;
    const call = source.callAt(index);
    if (call.startTime !== undefined && (startTime === null || call.startTime < startTime)) startTime = call.startTime;
    if (call.endTime === undefined) continue;
    if (lastEndTime === null || call.endTime > lastEndTime) lastEndTime = call.endTime;
    if (status === "completed") {
      durationSum += call.duration ?? 0;
      if (lastCompletedTime === null || call.endTime > lastCompletedTime) lastCompletedTime = call.endTime;
    }
    keepMostRecent(recent, { index, at: call.endTime });
  }

  const summary: Summary = {
    total,
    waiting: counts[0] ?? 0,
    active: counts[1] ?? 0,
    completed: counts[2] ?? 0,
    failed: counts[3] ?? 0,
  };
  const lists = splitByStatus(codes, counts);
  const status = statusOverride ?? deriveStatus(summary);
  const isComplete = status === "completed" || status === "cancelled" || status === "failed";

  return {
    status,
    isComplete,
    summary,
    times: {
      startTime,
      lastCompletedTime,
      completedTime: isComplete ? lastEndTime : null,
      averageCallDuration: summary.completed > 0 ? Math.round((durationSum / summary.completed) * 10) / 10 : null,
    },
    recentCalls: recent.map(({ index }) => toRecentCall(source.callAt(index))),
    indicesOf: (callStatus) => lists[STATUS_CODES[callStatus]] ?? new Int32Array(0),
    callAt: (index) => source.callAt(index),
  };
}

export function sourceFromCalls(calls: readonly Call[]): CallSource {
  return {
    total: calls.length,
    statusAt: (index) => callOf(calls, index).status,
    callAt: (index) => callOf(calls, index),
  };
}

function callOf(calls: readonly Call[], index: number): Call {
  const call = calls[index];
  if (!call) throw new RangeError(`no call at index ${index}`);
  return call;
}

function deriveStatus(summary: Summary): BatchStatus {
  if (summary.total === 0 || summary.waiting === summary.total) return "queued";
  if (summary.waiting + summary.active === 0) return "completed";
  return "processing";
}

function splitByStatus(codes: Uint8Array, counts: number[]): Int32Array[] {
  const lists = counts.map((count) => new Int32Array(count));
  const cursors = [0, 0, 0, 0];
  for (let index = 0; index < codes.length; index += 1) {
    const code = codes[index] ?? 0;
    const list = lists[code];
    if (!list) continue;
    list[cursors[code] ?? 0] = index;
    cursors[code] = (cursors[code] ?? 0) + 1;
  }
  return lists;
}

// Newest first; on equal end times the later row wins, as it was dispatched later.
function keepMostRecent(recent: { index: number; at: number }[], entry: { index: number; at: number }): void {
  const last = recent[recent.length - 1];
  if (recent.length === RECENT_LIMIT && last && entry.at < last.at) return;
  let position = recent.findIndex((item) => entry.at >= item.at);
  if (position === -1) position = recent.length;
  recent.splice(position, 0, entry);
  if (recent.length > RECENT_LIMIT) recent.pop();
}

function toRecentCall(call: Call): RecentCall {
  const base = { jobId: call.jobId, status: call.status, phone_number: call.phone_number };
  if (call.status === "failed") return { ...base, failedAt: call.endTime, error: call.error };
  return { ...base, completedAt: call.endTime, duration: call.duration };
}
