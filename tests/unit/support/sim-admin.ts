import type { RunningSimulator } from "../../../dev/simulator/server";

/** The simulator's admin knobs (`/__sim/...`), for tests that inject faults and count upstream requests. */

export type SimFault = {
  mode: "status" | "rate-limit" | "malformed" | "wrong-shape" | "hang" | "reset" | "slow";
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  count?: number;
  batchId?: string;
  endpoint?: "calls" | "batch" | "status";
};

export type SimRequest = {
  method: string;
  path: string;
  rawUrl: string;
  query: Record<string, string | string[]>;
  headerNames: string[];
  workspaceId: string | null;
  keyLabel: string;
  batchId: string | null;
  status: number | null;
};

async function admin(sim: RunningSimulator, path: string, method = "GET", body?: unknown): Promise<unknown> {
  const response = await fetch(`${sim.url}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator admin ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export const addFault = (sim: RunningSimulator, fault: SimFault) => admin(sim, "faults", "POST", fault);
export const clearFaults = (sim: RunningSimulator) => admin(sim, "faults", "DELETE");
export const resetSim = (sim: RunningSimulator) => admin(sim, "reset", "POST");

export async function requestCount(sim: RunningSimulator): Promise<number> {
  return ((await admin(sim, "stats")) as { requests: number }).requests;
}

export async function recentRequests(sim: RunningSimulator, limit = 100): Promise<SimRequest[]> {
  return ((await admin(sim, `requests?limit=${limit}`)) as { requests: SimRequest[] }).requests;
}
