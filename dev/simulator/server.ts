import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_ACCOUNTS, type SimAccount } from "./accounts.js";
import { handleAdminRequest } from "./admin-handler.js";
import { handleApiRequest } from "./api-handler.js";
import { warmCatalog } from "./batches.js";
import { sendJson } from "./http-io.js";
import { createSimState, type SimState } from "./state.js";

export interface SimulatorOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default one account, "demo-trillet-key", owning ws_acme and ws_globex. */
  accounts?: SimAccount[];
  /** Added to every /v1 response. Default 0. */
  latencyMs?: number;
  /** Time the live batch takes from start to done. Default 180000. */
  liveDurationMs?: number;
  /** Per API key, sliding 60 s window; 0 turns it off. Default 0. */
  rateLimitPerMinute?: number;
  /** Clock for the live batch, rate limiting and timestamps. Default Date.now. */
  now?: () => number;
  /** Share of call-history list requests answered 500 (0 to 1). Default 0. */
  callHistoryErrorRate?: number;
  /** Seed for errorRate fault rolls. Default 1. */
  seed?: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_LIVE_DURATION_MS = 180_000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const state = createSimState({
    accounts: options.accounts ?? DEFAULT_ACCOUNTS,
    config: {
      latencyMs: options.latencyMs ?? 0,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
      callHistoryErrorRate: options.callHistoryErrorRate ?? 0,
    },
    liveDurationMs: options.liveDurationMs ?? DEFAULT_LIVE_DURATION_MS,
    now: options.now ?? Date.now,
    seed: options.seed ?? 1,
  });
  // Build the big batch's indexes now, so the first request does not pay for them.
  warmCatalog(state.catalog);

  const server = createServer((req, res) => {
    route(state, req, res).catch((error: unknown) => {
      console.error("Trillet simulator: request failed", error);
      sendJson(res, 500, { error: "Internal simulator error" });
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        state.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests would otherwise hold close() open forever.
        server.closeAllConnections();
      }),
  };
}

async function route(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? "/";
  const queryStart = rawUrl.indexOf("?");
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const search = queryStart === -1 ? "" : rawUrl.slice(queryStart + 1);
  if (path.startsWith("/v1/") || path.startsWith("/v2/")) return handleApiRequest(state, req, res, path, search);
  if (path.startsWith("/__sim/")) return handleAdminRequest(state, req, res, new URL(rawUrl, "http://simulator"));
  sendJson(res, 404, { error: "Not found" });
}
