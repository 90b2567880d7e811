import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { faultInputSchema } from "./faults.js";
import { BadRequestError, readJsonBody, sendJson } from "./http-io.js";
import { REQUEST_LOG_CAPACITY } from "./request-log.js";
import type { SimState } from "./state.js";

const configSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  rateLimitPerMinute: z.number().int().min(0).optional(),
  callHistoryErrorRate: z.number().min(0).max(1).optional(),
});

const liveSchema = z.strictObject({ elapsedMs: z.number().int().min(0), paused: z.boolean().optional() });

type AdminRoute = (state: SimState, req: IncomingMessage, url: URL) => Promise<[number, unknown]> | [number, unknown];

const ROUTES: Record<string, Partial<Record<string, AdminRoute>>> = {
  "/__sim/health": { GET: () => [200, { ok: true }] },
  "/__sim/faults": {
    GET: (state) => [200, { faults: state.faults.list() }],
    POST: async (state, req) => [201, { fault: state.faults.add(parse(faultInputSchema, await readJsonBody(req))) }],
    DELETE: (state, _req, url) => {
      const id = url.searchParams.get("id");
      if (id !== null) return [200, { cleared: state.faults.remove(id) ? 1 : 0 }];
      const cleared = state.faults.list().length;
      state.faults.clear();
      return [200, { cleared }];
    },
  },
  "/__sim/config": {
    GET: (state) => [200, state.config],
    POST: async (state, req) => {
      const changes = parse(configSchema, await readJsonBody(req));
      state.config = { ...state.config, ...changes };
      return [200, state.config];
    },
  },
  "/__sim/stats": { GET: (state) => [200, state.log.stats()] },
  "/__sim/requests": {
    GET: (state, _req, url) => {
      const limit = Number(url.searchParams.get("limit") ?? 100);
      if (!Number.isInteger(limit) || limit < 1) throw new BadRequestError("Invalid limit");
      return [200, { requests: state.log.last(Math.min(limit, REQUEST_LOG_CAPACITY)) }];
    },
  },
  "/__sim/reset": {
    POST: (state) => {
      state.reset();
      return [200, { ok: true }];
    },
  },
  "/__sim/live": {
    GET: (state) => [200, liveBody(state)],
    POST: async (state, req) => {
      const { elapsedMs, paused } = parse(liveSchema, await readJsonBody(req));
      state.setLiveElapsed(elapsedMs, paused);
      return [200, liveBody(state)];
    },
  },
};

// Test and demo knobs under /__sim/: no auth, never counted in the /v1 stats.
export async function handleAdminRequest(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const methods = ROUTES[url.pathname.replace(/\/$/, "")];
  if (!methods) return sendJson(res, 404, { error: "Not found" });
  const route = methods[req.method ?? "GET"];
  if (!route) return sendJson(res, 405, { error: "Method not allowed" }, { allow: Object.keys(methods).join(", ") });
  try {
    const [status, body] = await route(state, req, url);
    sendJson(res, status, body);
  } catch (error) {
    if (error instanceof BadRequestError) return sendJson(res, 400, { error: error.message });
    throw error;
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new BadRequestError(z.prettifyError(result.error));
  return result.data;
}

function liveBody(state: SimState) {
  return { elapsedMs: state.liveElapsedMs(), durationMs: state.liveDurationMs, paused: state.livePaused };
}
