import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { headerValue } from "../http-io.js";
import type { RecordedRequest } from "../request-log.js";
import type { SimState } from "../state.js";
import { byteRange, recordingWav } from "./audio.js";
import { detailRecordBody, listRecordBody, type SimRecord } from "./store.js";

const HISTORY_PATH = "/v2/api/call-history";
const RECORDINGS_PREFIX = "/v2/api/recordings/";
const MAX_LIMIT = 100;

export type RecordRoute =
  | { kind: "call-history"; endpoint: "call-history"; batchId: string | null }
  | { kind: "call-record"; endpoint: "call-record"; batchId: null; id: string }
  | { kind: "recording"; endpoint: "recording"; batchId: null; id: string };

type Reply = (status: number, body: unknown, headers?: OutgoingHttpHeaders) => void;

export function matchRecordRoute(path: string, params: URLSearchParams): RecordRoute | undefined {
  const trimmed = path.replace(/\/$/, "");
  if (trimmed === HISTORY_PATH)
    return { kind: "call-history", endpoint: "call-history", batchId: params.get("batchId") };
  const id = (prefix: string) => {
    const rest = trimmed.slice(prefix.length);
    return /^[A-Za-z0-9_-]{1,64}$/.test(rest) ? rest : undefined;
  };
  if (trimmed.startsWith(`${HISTORY_PATH}/`)) {
    const recordId = id(`${HISTORY_PATH}/`);
    return recordId ? { kind: "call-record", endpoint: "call-record", batchId: null, id: recordId } : undefined;
  }
  if (trimmed.startsWith(RECORDINGS_PREFIX)) {
    const recordId = id(RECORDINGS_PREFIX);
    return recordId ? { kind: "recording", endpoint: "recording", batchId: null, id: recordId } : undefined;
  }
  return undefined;
}

const origin = (req: IncomingMessage) => `http://${headerValue(req, "host") ?? "127.0.0.1"}`;

/** The v2 call-history family, after auth, faults and the rate limit (api-handler.ts). */
export function handleRecordRoute(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  route: RecordRoute,
  params: URLSearchParams,
  workspaceId: string,
  entry: RecordedRequest,
  reply: Reply,
): void {
  // Another integrator reports the list answering 500 now and then; the rate is a knob (0 in tests).
  if (route.kind === "call-history" && state.rollCallHistoryError())
    return reply(500, { error: "Internal server error" });
  if (route.kind === "call-history") return listHistory(state, req, params, workspaceId, reply);
  const record = state.records.byId(workspaceId, route.id);
  entry.batchId = record?.batchId ?? null;
  if (!record) return reply(404, { error: route.kind === "recording" ? "Recording not found" : "Call not found" });
  if (route.kind === "call-record") return reply(200, detailRecordBody(record, origin(req)));
  if (!record.hasRecording) return reply(404, { error: "Recording not found" });
  sendRecording(state, req, res, record, entry);
}

function listHistory(
  state: SimState,
  req: IncomingMessage,
  params: URLSearchParams,
  workspaceId: string,
  reply: Reply,
): void {
  const page = positiveInt(params.get("page"), 1);
  const limit = positiveInt(params.get("limit"), 10);
  if (page === null || limit === null || limit > MAX_LIMIT)
    return reply(400, { error: `page and limit must be whole numbers, limit at most ${MAX_LIMIT}` });
  let callIds: string[] | undefined;
  const rawIds = params.get("callIds");
  if (rawIds !== null) {
    try {
      const parsed: unknown = JSON.parse(rawIds);
      if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === "string")) throw new Error("not a list");
      callIds = parsed as string[];
    } catch {
      return reply(400, { error: "callIds must be a JSON array of strings" });
    }
  }
  const batchId = params.get("batchId");
  const status = params.get("status");
  const search = params.get("search")?.trim().toLowerCase();
  const matches = state.records
    .all(workspaceId)
    .filter(
      (record) =>
        (batchId === null || record.batchId === batchId) &&
        (status === null || record.call.status === status) &&
        (callIds === undefined || callIds.includes(record.callId)) &&
        (!search || searchable(record).includes(search)),
    );
  const start = (page - 1) * limit;
  const totalPages = Math.ceil(matches.length / limit);
  reply(200, {
    data: matches.slice(start, start + limit).map((record) => listRecordBody(record, origin(req))),
    pagination: { page, limit, total: matches.length, totalPages, hasNext: page < totalPages, hasPrev: page > 1 },
  });
}

// Free text over the phone numbers as stored (E.164) and the call's CSV variables: "(415) 555-0134" finds nothing.
function searchable(record: SimRecord): string {
  return [record.call.phone_number, "+14155550100", record.callId, ...Object.values(record.call.metadata)]
    .join("\u0000")
    .toLowerCase();
}

function positiveInt(raw: string | null, fallback: number): number | null {
  if (raw === null) return fallback;
  return /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null;
}

function sendRecording(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  record: SimRecord,
  entry: RecordedRequest,
): void {
  const wav = state.recordings.get(record.id, () =>
    recordingWav(record.call.duration ?? 10, record.conversation.turns),
  );
  const base = { "content-type": "audio/wav", "accept-ranges": "bytes", "cache-control": "private, max-age=3600" };
  const range = byteRange(headerValue(req, "range"), wav.length);
  if (range === "unsatisfiable") {
    state.log.settle(entry, 416);
    res.writeHead(416, { ...base, "content-range": `bytes */${wav.length}` });
    return void res.end();
  }
  const body = range ? wav.subarray(range.start, range.end + 1) : wav;
  const status = range ? 206 : 200;
  state.log.settle(entry, status);
  res.writeHead(status, {
    ...base,
    "content-length": body.length,
    ...(range ? { "content-range": `bytes ${range.start}-${range.end}/${wav.length}` } : {}),
  });
  res.end(body);
}
