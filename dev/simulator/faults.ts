import { z } from "zod";
import { mulberry32, type Rng } from "./prng.js";

export const ENDPOINTS = [
  "calls",
  "batch",
  "status",
  "job",
  "call-history",
  "call-record",
  "recording",
  "create",
  "cancel",
  "agents",
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

// Strict, so a typo such as "batchID" fails loudly instead of silently faulting every batch.
export const faultInputSchema = z.strictObject({
  // hang-after-create: POST /v1/api/batch-calls creates the batch, then never answers (a lost answer).
  mode: z.enum(["status", "rate-limit", "malformed", "wrong-shape", "hang", "reset", "slow", "hang-after-create"]),
  status: z.number().int().min(400).max(599).optional(),
  retryAfter: z.number().int().min(0).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  count: z.number().int().min(1).optional(),
  batchId: z.string().min(1).optional(),
  endpoint: z.enum(ENDPOINTS).optional(),
  // Only list requests with this `status` filter ("all" when the request names none).
  callStatus: z.string().min(1).optional(),
  errorRate: z.number().min(0).max(1).optional(),
});

export type FaultInput = z.infer<typeof faultInputSchema>;
export type Fault = FaultInput & { id: string };

export interface FaultTarget {
  batchId?: string;
  endpoint?: Endpoint;
  callStatus?: string;
}

export interface FaultStore {
  add(input: FaultInput): Fault;
  list(): Fault[];
  clear(): void;
  remove(id: string): boolean;
  reset(): void;
  // The first matching fault, consuming one of its `count` uses.
  take(target: FaultTarget): Fault | undefined;
}

export function createFaultStore(seed: number): FaultStore {
  let faults: Fault[] = [];
  let rng: Rng = mulberry32(seed);
  let nextId = 1;

  return {
    add(input) {
      const fault = { id: `fault_${nextId}`, ...input };
      nextId += 1;
      faults.push(fault);
      return { ...fault };
    },
    list: () => faults.map((fault) => ({ ...fault })),
    clear() {
      faults = [];
    },
    remove(id) {
      const before = faults.length;
      faults = faults.filter((fault) => fault.id !== id);
      return faults.length < before;
    },
    reset() {
      faults = [];
      rng = mulberry32(seed);
      nextId = 1;
    },
    take(target) {
      for (const fault of faults) {
        if (fault.batchId !== undefined && fault.batchId !== target.batchId) continue;
        if (fault.endpoint !== undefined && fault.endpoint !== target.endpoint) continue;
        if (fault.callStatus !== undefined && fault.callStatus !== target.callStatus) continue;
        if (fault.errorRate !== undefined && rng() >= fault.errorRate) continue;
        if (fault.count !== undefined) {
          fault.count -= 1;
          if (fault.count <= 0) faults = faults.filter((other) => other !== fault);
        }
        return fault;
      }
      return undefined;
    },
  };
}
