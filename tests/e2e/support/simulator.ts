import type { APIRequestContext } from "@playwright/test";
import { e2ePorts } from "../../../dev/stack-config";

export const simulatorUrl = `http://127.0.0.1:${e2ePorts.sim}`;

export type SimFault = {
  mode: "status" | "rate-limit" | "malformed" | "wrong-shape" | "hang" | "reset" | "slow";
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  count?: number;
  batchId?: string;
};

export async function addFault(request: APIRequestContext, fault: SimFault): Promise<void> {
  const response = await request.post(`${simulatorUrl}/__sim/faults`, { data: fault });
  if (!response.ok()) throw new Error(`simulator refused fault ${JSON.stringify(fault)}: ${response.status()}`);
}

export async function clearFaults(request: APIRequestContext): Promise<void> {
  await request.delete(`${simulatorUrl}/__sim/faults`);
}

export type RecordedRequest = {
  method: string;
  path: string;
  rawUrl: string;
  query: Record<string, string | string[]>;
  headerNames: string[];
  workspaceId: string | null;
  batchId: string | null;
  at: number;
  status: number;
};

export async function recordedRequests(request: APIRequestContext, since: number): Promise<RecordedRequest[]> {
  const response = await request.get(`${simulatorUrl}/__sim/requests?limit=5000`);
  if (!response.ok()) throw new Error(`simulator request log answered ${response.status()}`);
  const body = (await response.json()) as { requests: RecordedRequest[] };
  return body.requests.filter((recorded) => recorded.at >= since);
}
