import { z } from "zod";
import { metadataText, metadataTexts, type JsonValue } from "@/lib/shared/metadata-cell";

/**
 * The one place that reads Trillet's call records and decides which record belongs to which job.
 * The vendor documents the fields but leaves these open; what this module assumes, in one list:
 *
 * 1. List wrapper. The docs' example is a bare array; other clients probe `calls`, `data`, `items`.
 *    Accepted: a bare array, or an object whose `data`, `calls`, `items`, `results`, `records`,
 *    `callHistory` or `history` is an array (or holds one under the same names, one level down).
 *    Paging: a `pagination` object, or `total`/`totalPages`/`hasNext` beside the array; when none
 *    is given, a page shorter than the limit is the last.
 * 2. Transcript. The list's `transcript` is an array of unknown elements; the job's
 *    `result.transcript` is text. A turn is an object naming its speaker (`role`, `speaker`,
 *    `from`, `participant`, `author`) and its words (`content`, `text`, `message`, `utterance`,
 *    `words`), or a "Speaker: words" string; text is split into such lines. Speakers read as agent
 *    (agent, assistant, ai, bot) or customer (user, customer, human, caller, callee, contact),
 *    anything else is shown as it came. A time is read from `start`, `startTime`, `start_time`,
 *    `startSeconds`, `offset`, `time`, `timestamp`, `secondsFromStart` (or a `…Ms`/`…_ms` name,
 *    in milliseconds): seconds from the call's start, milliseconds when the value only fits the
 *    call's duration that way, Unix seconds or milliseconds when it falls inside the call. Times
 *    that do not fit the call, or go backwards, are all dropped: turns then show without times.
 * 3. Outcome. The job's `result.outcome`, else the record's `outcome`, `analyzedData.outcome`
 *    (or `call_outcome`, `disposition`), else "voicemail" when `analyzedData.answered_by_voicemail`
 *    is true; otherwise none (the record's status is not an outcome).
 * 4. Job → record. The job's `result.callId` is the key: the record must carry that `callId`.
 *    Without one, a record matches when its `toPhoneNumber` is the job's number and its start
 *    falls inside the job's start–end window (±2 min), and exactly one record does. A record that
 *    names another job or batch (`metadata.jobId`/`job_id`, `metadata.batchId`/`batchId`) never
 *    matches. No match is "no recording or transcript found", never a guess.
 * 5. Record → job (search results, outcomes): a record names its job in `metadata.jobId` (or
 *    `job_id`, or the same under `variables`); one that names none is counted, not listed.
 * 6. Cost is a number in the list and `{customer_charge}` in the detail; both read. Duration is
 *    seconds; `timestamp` is Unix seconds (fractional).
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;
const finite = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;
const firstOf = <T>(
  source: Record<string, unknown>,
  keys: readonly string[],
  read: (value: unknown) => T | undefined,
) => {
  for (const key of keys) {
    const value = read(source[key]);
    if (value !== undefined) return { key, value };
  }
  return undefined;
};
/** Untrusted text bounded: a transcript of a runaway call must not become a 50 MB response. */
const bounded = (value: string, max: number) => (value.length > max ? `${value.slice(0, max)}…` : value);

export type Speaker = "agent" | "customer" | "other";
export type TranscriptTurn = { speaker: Speaker; label: string; text: string; startSeconds?: number };
export type AnalysedField = { label: string; value: string };

export type CallRecord = {
  id: string;
  callId?: string;
  jobId?: string;
  batchId?: string;
  toPhoneNumber?: string;
  status?: string;
  durationSeconds?: number;
  /** When the call started, ms since the epoch. */
  startedAt?: number;
  hasRecording: boolean;
  summary?: string;
  outcome?: string;
  analysed: AnalysedField[];
  cost?: number;
  transcript: TranscriptTurn[];
  variables: Record<string, string>;
};

const agentNames = new Set(["agent", "assistant", "ai", "bot"]);
const customerNames = new Set(["user", "customer", "human", "caller", "callee", "contact", "client"]);

function speakerOf(raw: string): { speaker: Speaker; label: string } {
  const name = raw.trim().toLowerCase();
  if (agentNames.has(name)) return { speaker: "agent", label: "Agent" };
  if (customerNames.has(name)) return { speaker: "customer", label: "Customer" };
  return { speaker: "other", label: bounded(raw.trim(), 40) };
}

const maxTurns = 2_000;
const maxTurnChars = 5_000;
const speakerKeys = ["role", "speaker", "from", "participant", "author"] as const;
const wordKeys = ["content", "text", "message", "utterance", "words", "transcript"] as const;
const secondKeys = [
  "start",
  "startTime",
  "start_time",
  "startSeconds",
  "offset",
  "time",
  "timestamp",
  "secondsFromStart",
];
const msKeys = ["startMs", "start_ms", "offsetMs", "timestampMs", "timeMs"];

/** "Agent: hello" → a turn; a line without a speaker belongs to the previous turn. */
function turnsFromText(transcript: string): TranscriptTurn[] {
  const turns: TranscriptTurn[] = [];
  for (const line of transcript.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const match = /^\s*([A-Za-z][\w .'-]{0,39}?)\s*:\s*(.*)$/.exec(line);
    if (match) turns.push({ ...speakerOf(match[1]!), text: bounded(match[2]!, maxTurnChars) });
    else if (turns.length > 0) turns[turns.length - 1]!.text += `\n${line}`;
    else turns.push({ speaker: "other", label: "", text: bounded(line, maxTurnChars) });
  }
  return turns.slice(0, maxTurns);
}

type RawTime = { value: number; unit: "s" | "ms" | "unknown" };

function rawTurn(element: unknown): (TranscriptTurn & { time?: RawTime }) | undefined {
  if (typeof element === "string") return turnsFromText(element)[0];
  if (!isRecord(element)) return undefined;
  const words = firstOf(element, wordKeys, text);
  if (!words) return undefined;
  const who = firstOf(element, speakerKeys, text);
  const ms = firstOf(element, msKeys, finite);
  const seconds = firstOf(element, secondKeys, finite);
  const time: RawTime | undefined = ms
    ? { value: ms.value, unit: "ms" }
    : seconds
      ? { value: seconds.value, unit: "unknown" }
      : undefined;
  return {
    ...(who ? speakerOf(who.value) : { speaker: "other" as const, label: "" }),
    text: bounded(words.value, maxTurnChars),
    time,
  };
}

/** A raw time as seconds from the call's start, or undefined when it cannot be placed inside the call. */
function offsetSeconds(time: RawTime, call: { durationSeconds?: number; startedAt?: number }): number | undefined {
  const slack = 2;
  const limit = call.durationSeconds !== undefined ? call.durationSeconds + slack : Number.POSITIVE_INFINITY;
  const fits = (seconds: number) => seconds >= 0 && seconds <= limit;
  if (time.unit === "ms") return fits(time.value / 1000) ? time.value / 1000 : undefined;
  const startSeconds = call.startedAt !== undefined ? call.startedAt / 1000 : undefined;
  if (startSeconds !== undefined && time.value > 1e12 && fits(time.value / 1000 - startSeconds))
    return time.value / 1000 - startSeconds;
  if (startSeconds !== undefined && time.value > 1e9 && fits(time.value - startSeconds))
    return time.value - startSeconds;
  if (fits(time.value)) return time.value;
  if (call.durationSeconds !== undefined && fits(time.value / 1000)) return time.value / 1000;
  return undefined;
}

/** A transcript in any of the accepted shapes (assumption 2) as speaker turns, times in seconds when all fit. */
export function readTranscript(
  raw: unknown,
  call: { durationSeconds?: number; startedAt?: number } = {},
): TranscriptTurn[] {
  if (typeof raw === "string") return turnsFromText(raw);
  if (!Array.isArray(raw)) return [];
  const turns = raw.slice(0, maxTurns).flatMap((element) => rawTurn(element) ?? []);
  const offsets = turns.map((turn) => (turn.time ? offsetSeconds(turn.time, call) : undefined));
  const allFit = offsets.every((offset, index) => offset !== undefined && offset >= (offsets[index - 1] ?? 0));
  return turns.map((turn, index) => {
    const { speaker, label, text: words } = turn;
    return allFit
      ? { speaker, label, text: words, startSeconds: Math.round(offsets[index]! * 10) / 10 }
      : { speaker, label, text: words };
  });
}

const outcomeKeys = ["outcome", "call_outcome", "disposition"] as const;

function outcomeOf(record: Record<string, unknown>, analysed: Record<string, unknown>): string | undefined {
  const named = firstOf(record, ["outcome"], text) ?? firstOf(analysed, outcomeKeys, text);
  if (named) return bounded(named.value.trim(), 100);
  return analysed.answered_by_voicemail === true ? "voicemail" : undefined;
}

/**
 * Analysed fields as label/value text: "answered_by_voicemail" → "Answered by voicemail", values as
 * JSON text. The outcome is left out: it has its own place.
 */
function analysedFields(analysed: Record<string, unknown>): AnalysedField[] {
  return Object.keys(analysed)
    .filter((key) => !(outcomeKeys as readonly string[]).includes(key))
    .slice(0, 50)
    .map((key) => {
      const value = analysed[key];
      const shown = typeof value === "boolean" ? (value ? "Yes" : "No") : metadataText(value as JsonValue);
      const label = key
        .replace(/[_-]+/g, " ")
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .trim();
      return { label: bounded(label.charAt(0).toUpperCase() + label.slice(1), 80), value: bounded(shown, 2_000) };
    });
}

const jsonObject = (value: unknown): Record<string, JsonValue> =>
  isRecord(value) ? (value as Record<string, JsonValue>) : {};

/** One record of the list or the detail endpoint; undefined when it has no `_id` (it cannot be addressed). */
export function readCallRecord(raw: unknown): CallRecord | undefined {
  if (!isRecord(raw)) return undefined;
  const id = text(raw._id) ?? text(raw.id);
  if (!id) return undefined;
  const analysed = isRecord(raw.analyzedData) ? raw.analyzedData : {};
  const metadata = jsonObject(raw.metadata);
  const variables = jsonObject(raw.variables);
  const timestamp = finite(raw.timestamp) ?? finite(raw.startTime);
  const startedAt = timestamp === undefined ? undefined : timestamp > 1e12 ? timestamp : timestamp * 1000;
  const durationSeconds = finite(raw.duration);
  const cost = finite(raw.cost) ?? (isRecord(raw.cost) ? finite(raw.cost.customer_charge) : undefined);
  const summary = text(raw.summary);
  const named = (source: Record<string, JsonValue>, keys: string[]) => firstOf(source, keys, text)?.value;
  return {
    id,
    callId: text(raw.callId),
    jobId: named(metadata, ["jobId", "job_id"]) ?? named(variables, ["jobId", "job_id"]),
    batchId: named(metadata, ["batchId", "batch_id"]) ?? text(raw.batchId),
    toPhoneNumber: text(raw.toPhoneNumber),
    status: text(raw.status),
    durationSeconds,
    startedAt,
    hasRecording: text(raw.recordingUrl) !== undefined,
    summary: summary === undefined ? undefined : bounded(summary, 10_000),
    outcome: outcomeOf(raw, analysed),
    analysed: analysedFields(analysed),
    cost,
    transcript: readTranscript(raw.transcript, { durationSeconds, startedAt }),
    variables: metadataTexts(variables),
  };
}

const listKeys = ["data", "calls", "items", "results", "records", "callHistory", "history"] as const;

function listOf(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (!isRecord(body)) return undefined;
  for (const key of listKeys) {
    const value = body[key];
    if (Array.isArray(value)) return value;
    if (isRecord(value)) {
      const inner = listKeys.map((innerKey) => value[innerKey]).find(Array.isArray);
      if (inner) return inner;
    }
  }
  return undefined;
}

export type CallRecordPage = {
  records: CallRecord[];
  /** Entries that could not be read as records (no `_id`). */
  unreadable: number;
  /** Records matching the query, when Trillet says. */
  total?: number;
  hasNext: boolean;
};

/** A call-history list answer in any accepted wrapper (assumption 1); undefined when no list is found in it. */
export function readCallRecordPage(body: unknown, limit: number): CallRecordPage | undefined {
  const entries = listOf(body);
  if (!entries) return undefined;
  const records = entries.flatMap((entry) => readCallRecord(entry) ?? []);
  const paging = isRecord(body) ? (isRecord(body.pagination) ? body.pagination : body) : {};
  const total = finite(paging.total);
  const page = finite(paging.page);
  const totalPages = finite(paging.totalPages);
  const hasNext =
    typeof paging.hasNext === "boolean"
      ? paging.hasNext
      : page !== undefined && totalPages !== undefined
        ? page < totalPages
        : entries.length >= limit;
  return { records, unreadable: entries.length - records.length, total, hasNext };
}

/** Any JSON body: the list and record endpoints are read by hand above, zod only checks it is JSON. */
export const anyJson = z.unknown();

const optionalTimestamp = z
  .number()
  .finite()
  .nonnegative()
  .nullish()
  .transform((value) => value ?? undefined);

/** GET /v1/api/batch-calls/{batchId}/calls/{jobId}, tolerantly: `result` only when completed. */
export const jobDetailSchema = z.object({
  jobId: z.string().min(1),
  status: z.string().min(1),
  phone_number: z.string().catch(""),
  startTime: optionalTimestamp.catch(undefined),
  endTime: optionalTimestamp.catch(undefined),
  duration: optionalTimestamp.catch(undefined),
  error: z
    .string()
    .nullish()
    .catch(undefined)
    .transform((value) => value ?? undefined),
  result: z
    .object({
      callId: z
        .string()
        .min(1)
        .nullish()
        .catch(undefined)
        .transform((value) => value ?? undefined),
      transcript: z.unknown().optional(),
      outcome: z
        .string()
        .nullish()
        .catch(undefined)
        .transform((value) => value ?? undefined),
      /** The call's CSV row, as the docs' example shows it; values as text (metadata-cell.ts). */
      metadata: z
        .custom<Record<string, JsonValue>>(
          (value) => typeof value === "object" && value !== null && !Array.isArray(value),
        )
        .transform(metadataTexts)
        .optional()
        .catch(undefined),
    })
    .nullish()
    .catch(undefined)
    .transform((value) => value ?? undefined),
});

export type JobDetail = z.infer<typeof jobDetailSchema>;

const digitsOf = (phone: string | undefined) => (phone ?? "").replace(/\D/g, "");
const windowMs = 120_000;

/** The record of a job among candidates (assumption 4), or undefined: never a guess. */
export function recordForJob(
  job: JobDetail,
  batchId: string,
  candidates: readonly CallRecord[],
): CallRecord | undefined {
  const belongs = (record: CallRecord) =>
    (record.jobId === undefined || record.jobId === job.jobId) &&
    (record.batchId === undefined || record.batchId === batchId);
  const callId = job.result?.callId;
  if (callId) return candidates.find((record) => record.callId === callId && belongs(record));
  const phone = digitsOf(job.phone_number);
  if (phone === "" || job.startTime === undefined) return undefined;
  const from = job.startTime - windowMs;
  const to = (job.endTime ?? job.startTime) + windowMs;
  const matches = candidates.filter(
    (record) =>
      belongs(record) &&
      digitsOf(record.toPhoneNumber) === phone &&
      record.startedAt !== undefined &&
      record.startedAt >= from &&
      record.startedAt <= to,
  );
  return matches.length === 1 ? matches[0] : undefined;
}

/** The outcome to show for a job: its own result's, else its record's (assumption 3). */
export function outcomeForJob(job: JobDetail, record: CallRecord | undefined): string | undefined {
  return text(job.result?.outcome)?.trim() ?? record?.outcome;
}
