import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import { agentsOf, createdBatch, readCreate, type ActionRoute, type CreatedBatch } from "./actions.js";
import type { SimState } from "./state.js";

type Reply = (status: number, body: unknown, headers?: OutgoingHttpHeaders) => void;

const created = new WeakMap<SimState, { next: number; batches: Map<string, CreatedBatch> }>();

function registry(state: SimState) {
  let entry = created.get(state);
  if (!entry) created.set(state, (entry = { next: 1, batches: new Map() }));
  return entry;
}

/** The batches this simulator started, for its tests (by workspace and id). */
export function createdBatchOf(state: SimState, workspaceId: string, batchId: string): CreatedBatch | undefined {
  return registry(state).batches.get(`${workspaceId}\u0000${batchId}`);
}

// POST /v1/api/batch-calls, DELETE /v1/api/batch-calls/{id}, GET /v1/api/agents, after auth, faults and rate limit.
export async function handleAction(
  state: SimState,
  req: IncomingMessage,
  route: ActionRoute,
  workspaceId: string,
  reply: Reply,
  hangAfterCreate: boolean,
): Promise<void> {
  if (route.action === "agents") return reply(200, agentsOf(workspaceId));
  if (route.action === "cancel") {
    const batch = createdBatchOf(state, workspaceId, route.batchId);
    if (!batch) {
      // Seeded batches are fixed data; only batches started here can be cancelled.
      if (state.catalog.find(workspaceId, route.batchId)) {
        return reply(400, { error: "This simulated batch cannot be cancelled" });
      }
      return reply(404, { error: "Batch not found" });
    }
    const details = batch.cancel(state.now());
    return reply(200, {
      batchId: batch.id,
      status: "cancelled",
      message: "Batch cancelled. Waiting calls were cancelled; active calls will finish.",
      details,
    });
  }
  const now = state.now();
  const checked = await readCreate(req, workspaceId, now);
  if (!checked.ok) return reply(checked.status, { error: checked.error });
  const reg = registry(state);
  const number = reg.next++;
  const id = `batch_sim_${now.toString(36)}_${number}`;
  const { rows, scheduledAt } = checked.input;
  const batch = createdBatch({
    id,
    workspaceId,
    rows,
    startsAt: scheduledAt ?? now,
    durationMs: Math.min(state.liveDurationMs, 3_000 * (rows.length + 6)),
    seed: 7_919 * number,
  });
  reg.batches.set(`${workspaceId}\u0000${id}`, batch);
  state.catalog.add(batch);
  if (hangAfterCreate) return;
  return reply(200, {
    batchId: id,
    totalCalls: rows.length,
    status: scheduledAt !== undefined && scheduledAt > now ? "queued" : "processing",
    message: `Batch created with ${rows.length} calls`,
  });
}
