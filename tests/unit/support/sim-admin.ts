import type { RunningSimulator } from "../../../dev/simulator/server";
import type { FaultInput as SimFault } from "../../../dev/simulator/faults";
import type { RecordedRequest as SimRequest } from "../../../dev/simulator/request-log";

/** The simulator's admin knobs (`/__sim/...`), for tests that inject faults and count upstream requests. */

// The simulator's own types: a fault as its admin endpoint accepts it, a request as it records it.
export type { FaultInput as SimFault } from "../../../dev/simulator/faults";
export type { RecordedRequest as SimRequest } from "../../../dev/simulator/request-log";

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
