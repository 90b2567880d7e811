import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Endpoint, Fault } from "./faults.js";
import { headerValue, sendJson, sendRaw } from "./http-io.js";
import { parseListQuery } from "./query.js";
import type { RecordedRequest } from "./request-log.js";
import { handleRecordRoute, matchRecordRoute, type RecordRoute } from "./records/handler.js";
import { batchBody, listCallsBody, statusBody } from "./responses.js";
import type { SimState } from "./state.js";
import { jobBody } from "./records/store.js";
import { handleAction } from "./action-handler.js";
import { matchActionRoute } from "./actions.js";
import type { BatchView, Call } from "./types.js";

const API_PREFIX = "/v1/api/batch-calls/";

interface BatchRoute {
  batchId: string;
  endpoint: "batch" | "calls" | "status" | "job";
  jobId?: string;
}

type Reply = (status: number, body: unknown, headers?: OutgoingHttpHeaders) => void;

// GET /v1/api/batch-calls/{batchId}[/calls[/{jobId}]|/status] and the v2 call records: auth, faults, rate limit, then the seeded data.
export async function handleApiRequest(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  search: string,
): Promise<void> {
  const params = new URLSearchParams(search);
  const acting = matchActionRoute(req.method ?? "GET", path);
  const route: BatchRoute | RecordRoute | undefined = acting
    ? undefined
    : (matchRoute(path) ?? matchRecordRoute(path, params));
  const apiKey = headerValue(req, "x-api-key");
  const workspaceId = headerValue(req, "x-workspace-id") ?? null;
  const account = apiKey ? state.accounts.find(apiKey) : undefined;
  const entry: RecordedRequest = {
    method: req.method ?? "GET",
    path,
    rawUrl: req.url ?? path,
    query: queryRecord(params),
    headerNames: Object.keys(req.headers),
    workspaceId,
    keyLabel: account?.label ?? (apiKey ? "unknown" : "missing"),
    batchId: acting?.action === "cancel" ? acting.batchId : (route?.batchId ?? null),
    at: state.now(),
    status: null,
  };
  state.log.record(entry);
  const reply: Reply = (status, body, headers) => {
    state.log.settle(entry, status);
    sendJson(res, status, body, headers);
  };

  if (state.config.latencyMs > 0) await state.delay(state.config.latencyMs);
  if (!account) return reply(401, { error: "Invalid API key" });
  if (!workspaceId) return reply(403, { error: "Missing x-workspace-id header" });
  if (!account.workspaces.has(workspaceId)) return reply(403, { error: "Access to this workspace is forbidden" });

  const fault = state.faults.take({
    batchId: acting?.action === "cancel" ? acting.batchId : (route?.batchId ?? undefined),
    endpoint: acting ? acting.action : route?.endpoint,
    callStatus: route?.endpoint === "calls" ? (params.get("status") ?? "all") : undefined,
  });
  // A lost answer: the batch is created, and the answer never comes.
  const hangAfterCreate = fault?.mode === "hang-after-create" && acting?.action === "create";
  if (fault && !hangAfterCreate) {
    const handled = await applyFault(state, fault, acting ? acting.action : route?.endpoint, res, entry, reply);
    if (handled) return;
  }

  const decision = state.limiter.check(account.label, state.now(), state.config.rateLimitPerMinute);
  if (!decision.allowed)
    return reply(429, { error: "Rate limit exceeded" }, { "retry-after": String(decision.retryAfterSeconds) });
  if (acting) return handleAction(state, req, acting, workspaceId, reply, hangAfterCreate);
  if (!route) return reply(404, { error: "Not found" });
  if (req.method !== "GET") return reply(405, { error: "Method not allowed" }, { allow: "GET" });
  if ("kind" in route) return handleRecordRoute(state, req, res, route, params, workspaceId, entry, reply);

  const batch = state.catalog.find(workspaceId, route.batchId);
  if (!batch) return reply(404, { error: "Batch not found" });
  const now = state.now();
  const view = batch.view(now);
  if (route.endpoint === "batch") return reply(200, { ...batchBody(batch.id, view, now), ...batch.extraFields });
  if (route.endpoint === "status") return reply(200, { ...statusBody(view), ...batch.extraFields });
  if (route.endpoint === "job") {
    const call = batch.findCall ? batch.findCall(route.jobId ?? "") : findJob(view, route.jobId ?? "");
    if (!call) return reply(404, { status: "not_found", error: "Job not found" });
    return reply(200, jobBody(call, state.records.byJob(workspaceId, batch.id, call.jobId), batch.id));
  }
  const query = parseListQuery(params);
  if (!query.ok) return reply(400, { error: query.error });
  return reply(200, batch.listCalls ? batch.listCalls(query.value) : listCallsBody(view, query.value));
}

function matchRoute(path: string): BatchRoute | undefined {
  if (!path.startsWith(API_PREFIX)) return undefined;
  const [rawId, suffix, rawJobId, ...rest] = path.slice(API_PREFIX.length).replace(/\/$/, "").split("/");
  if (!rawId || rest.length > 0) return undefined;
  let batchId: string;
  let jobId: string | undefined;
  try {
    batchId = decodeURIComponent(rawId);
    jobId = rawJobId === undefined ? undefined : decodeURIComponent(rawJobId);
  } catch {
    return undefined;
  }
  if (suffix === undefined) return { batchId, endpoint: "batch" };
  if (suffix === "calls" && jobId) return { batchId, endpoint: "job", jobId };
  if (jobId !== undefined) return undefined;
  if (suffix === "calls" || suffix === "status") return { batchId, endpoint: suffix };
  return undefined;
}

const jobIndexes = new WeakMap<BatchView, Map<string, number>>();

function findJob(view: BatchView, jobId: string): Call | undefined {
  let index = jobIndexes.get(view);
  if (!index) {
    index = new Map();
    for (let position = 0; position < view.summary.total; position += 1)
      index.set(view.callAt(position).jobId, position);
    jobIndexes.set(view, index);
  }
  const position = index.get(jobId);
  return position === undefined ? undefined : view.callAt(position);
}

// Returns false when the request should go on to a normal answer (the "slow" mode).
async function applyFault(
  state: SimState,
  fault: Fault,
  endpoint: Endpoint | undefined,
  res: ServerResponse,
  entry: RecordedRequest,
  reply: Reply,
): Promise<boolean> {
  switch (fault.mode) {
    case "status":
      reply(fault.status ?? 500, { error: "Simulated upstream error" });
      return true;
    case "rate-limit":
      reply(429, { error: "Rate limit exceeded" }, { "retry-after": String(fault.retryAfter ?? 1) });
      return true;
    case "malformed":
      state.log.settle(entry, 200);
      sendRaw(res, 200, MALFORMED_BODIES[endpoint ?? "calls"]);
      return true;
    case "wrong-shape":
      reply(200, WRONG_SHAPES[endpoint ?? "calls"]);
      return true;
    case "hang":
      return true;
    case "reset":
      res.socket?.destroy();
      return true;
    case "slow":
      await state.delay(fault.delayMs ?? 1000);
      return false;
    case "hang-after-create":
      return true;
  }
}

const MALFORMED_BODIES: Record<Endpoint, string> = {
  create: '{"batchId":"batch_',
  cancel: '{"batchId":"batch_',
  agents: '[{"_id":"agent_',

  job: '{"jobId":"call_123","status":"compl',
  "call-history": '{"data":[{"_id":"66',
  "call-record": '{"_id":"66',
  recording: "RIFF",
  calls: '{"calls":[{"jobId":"call_123","status":"completed","phone_number":"+12345',
  batch: '{"id":"batch_7891011121314","status":"proces',
  status: '{"status":"processing","isComplete":false,"waiting":4',
};

const WRONG_SHAPES: Record<Endpoint, unknown> = {
  create: { batchId: 7, totalCalls: "many" },
  cancel: { details: "none" },
  agents: { agents: "none" },

  job: { jobId: 7, status: null },
  "call-history": { data: "none", pagination: "n/a" },
  "call-record": [],
  recording: { audio: false },
  calls: {
    calls: "[]",
    pagination: { page: "1", limit: 20, total: null, totalPages: "many", hasNext: "false", hasPrev: 0 },
    summary: [],
  },
  batch: { id: 42, status: ["processing"], isComplete: "no", totalCalls: "150", progress: "n/a", timestamp: "now" },
  status: {
    status: 7,
    isComplete: "false",
    waiting: "45",
    active: null,
    completed: {},
    failed: [],
    total: "150",
    recent_calls: {},
  },
};

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of params) {
    const existing = record[key];
    if (existing === undefined) record[key] = value;
    else record[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return record;
}
