import type { APIRequestContext } from "@playwright/test";
import type { FaultInput as SimFault } from "../../../dev/simulator/faults";
import type { RecordedRequest } from "../../../dev/simulator/request-log";
import { e2ePorts } from "../../../dev/stack-config";

export const simulatorUrl = `http://127.0.0.1:${e2ePorts.sim}`;

export type { FaultInput as SimFault } from "../../../dev/simulator/faults";
export type { RecordedRequest } from "../../../dev/simulator/request-log";

// `simUrl`: the main e2e stack's simulator unless a spec brings a stack of its own.

/** Adds a fault and returns its id, for `removeFault`. */
export async function addFault(request: APIRequestContext, fault: SimFault, simUrl = simulatorUrl): Promise<string> {
  const response = await request.post(`${simUrl}/__sim/faults`, { data: fault });
  if (!response.ok()) throw new Error(`simulator refused fault ${JSON.stringify(fault)}: ${response.status()}`);
  return ((await response.json()) as { fault: { id: string } }).fault.id;
}

export async function removeFault(request: APIRequestContext, id: string): Promise<void> {
  await request.delete(`${simulatorUrl}/__sim/faults?id=${encodeURIComponent(id)}`);
}

export async function clearFaults(request: APIRequestContext, simUrl = simulatorUrl): Promise<void> {
  await request.delete(`${simUrl}/__sim/faults`);
}

export async function recordedRequests(request: APIRequestContext, since: number): Promise<RecordedRequest[]> {
  const response = await request.get(`${simulatorUrl}/__sim/requests?limit=5000`);
  if (!response.ok()) throw new Error(`simulator request log answered ${response.status()}`);
  const body = (await response.json()) as { requests: RecordedRequest[] };
  return body.requests.filter((recorded) => recorded.at >= since);
}
