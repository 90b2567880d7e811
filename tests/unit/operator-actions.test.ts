import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { AGENT_SECRET } from "../../dev/simulator/actions";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { testIdentity } from "./support/identity";
import { forgetProcessState } from "./support/process-state";
import { addFault, clearFaults, recentRequests, type SimRequest } from "./support/sim-admin";
import { daytimePrefix } from "../shared/daytime-prefix";

// Operators start, re-run and cancel through the real route handlers, the real Trillet client and the simulator,
// with the team's records in a real PostgreSQL. The only mock: who is signed in. Every rule of "one start per
// request" is asserted on the simulator's request log: how many POSTs reached "Trillet".

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

type BatchesRoute = typeof import("@/app/api/w/[slug]/batches/route");
type BatchRoute = typeof import("@/app/api/w/[slug]/batches/[batchId]/route");
type RerunRoute = typeof import("@/app/api/w/[slug]/batches/[batchId]/rerun/route");
type AgentsRoute = typeof import("@/app/api/w/[slug]/agents/route");
type Instance = {
  batches: BatchesRoute;
  batch: BatchRoute;
  rerun: RerunRoute;
  agents: AgentsRoute;
  records: typeof import("@/lib/operations/start-records");
  db: typeof import("@/lib/db/batches");
  config: typeof import("@/lib/config");
};

const alice = testIdentity({ id: "http://127.0.0.1:1#op-alice", email: "alice@acme.test", name: "Alice" });
const carol = testIdentity({ id: "http://127.0.0.1:1#op-carol", email: "carol@acme.test", name: "Carol" });
const bob = testIdentity({ id: "http://127.0.0.1:1#op-bob", email: "bob@globex.test", name: "Bob" });
const AGENT = "agent_renewals_v3";
const ORIGIN = "http://localhost";

let sim: RunningSimulator;
let app: Instance;
let logStart = 0;

async function loadInstance(): Promise<Instance> {
  return {
    batches: await import("@/app/api/w/[slug]/batches/route"),
    batch: await import("@/app/api/w/[slug]/batches/[batchId]/route"),
    rerun: await import("@/app/api/w/[slug]/batches/[batchId]/rerun/route"),
    agents: await import("@/app/api/w/[slug]/agents/route"),
    records: await import("@/lib/operations/start-records"),
    db: await import("@/lib/db/batches"),
    config: await import("@/lib/config"),
  };
}

/** A second instance of the app: its own process state (caches, budget, connection), the same database. */
async function anotherInstance(): Promise<Instance> {
  forgetProcessState();
  vi.resetModules();
  return loadInstance();
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, {
      WORKSPACES: JSON.stringify([
        {
          slug: "acme",
          id: "ws_acme",
          name: "Acme",
          members: { domains: ["acme.test"] },
          operators: { emails: ["alice@acme.test"] },
        },
        {
          slug: "globex",
          id: "ws_globex",
          name: "Globex",
          members: { emails: ["bob@globex.test"] },
          operators: { emails: ["bob@globex.test"] },
        },
      ]),
      TRILLET_RATE_LIMIT_PER_MINUTE: "100000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
      // A start waits 4 × this for its answer: the lost-answer cases take seconds, not half a minute.
      TRILLET_TIMEOUT_MS: "500",
      BATCH_MAX_ROWS: "50",
    }),
  );
  app = await loadInstance();
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  session.identity = alice;
  await clearFaults(sim);
  logStart = (await recentRequests(sim, 5_000)).length;
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

/** The requests that reached the simulator since the test began. */
async function upstream(): Promise<SimRequest[]> {
  const all = await recentRequests(sim, 5_000);
  return all.slice(logStart);
}
const posts = async () => (await upstream()).filter((entry) => entry.method === "POST");

// Numbers where it is daytime now: every start checks calling hours.
const { prefix } = daytimePrefix();
const csv = (count: number, offset = 0) =>
  "phone_number,first_name\r\n" +
  Array.from({ length: count }, (_, index) => `${prefix}${String(2000 + offset + index)},Person ${index}\r\n`).join("");

/** Tomorrow 18:00 UTC: inside 08:00–21:00 in every mainland US zone (the simulator's numbers), for a few hours. */
const tomorrowUsDaytime = () => {
  const day = new Date(Date.now() + 86_400_000);
  return `${day.toISOString().slice(0, 10)}T18:00:00Z`;
};

type StartFields = {
  file?: string | Uint8Array;
  fileName?: string;
  agentId?: string;
  scheduledAt?: string;
  parentBatchId?: string;
  label?: string;
};

function startRequest(key: string | null, fields: StartFields, headers: Record<string, string> = {}): NextRequest {
  const form = new FormData();
  if (fields.file !== undefined) {
    const part = typeof fields.file === "string" ? fields.file : new Uint8Array(fields.file);
    form.set("file", new Blob([part], { type: "text/csv" }), fields.fileName ?? "contacts.csv");
  }
  form.set("agentId", fields.agentId ?? AGENT);
  if (fields.scheduledAt) form.set("scheduledAt", fields.scheduledAt);
  if (fields.parentBatchId) form.set("parentBatchId", fields.parentBatchId);
  if (fields.label) form.set("label", fields.label);
  return new NextRequest("http://localhost/api/w/acme/batches", {
    method: "POST",
    body: form,
    headers: { origin: ORIGIN, host: "localhost", ...(key === null ? {} : { "idempotency-key": key }), ...headers },
  });
}

const start = (instance: Instance, request: NextRequest, slug = "acme") =>
  instance.batches.POST(request, { params: Promise.resolve({ slug }) });

type StartBody = {
  start?: {
    state: string;
    batchId: string | null;
    fileName: string;
    fileSha256: string;
    createdAt: string;
    totalCalls: number | null;
  };
  counts?: Record<string, number>;
  error?: { code: string; message: string };
};
const body = async (response: Response) => (await response.json()) as StartBody;
const newKey = () => `key-${randomUUID()}`;

describe("one start per request (issue 25, item 3)", () => {
  it("records key, file SHA-256 and person before Trillet is called: the record exists while the POST is in flight", async () => {
    await addFault(sim, { mode: "slow", delayMs: 1_000, endpoint: "create", count: 1 });
    const key = newKey();
    const pending = start(app, startRequest(key, { file: csv(3) }));
    await vi.waitFor(async () => expect(await posts()).toHaveLength(1), { timeout: 2_000, interval: 20 });
    const record = await app.records.findStart(app.config.getConfig().workspaces[0]!, key);
    expect(record).toMatchObject({ state: "sending", person: alice.id, fileName: "contacts.csv" });
    expect(record!.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    const response = await pending;
    expect(response.status).toBe(201);
    const settled = await app.records.findStart(app.config.getConfig().workspaces[0]!, key);
    expect(settled).toMatchObject({ state: "started", batchId: (await body(response)).start!.batchId });
  });

  it("the same key and the same file answer the first result (200, Idempotent-Replayed), with one POST upstream", async () => {
    const key = newKey();
    const first = await start(app, startRequest(key, { file: csv(3), label: "Renewals December" }));
    expect(first.status).toBe(201);
    const started = await body(first);
    expect(first.headers.get("location")).toBe(`/w/acme/batches/${started.start!.batchId}`);
    expect(started.counts).toEqual({ rows: 3, valid: 3, invalid: 0, duplicates: 0, doNotCall: 0 });
    const again = await start(app, startRequest(key, { file: csv(3), label: "Renewals December" }));
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await body(again)).start).toEqual(started.start);
    expect(await posts()).toHaveLength(1);
    // The batch joins the workspace's list with its label, who started it, the agent and the file.
    const listed = await app.batch.GET(
      new NextRequest(`http://localhost/api/w/acme/batches/${started.start!.batchId}`),
      { params: Promise.resolve({ slug: "acme", batchId: started.start!.batchId! }) },
    );
    const view = (await listed.json()) as {
      batch: { label: string; addedBy: string };
      actions: { origin: { agentName: string; fileName: string; rowsSent: number } };
    };
    expect(view.batch).toMatchObject({ label: "Renewals December", addedBy: "Alice" });
    expect(view.actions.origin).toMatchObject({ agentName: "Renewals v3", fileName: "contacts.csv", rowsSent: 3 });
  });

  it("a repeat while the first is still sending answers 409 in_progress, and the first still starts once", async () => {
    await addFault(sim, { mode: "slow", delayMs: 1_000, endpoint: "create", count: 1 });
    const key = newKey();
    const first = start(app, startRequest(key, { file: csv(4) }));
    await vi.waitFor(async () => expect(await posts()).toHaveLength(1), { timeout: 2_000, interval: 20 });
    const second = await start(app, startRequest(key, { file: csv(4) }));
    expect(second.status).toBe(409);
    const refused = await body(second);
    expect(refused.error!.code).toBe("in_progress");
    expect(refused.start).toMatchObject({ state: "sending", fileName: "contacts.csv" });
    expect((await first).status).toBe(201);
    expect(await posts()).toHaveLength(1);
  });

  it("the same key with another file is 422 key_reused, and nothing more is sent", async () => {
    const key = newKey();
    expect((await start(app, startRequest(key, { file: csv(3) }))).status).toBe(201);
    const other = await start(app, startRequest(key, { file: csv(3, 100) }));
    expect(other.status).toBe(422);
    expect((await body(other)).error!.code).toBe("key_reused");
    expect(await posts()).toHaveLength(1);
  });

  it("a double click (two identical requests at once) starts one batch", async () => {
    const key = newKey();
    const answers = await Promise.all([
      start(app, startRequest(key, { file: csv(5) })),
      start(app, startRequest(key, { file: csv(5) })),
    ]);
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200 || status === 409)).toHaveLength(1);
    expect(await posts()).toHaveLength(1);
  });

  it("two instances (a second tab landing elsewhere) with one key start one batch between them", async () => {
    const key = newKey();
    const other = await anotherInstance();
    const answers = await Promise.all([
      start(app, startRequest(key, { file: csv(6) })),
      start(other, startRequest(key, { file: csv(6) })),
      start(other, startRequest(key, { file: csv(6) })),
    ]);
    expect(answers.filter((response) => response.status === 201)).toHaveLength(1);
    expect(answers.every((response) => [200, 201, 409].includes(response.status))).toBe(true);
    expect(await posts()).toHaveLength(1);
  });

  it("a retry after a network error (the first answer never read) gets the first result, not a second batch", async () => {
    const key = newKey();
    // The browser gave up on the first request; the server finished it anyway.
    void (await start(app, startRequest(key, { file: csv(2) })));
    const retry = await start(app, startRequest(key, { file: csv(2) }));
    expect(retry.status).toBe(200);
    expect((await body(retry)).start!.state).toBe("started");
    expect(await posts()).toHaveLength(1);
  });

  it("a lost answer (the batch was created, no answer came) is 'outcome unknown' with time and file, and no retry", async () => {
    await addFault(sim, { mode: "hang-after-create", endpoint: "create", count: 1 });
    const key = newKey();
    const first = await start(app, startRequest(key, { file: csv(3), fileName: "december.csv" }));
    expect(first.status).toBe(504);
    const lost = await body(first);
    expect(lost.error!.code).toBe("outcome_unknown");
    expect(lost.error!.message).toContain("december.csv");
    expect(lost.error!.message).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(lost.start).toMatchObject({ state: "unknown", fileName: "december.csv", batchId: null });
    const repeat = await start(app, startRequest(key, { file: csv(3), fileName: "december.csv" }));
    expect(repeat.status).toBe(409);
    expect((await body(repeat)).error!.code).toBe("outcome_unknown");
    expect(await posts()).toHaveLength(1);
  });

  it("a record left 'sending' by an instance that died after sending becomes 'outcome unknown'; nothing is sent again", async () => {
    const workspace = app.config.getConfig().workspaces[0]!;
    const key = newKey();
    const file = csv(3);
    const { createHash } = await import("node:crypto");
    const sha = createHash("sha256").update(file).digest("hex");
    // What a killed instance leaves: the record, written before its POST, never settled.
    await app.records.claimStart(
      workspace,
      { id: alice.id, name: "Alice" },
      {
        idempotencyKey: key,
        fileSha256: sha,
        fileName: "contacts.csv",
        kind: "start",
        agentId: AGENT,
        agentName: "Renewals v3",
        rowsSent: 3,
      },
      new Date(Date.now() - 60_000),
    );
    const repeat = await start(app, startRequest(key, { file }));
    expect(repeat.status).toBe(409);
    const answer = await body(repeat);
    expect(answer.error!.code).toBe("outcome_unknown");
    expect(answer.start!.state).toBe("unknown");
    expect(await upstream()).toHaveLength(0);
  });

  it("without an Idempotency-Key nothing is recorded or sent (400)", async () => {
    const response = await start(app, startRequest(null, { file: csv(3) }));
    expect(response.status).toBe(400);
    expect((await body(response)).error!.message).toMatch(/Idempotency-Key/);
    expect(await upstream()).toHaveLength(0);
  });

  it("Trillet refusing (500) is recorded: a repeat answers the refusal, it does not send again", async () => {
    await addFault(sim, { mode: "status", status: 500, endpoint: "create", count: 1 });
    const key = newKey();
    const first = await start(app, startRequest(key, { file: csv(3) }));
    expect(first.status).toBe(502);
    expect((await body(first)).error!.code).toBe("upstream_refused");
    const repeat = await start(app, startRequest(key, { file: csv(3) }));
    expect(repeat.status).toBe(502);
    expect(await posts()).toHaveLength(1);
  });
});

describe("bad input gets a clear 4xx and nothing reaches Trillet (item 9)", () => {
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
  const binary = new Uint8Array([0x70, 0x68, 0x6f, 0x6e, 0x65, 0x00, 0x01, 0x02, 0xff, 0xfe]);
  const future = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const cases: [string, StartFields, number, string][] = [
    ["a binary file", { file: binary }, 415, "unsupported_media_type"],
    ["an HTML file", { file: "<!doctype html><html><body>phone_number</body></html>" }, 415, "unsupported_media_type"],
    ["a zip file", { file: zip }, 415, "unsupported_media_type"],
    ["a file with 0 rows", { file: "phone_number,first_name\r\n" }, 422, "unprocessable"],
    ["an empty file", { file: "" }, 422, "unprocessable"],
    ["a file with no phone column", { file: "name,email\r\nAda,ada@example.com\r\n" }, 422, "unprocessable"],
    ["a file of 20 MB + 1 byte", { file: "x".repeat(20 * 1024 * 1024 + 1) }, 413, "payload_too_large"],
    ["more rows than BATCH_MAX_ROWS (50 here)", { file: csv(51) }, 422, "unprocessable"],
    ["no valid number", { file: "phone_number\r\nnot a number\r\n12\r\n" }, 422, "unprocessable"],
    ["a scheduledAt in the past", { file: csv(2), scheduledAt: "2020-01-01T00:00:00Z" }, 422, "unprocessable"],
    [
      "a scheduledAt more than 30 days ahead",
      { file: csv(2), scheduledAt: future(31 * 86_400_000) },
      422,
      "unprocessable",
    ],
    ["a scheduledAt that is not UTC", { file: csv(2), scheduledAt: "2030-01-01T10:00:00+02:00" }, 400, "bad_request"],
    [
      "a re-run of a batch not in this workspace's list",
      { file: csv(2), parentBatchId: "batch_globex_q3" },
      404,
      "not_found",
    ],
  ];
  it.each(cases)("%s", async (_name, fields, status, code) => {
    const response = await start(app, startRequest(newKey(), fields));
    expect(response.status).toBe(status);
    const answer = await body(response);
    expect(answer.error!.code).toBe(code);
    expect(answer.error!.message.length).toBeGreaterThan(10);
    expect(await upstream()).toHaveLength(0);
  });

  it("an agent not in the workspace's list: 422, only the (cached) agent list is read, no POST", async () => {
    const response = await start(app, startRequest(newKey(), { file: csv(2), agentId: "agent_globex_sales" }));
    expect(response.status).toBe(422);
    expect((await body(response)).error!.message).toMatch(/agent/i);
    expect(await posts()).toHaveLength(0);
    expect((await upstream()).every((entry) => entry.method === "GET" && entry.path === "/v1/api/agents")).toBe(true);
  });

  it("a member who is not an operator: 403 on start, cancel, re-run and agents", async () => {
    session.identity = carol;
    const started = await start(app, startRequest(newKey(), { file: csv(2) }));
    expect(started.status).toBe(403);
    expect((await body(started)).error!.code).toBe("forbidden");
    const params = Promise.resolve({ slug: "acme", batchId: "batch_7891011121314" });
    const cancel = await app.batch.DELETE(
      new NextRequest("http://localhost/api/w/acme/batches/batch_7891011121314", {
        method: "DELETE",
        headers: { origin: ORIGIN, host: "localhost" },
      }),
      { params },
    );
    expect(cancel.status).toBe(403);
    const rerun = await app.rerun.GET(
      new NextRequest("http://localhost/api/w/acme/batches/batch_7891011121314/rerun"),
      {
        params,
      },
    );
    expect(rerun.status).toBe(403);
    const agents = await app.agents.GET(new NextRequest("http://localhost/api/w/acme/agents"), {
      params: Promise.resolve({ slug: "acme" }),
    });
    expect(agents.status).toBe(403);
    expect(await upstream()).toHaveLength(0);
  });

  it("a non-member: 404 like a workspace that does not exist", async () => {
    session.identity = bob;
    const response = await start(app, startRequest(newKey(), { file: csv(2) }), "acme");
    expect(response.status).toBe(404);
    expect(await upstream()).toHaveLength(0);
  });

  it("a cross-site POST: 403", async () => {
    const response = await start(app, startRequest(newKey(), { file: csv(2) }, { origin: "https://evil.example" }));
    expect(response.status).toBe(403);
    expect(await upstream()).toHaveLength(0);
  });

  it("another workspace's batch id for cancel or re-run: 404, nothing upstream", async () => {
    const params = Promise.resolve({ slug: "acme", batchId: "batch_globex_q3" });
    const cancel = await app.batch.DELETE(
      new NextRequest("http://localhost/api/w/acme/batches/batch_globex_q3", {
        method: "DELETE",
        headers: { origin: ORIGIN, host: "localhost" },
      }),
      { params },
    );
    expect(cancel.status).toBe(404);
    const rerun = await app.rerun.GET(new NextRequest("http://localhost/api/w/acme/batches/batch_globex_q3/rerun"), {
      params,
    });
    expect(rerun.status).toBe(404);
    expect(await upstream()).toHaveLength(0);
  });
});

describe("agents, upstream requests per start, re-run and cancel", () => {
  it("GET agents answers _id, name and status only (the secret never leaves), cached across requests", async () => {
    const other = await anotherInstance();
    const get = () =>
      other.agents.GET(new NextRequest("http://localhost/api/w/acme/agents"), {
        params: Promise.resolve({ slug: "acme" }),
      });
    const first = await get();
    expect(first.status).toBe(200);
    const text = await first.text();
    expect(text).not.toContain(AGENT_SECRET);
    expect(text).not.toContain("voiceSettings");
    const { agents } = JSON.parse(text) as { agents: Record<string, unknown>[] };
    expect(agents.every((agent) => Object.keys(agent).sort().join() === "_id,name,status")).toBe(true);
    expect(agents.map((agent) => agent.name)).toContain("Renewals v3");
    await get();
    expect((await upstream()).filter((entry) => entry.path === "/v1/api/agents")).toHaveLength(1);
    app = other;
  });

  it("upstream requests per start: at most 2 (the agent list, cached, and the POST)", async () => {
    const other = await anotherInstance();
    const first = await start(other, startRequest(newKey(), { file: csv(2) }));
    expect(first.status).toBe(201);
    const afterFirst = (await upstream()).length;
    const second = await start(other, startRequest(newKey(), { file: csv(2, 50) }));
    expect(second.status).toBe(201);
    const all = await upstream();
    // A fresh instance: the agent list (not cached yet) and the POST; the next start only POSTs.
    expect(afterFirst).toBe(2);
    expect(all.length - afterFirst).toBe(1);
    app = other;
  });

  it("re-runs a batch's failed calls: rows built on the server, error kinds left out, parent and child linked", async () => {
    const workspace = app.config.getConfig().workspaces[0]!;
    const parent = "batch_7891011121314";
    await app.db.recordBatchOpen(
      workspace,
      parent,
      { id: alice.id, name: "Alice" },
      {
        progress: { total: 150, waiting: 45, active: 5, completed: 95, failed: 5 },
        finished: false,
      },
    );
    const params = Promise.resolve({ slug: "acme", batchId: parent });
    const all = await app.rerun.GET(new NextRequest(`http://localhost/api/w/acme/batches/${parent}/rerun`), { params });
    expect(all.status).toBe(200);
    const rows = (await all.json()) as {
      failed: number;
      rows: number;
      kinds: { kind: string; count: number }[];
      csv: string;
    };
    expect(rows.failed).toBe(5);
    expect(rows.rows).toBe(5);
    expect(rows.csv.split("\r\n")[0]!.startsWith("phone_number")).toBe(true);
    const kind = rows.kinds[0]!;
    const fewer = await app.rerun.GET(
      new NextRequest(`http://localhost/api/w/acme/batches/${parent}/rerun?exclude=${encodeURIComponent(kind.kind)}`),
      { params },
    );
    const left = (await fewer.json()) as { rows: number; csv: string };
    expect(left.rows).toBe(5 - kind.count);

    const response = await start(
      app,
      startRequest(newKey(), {
        file: rows.csv,
        fileName: `${parent}-rerun.csv`,
        parentBatchId: parent,
        scheduledAt: tomorrowUsDaytime(),
      }),
    );
    expect(response.status).toBe(201);
    const child = (await body(response)).start!;
    expect(child).toMatchObject({ state: "started" });
    const childView = (await (
      await app.batch.GET(new NextRequest(`http://localhost/api/w/acme/batches/${child.batchId}`), {
        params: Promise.resolve({ slug: "acme", batchId: child.batchId! }),
      })
    ).json()) as { actions: { parentBatchId: string; origin: { kind: string } } };
    expect(childView.actions).toMatchObject({ parentBatchId: parent, origin: { kind: "rerun" } });
    const parentView = (await (
      await app.batch.GET(new NextRequest(`http://localhost/api/w/acme/batches/${parent}`), { params })
    ).json()) as {
      actions: { reruns: string[] };
    };
    expect(parentView.actions.reruns).toContain(child.batchId);
  });

  it("cancels a started batch: Trillet's counts and who cancelled it are kept; a repeat does not call Trillet again", async () => {
    const started = await body(await start(app, startRequest(newKey(), { file: csv(10, 300) })));
    const batchId = started.start!.batchId!;
    const params = Promise.resolve({ slug: "acme", batchId });
    const del = () =>
      app.batch.DELETE(
        new NextRequest(`http://localhost/api/w/acme/batches/${batchId}`, {
          method: "DELETE",
          headers: { origin: ORIGIN, host: "localhost" },
        }),
        {
          params,
        },
      );
    const response = await del();
    expect(response.status).toBe(200);
    const { cancel } = (await response.json()) as {
      cancel: { counts: { totalCalls: number; cancelledCalls: number }; by: string };
    };
    expect(cancel.counts.totalCalls).toBe(10);
    expect(cancel.by).toBe("Alice");
    const before = (await upstream()).filter((entry) => entry.method === "DELETE").length;
    expect((await del()).status).toBe(200);
    expect((await upstream()).filter((entry) => entry.method === "DELETE").length).toBe(before);
    const view = (await (
      await app.batch.GET(new NextRequest(`http://localhost/api/w/acme/batches/${batchId}`), { params })
    ).json()) as {
      batch: { status: string };
      actions: { cancelled: { by: string; counts: { totalCalls: number } } };
    };
    expect(view.batch.status).toBe("cancelled");
    expect(view.actions.cancelled).toMatchObject({ by: "Alice", counts: { totalCalls: 10 } });
  });

  it("audit lines name who, the batch, counts and the file's SHA-256, never a phone number", async () => {
    const write = vi.mocked(process.stdout.write);
    write.mockClear();
    const file = csv(3, 700);
    expect((await start(app, startRequest(newKey(), { file }))).status).toBe(201);
    const lines = write.mock.calls.map((args) => String(args[0])).filter((line) => line.includes('"batch.start"'));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ action: "batch.start", outcome: "started", status: 201, user: "Alice", rows: 3 });
    expect(entry.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[0]).not.toContain(prefix);
    expect(lines[0]).not.toContain("Person");
  });
});
