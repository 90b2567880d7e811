import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_SECRET } from "@/dev/simulator/actions";
import { startSimulator, type RunningSimulator } from "@/dev/simulator/server";
import { addFault, clearFaults, recentRequests } from "./support/sim-admin";

// The simulator's acting endpoints: POST /v1/api/batch-calls (validated like the docs; the batch then runs live),
// DELETE (cancel), GET /v1/api/agents, and the faults a start can meet (500; the answer lost after the batch exists).

const KEY = "demo-trillet-key";
const headers = (workspace = "ws_acme") => ({ "x-api-key": KEY, "x-workspace-id": workspace });

let now = 1_780_000_000_000;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, liveDurationMs: 60_000, now: () => now });
});
afterAll(async () => sim.close());

function form(fields: Record<string, string | undefined>, csv?: string, name = "contacts.csv"): FormData {
  const body = new FormData();
  if (csv !== undefined) body.set("file", new Blob([csv], { type: "text/csv" }), name);
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) body.set(key, value);
  return body;
}

const post = (body: FormData | string, workspace = "ws_acme", signal?: AbortSignal) =>
  fetch(`${sim.url}/v1/api/batch-calls`, { method: "POST", headers: headers(workspace), body, signal });

const threeRows =
  "phone_number,first_name,plan\r\n+14155550101,Ada,gold\r\n+14155550102,Bo,silver\r\n+14155550103,Cy,=1+1\r\n";

describe("a batch started through the API has call records", () => {
  it("for its finished calls only, growing as the batch runs, with transcripts, and for its own workspace only", async () => {
    const rows = ["phone_number,first_name", ...Array.from({ length: 12 }, (_, i) => `+1415555${2000 + i},P${i}`)];
    const answer = (await (await post(form({ agentId: "agent_renewals_v3" }, rows.join("\n")))).json()) as {
      batchId: string;
    };
    const records = async (workspace = "ws_acme") =>
      (await (
        await fetch(`${sim.url}/v2/api/call-history?batchId=${answer.batchId}&limit=100`, {
          headers: headers(workspace),
        })
      ).json()) as { data: { callId?: string; toPhoneNumber?: string; transcript?: unknown }[] };
    expect((await records()).data).toEqual([]);
    now += 20_000;
    const partway = (await records()).data.length;
    now += 60_000;
    const finished = (await records()).data;
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.length).toBeGreaterThanOrEqual(partway);
    for (const record of finished) {
      expect(record.callId).toMatch(/^call_/);
      expect(rows.join()).toContain(String(record.toPhoneNumber));
    }
    expect((await records("ws_globex")).data).toEqual([]);
  });
});

describe("GET /v1/api/agents", () => {
  it("answers a bare array of the workspace's agents, one of them carrying a secret-looking field", async () => {
    const response = await fetch(`${sim.url}/v1/api/agents`, { headers: headers() });
    expect(response.status).toBe(200);
    const agents = (await response.json()) as { _id: string; name: string; status: string }[];
    expect(Array.isArray(agents)).toBe(true);
    expect(agents.map((agent) => agent._id)).toContain("agent_renewals_v3");
    expect(JSON.stringify(agents)).toContain(AGENT_SECRET);
    const globex = (await (await fetch(`${sim.url}/v1/api/agents`, { headers: headers("ws_globex") })).json()) as {
      _id: string;
    }[];
    expect(globex.map((agent) => agent._id)).toEqual(["agent_globex_sales"]);
  });
});

describe("POST /v1/api/batch-calls", () => {
  it("starts a batch from a CSV: the answer's shape, then the batch progresses live with outcomes and its rows", async () => {
    const response = await post(form({ agentId: "agent_renewals_v3" }, threeRows));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { batchId: string; totalCalls: number; status: string; message: string };
    expect(answer).toEqual({
      batchId: expect.stringMatching(/^batch_sim_/),
      totalCalls: 3,
      status: "processing",
      message: expect.any(String),
    });
    const calls = async () =>
      (await (
        await fetch(`${sim.url}/v1/api/batch-calls/${answer.batchId}/calls?limit=100`, { headers: headers() })
      ).json()) as {
        calls: { status: string; phone_number: string; metadata: Record<string, string> }[];
        summary: { waiting: number; completed: number; failed: number };
      };
    const first = await calls();
    expect(first.summary.waiting).toBe(3);
    expect(first.calls.map((call) => call.phone_number)).toEqual(["+14155550101", "+14155550102", "+14155550103"]);
    expect(first.calls[2]!.metadata).toEqual({ first_name: "Cy", plan: "=1+1" });
    now += 60_000;
    const done = await calls();
    expect(done.summary.waiting).toBe(0);
    expect(done.summary.completed + done.summary.failed).toBe(3);
    const status = (await (
      await fetch(`${sim.url}/v1/api/batch-calls/${answer.batchId}`, { headers: headers() })
    ).json()) as { status: string; isComplete: boolean };
    expect(status).toMatchObject({ status: "completed", isComplete: true });
    // Another workspace does not see it.
    const other = await fetch(`${sim.url}/v1/api/batch-calls/${answer.batchId}`, { headers: headers("ws_globex") });
    expect(other.status).toBe(404);
  });

  it("a scheduled batch is queued and waits for its time", async () => {
    const at = new Date(now + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const response = await post(form({ agentId: "agent_reminders", scheduledAt: at }, threeRows));
    const answer = (await response.json()) as { batchId: string; status: string };
    expect(answer.status).toBe("queued");
    now += 120_000;
    const view = (await (
      await fetch(`${sim.url}/v1/api/batch-calls/${answer.batchId}`, { headers: headers() })
    ).json()) as { status: string; progress: { waiting: number } };
    expect(view.status).toBe("queued");
    expect(view.progress.waiting).toBe(3);
  });

  it.each([
    ["no file", form({ agentId: "agent_renewals_v3" }), 400, "file is required"],
    ["no agentId", form({}, threeRows), 400, "agentId is required"],
    ["an agent of another workspace", form({ agentId: "agent_globex_sales" }, threeRows), 404, "Agent not found"],
    [
      "no phone_number column",
      form({ agentId: "agent_renewals_v3" }, "phone,name\r\n+14155550101,Ada\r\n"),
      400,
      "phone_number",
    ],
    ["a header and no rows", form({ agentId: "agent_renewals_v3" }, "phone_number\r\n"), 400, "no rows"],
    [
      "a bad scheduledAt",
      form({ agentId: "agent_renewals_v3", scheduledAt: "tomorrow" }, threeRows),
      400,
      "scheduledAt",
    ],
    [
      "a past scheduledAt",
      form({ agentId: "agent_renewals_v3", scheduledAt: "2020-01-01T00:00:00Z" }, threeRows),
      400,
      "future",
    ],
    [
      "a smartCallbackConfig that is not JSON",
      form({ agentId: "agent_renewals_v3", smartCallbackConfig: "{" }, threeRows),
      400,
      "smartCallbackConfig",
    ],
  ])("refuses %s", async (_name, body, status, error) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toContain(error);
  });

  it("refuses a body that is not multipart, and one over 20 MB", async () => {
    const json = await fetch(`${sim.url}/v1/api/batch-calls`, {
      method: "POST",
      headers: { ...headers(), "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(400);
    const big = "phone_number\r\n" + "+14155550101\r\n".repeat(Math.ceil((20 * 1024 * 1024 + 1) / 14));
    const tooLarge = await post(form({ agentId: "agent_renewals_v3" }, big));
    expect([400, 413]).toContain(tooLarge.status);
  });

  it("a 500 fault creates nothing; a hang-after-create fault creates the batch and never answers", async () => {
    await addFault(sim, { mode: "status", status: 500, endpoint: "create", count: 1 });
    const failed = await post(form({ agentId: "agent_renewals_v3" }, threeRows));
    expect(failed.status).toBe(500);

    await addFault(sim, { mode: "hang-after-create", endpoint: "create", count: 1 });
    const lost = post(form({ agentId: "agent_renewals_v3" }, threeRows), "ws_acme", AbortSignal.timeout(500));
    await expect(lost).rejects.toThrow();
    await clearFaults(sim);
    const requests = (await recentRequests(sim, 20)).filter((entry) => entry.method === "POST");
    const last = requests.at(-1)!;
    expect(last.status).toBeNull();
    // The batch exists though its answer was lost: the next batch number is one further on.
    const next = (await (await post(form({ agentId: "agent_renewals_v3" }, threeRows))).json()) as { batchId: string };
    const numberOf = (id: string) => Number(id.split("_").at(-1));
    const started = (await recentRequests(sim, 50)).filter((entry) => entry.method === "POST" && entry.status === 200);
    expect(started.length).toBeGreaterThanOrEqual(2);
    expect(numberOf(next.batchId)).toBeGreaterThanOrEqual(4);
  });
});

describe("DELETE /v1/api/batch-calls/{batchId}", () => {
  it("cancels a started batch: waiting calls cancelled, active ones finish, counts in details", async () => {
    const rows = Array.from({ length: 20 }, (_, index) => `+1415555${String(1000 + index)}`).join("\r\n");
    const started = (await (
      await post(form({ agentId: "agent_renewals_v3" }, `phone_number\r\n${rows}\r\n`))
    ).json()) as {
      batchId: string;
    };
    now += 10_000;
    const response = await fetch(`${sim.url}/v1/api/batch-calls/${started.batchId}`, {
      method: "DELETE",
      headers: headers(),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      batchId: string;
      status: string;
      details: { completedCalls: number; failedCalls: number; cancelledCalls: number; totalCalls: number };
    };
    expect(answer).toMatchObject({ batchId: started.batchId, status: "cancelled" });
    expect(answer.details.totalCalls).toBe(20);
    expect(answer.details.cancelledCalls).toBeGreaterThan(0);
    now += 600_000;
    const view = (await (
      await fetch(`${sim.url}/v1/api/batch-calls/${started.batchId}`, { headers: headers() })
    ).json()) as { status: string; progress: { waiting: number; active: number } };
    expect(view.status).toBe("cancelled");
    expect(view.progress.waiting).toBe(0);
    expect(view.progress.active).toBe(0);
  });

  it("404 for an unknown batch and for another workspace's batch", async () => {
    const unknown = await fetch(`${sim.url}/v1/api/batch-calls/batch_nope`, { method: "DELETE", headers: headers() });
    expect(unknown.status).toBe(404);
    const other = await fetch(`${sim.url}/v1/api/batch-calls/batch_globex_q3`, {
      method: "DELETE",
      headers: headers(),
    });
    expect(other.status).toBe(404);
  });
});
