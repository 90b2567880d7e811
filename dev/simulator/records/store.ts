import type { Batch, Call } from "../types.js";
import { conversationFor, unitOf, type Conversation, type Turn } from "./conversation.js";

// Call records (Trillet's v2 call history) for the finished calls of some seeded batches, with the
// gaps the docs leave room for: a completed job whose record is missing, a job result without a
// callId (found only by phone number and time), records without a recording, and two shapes of
// transcript element across batches.

/** Batches with call records; the others (big, live, additive, empty) have none. */
const RECORD_BATCHES: Record<string, TranscriptStyle> = {
  batch_7891011121314: "role-content-seconds",
  batch_hostile: "role-content-seconds",
  batch_globex_q3: "speaker-text-ms",
  batch_fault_lab: "speaker-text-ms",
  batch_shared_number: "role-content-seconds",
};

/** Batches whose records carry no job id in their metadata, as the docs allow. */
const RECORDS_WITHOUT_JOB_ID = new Set(["batch_shared_number"]);

type TranscriptStyle = "role-content-seconds" | "speaker-text-ms";

export interface SimRecord {
  id: string;
  callId: string;
  batchId: string;
  workspaceId: string;
  call: Call;
  conversation: Conversation;
  voicemail: boolean;
  hasRecording: boolean;
  cost: number;
  style: TranscriptStyle;
}

/** A 24-hex-digit id in the style of a MongoDB ObjectId, stable for a text. */
function hexId(text: string, length: number): string {
  let out = "";
  for (let salt = 11; out.length < length; salt += 1)
    out += Math.floor(unitOf(text, salt) * 0xffffffff)
      .toString(16)
      .padStart(8, "0");
  return out.slice(0, length);
}

export const callIdOf = (batchId: string, jobId: string) => `call_${hexId(`${batchId}/${jobId}#call`, 12)}`;
const recordIdOf = (batchId: string, jobId: string) => hexId(`${batchId}/${jobId}#record`, 24);

/** A completed job whose record Trillet never wrote (the docs promise no link). call_125 always has one: e2e finds it. */
export const hasNoRecord = (jobId: string) => jobId !== "call_125" && unitOf(jobId, 3) < 0.08;
/** A completed job whose `result` carries no callId: its record is found by phone number and time only. */
export const resultLacksCallId = (jobId: string) => jobId !== "call_125" && unitOf(jobId, 4) < 0.1;
const isVoicemail = (call: Call) =>
  call.status === "failed" ? call.error === "Voicemail detected" : unitOf(call.jobId, 6) < 0.12;

function recordFor(batch: Batch, call: Call, style: TranscriptStyle): SimRecord | undefined {
  if (call.status !== "completed" && call.status !== "failed") return undefined;
  const voicemail = isVoicemail(call);
  if (call.status === "failed" && !voicemail) return undefined;
  if (call.status === "completed" && hasNoRecord(call.jobId)) return undefined;
  const seconds = call.duration ?? Math.max(1, Math.round(((call.endTime ?? 0) - (call.startTime ?? 0)) / 1000));
  const name = call.metadata.first_name ?? "";
  return {
    id: recordIdOf(batch.id, call.jobId),
    callId: callIdOf(batch.id, call.jobId),
    batchId: batch.id,
    workspaceId: batch.workspaceId,
    call,
    conversation: conversationFor(call.jobId, name, seconds, voicemail),
    voicemail,
    hasRecording: unitOf(call.jobId, 5) >= 0.05,
    cost: Math.round((0.02 + seconds * 0.0016) * 10_000) / 10_000,
    style,
  };
}

const recordsCache = new Map<string, SimRecord[]>();

/** A batch started through the API (it can be cancelled): its records follow its finished calls, so never cached. */
const startedThroughApi = (batch: Batch) => "cancel" in batch;

function liveRecordsOf(batch: Batch, nowMs: number): SimRecord[] {
  const view = batch.view(nowMs);
  const records: SimRecord[] = [];
  for (let index = 0; index < view.summary.total; index += 1) {
    const record = recordFor(batch, view.callAt(index), "role-content-seconds");
    if (record) records.push(record);
  }
  return records;
}

function recordsOf(batch: Batch, nowMs: number): SimRecord[] {
  if (startedThroughApi(batch)) return liveRecordsOf(batch, nowMs);
  const style = RECORD_BATCHES[batch.id];
  if (!style) return [];
  const key = `${batch.workspaceId}\u0000${batch.id}`;
  let records = recordsCache.get(key);
  if (!records) {
    const view = batch.view(0);
    records = [];
    for (let index = 0; index < view.summary.total; index += 1) {
      const record = recordFor(batch, view.callAt(index), style);
      if (record) records.push(record);
    }
    recordsCache.set(key, records);
  }
  return records;
}

export interface RecordStore {
  /** Every record of a workspace, in batch then CSV order. */
  all(workspaceId: string): SimRecord[];
  byId(workspaceId: string, id: string): SimRecord | undefined;
  byJob(workspaceId: string, batchId: string, jobId: string): SimRecord | undefined;
}

export function createRecordStore(batches: () => Batch[], now: () => number = Date.now): RecordStore {
  const all = (workspaceId: string) =>
    batches()
      .filter((batch) => batch.workspaceId === workspaceId)
      .flatMap((batch) => recordsOf(batch, now()));
  return {
    all,
    byId: (workspaceId, id) => all(workspaceId).find((record) => record.id === id),
    byJob: (workspaceId, batchId, jobId) =>
      batches()
        .filter((batch) => batch.workspaceId === workspaceId && batch.id === batchId)
        .flatMap((batch) => recordsOf(batch, now()))
        .find((record) => record.call.jobId === jobId),
  };
}

function transcriptOf(record: SimRecord): unknown[] {
  return record.conversation.turns.map((turn: Turn) =>
    record.style === "role-content-seconds"
      ? { role: turn.role === "agent" ? "agent" : "user", content: turn.text, start: turn.start, end: turn.end }
      : {
          speaker: turn.role === "agent" ? "AI" : "Customer",
          text: turn.text,
          timestamp: Math.round(turn.start * 1000),
        },
  );
}

/** The job's `result.transcript`: plain text, one "Speaker: words" line per turn (the docs' example is a string). */
export function transcriptText(record: SimRecord): string {
  return record.conversation.turns
    .map((turn) => `${turn.role === "agent" ? "Agent" : "Customer"}: ${turn.text}`)
    .join("\n");
}

const analyzedData = (record: SimRecord) => ({
  outcome: record.conversation.outcome,
  answered_by_voicemail: record.voicemail,
  sentiment: record.conversation.sentiment,
  ...(record.batchId === "batch_hostile" ? { follow_up: '=HYPERLINK("http://evil.test","Book now")' } : {}),
});

/** A record as the list endpoint sends it. */
export function listRecordBody(record: SimRecord, origin: string): Record<string, unknown> {
  const { call } = record;
  return {
    _id: record.id,
    timestamp: (call.startTime ?? 0) / 1000 + 0.123,
    callId: record.callId,
    fromPhoneNumber: "+14155550100",
    toPhoneNumber: call.phone_number,
    direction: "outbound",
    agent: "agent_ava_dental",
    status: call.status,
    callFlowName: "Check-up reminders",
    cost: record.cost,
    recordingUrl: record.hasRecording ? `${origin}/v2/api/recordings/${record.id}` : null,
    summary: record.conversation.summary,
    analyzedData: analyzedData(record),
    variables: call.metadata,
    transcript: transcriptOf(record),
    duration: call.duration ?? Math.round(((call.endTime ?? 0) - (call.startTime ?? 0)) / 1000),
    metadata: RECORDS_WITHOUT_JOB_ID.has(record.batchId)
      ? { batchId: record.batchId }
      : { batchId: record.batchId, jobId: call.jobId },
  };
}

/** A record as GET /v2/api/call-history/{id} sends it: more fields, and `cost` as an object. */
export function detailRecordBody(record: SimRecord, origin: string): Record<string, unknown> {
  const list = listRecordBody(record, origin);
  const startTime = Math.floor((record.call.startTime ?? 0) / 1000);
  return {
    ...list,
    workspaceId: record.workspaceId,
    agentId: "agent_ava_dental",
    callFlowId: "flow_checkup_1",
    roomName: `room_${record.callId}`,
    startTime,
    endTime: Math.floor((record.call.endTime ?? 0) / 1000),
    functionCalls: [],
    createdAt: new Date(startTime * 1000).toISOString(),
    updatedAt: new Date((record.call.endTime ?? 0) + 5_000).toISOString(),
    cost: { customer_charge: record.cost },
  };
}

/** GET /v1/api/batch-calls/{batchId}/calls/{jobId}: the job, with `result` once completed. */
export function jobBody(call: Call, record: SimRecord | undefined, batchId: string): Record<string, unknown> {
  const result =
    call.status !== "completed"
      ? undefined
      : record
        ? {
            ...(resultLacksCallId(call.jobId) ? {} : { callId: record.callId }),
            transcript: transcriptText(record),
            outcome: record.conversation.outcome,
            metadata: call.metadata,
          }
        : // No record was written, but the job still names the call it made.
          { callId: callIdOf(batchId, call.jobId), transcript: "", outcome: "completed", metadata: call.metadata };
  return {
    jobId: call.jobId,
    status: call.status,
    phone_number: call.phone_number,
    ...(call.startTime === undefined ? {} : { startTime: call.startTime }),
    ...(call.endTime === undefined ? {} : { endTime: call.endTime }),
    ...(call.duration === undefined ? {} : { duration: call.duration }),
    ...(call.error === undefined ? {} : { error: call.error }),
    ...(result ? { result } : {}),
  };
}
