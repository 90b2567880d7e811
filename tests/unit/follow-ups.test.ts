import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type RunningPostgres } from "@/dev/services/postgres";
import type { WorkspaceConfig } from "@/lib/config";
import { managedEnv } from "./support/process-state";

// The follow-ups' data functions on both engines the product runs on: a real PostgreSQL and PGlite in process.

type Modules = {
  client: typeof import("@/lib/db/client");
  store: typeof import("@/lib/follow-ups/store");
  validation: typeof import("@/lib/follow-ups/validation");
};

const env = managedEnv(["DATABASE_URL", "DATA_DIR", "FOLLOW_UP_RETENTION_DAYS"]);

async function load(settings: Record<string, string>): Promise<Modules> {
  env.reset(settings);
  return {
    client: await import("@/lib/db/client"),
    store: await import("@/lib/follow-ups/store"),
    validation: await import("@/lib/follow-ups/validation"),
  };
}

const workspace = (slug: string): WorkspaceConfig =>
  ({ slug, id: `ws_${slug}`, name: slug, members: { domains: [`${slug}.test`] } }) as unknown as WorkspaceConfig;
const acme = workspace("acme");
const globex = workspace("globex");
const alice = { id: "https://idp.test#alice", name: "Alice", email: "alice@acme.test" };
const carol = { id: "https://idp.test#carol", name: "Carol", email: "carol@acme.test" };
const bob = { id: "https://idp.test#bob", name: "Bob", email: "bob@globex.test" };
const call = (jobId: string, name = `Name ${jobId}`) => ({
  jobId,
  contactName: name,
  contactPhone: "+14155550100",
  outcome: "Callback requested",
});
const open = { state: "open" as const };

type Engine = { name: string; settings: () => Record<string, string>; start(): Promise<void>; stop(): Promise<void> };

let postgres: RunningPostgres | undefined;
let dataDir: string | undefined;
const engines: Engine[] = [
  {
    name: "PostgreSQL",
    settings: () => ({ DATABASE_URL: postgres!.url, FOLLOW_UP_RETENTION_DAYS: "30" }),
    start: async () => void (postgres = await startPostgres()),
    stop: async () => postgres?.stop(),
  },
  {
    name: "PGlite",
    settings: () => ({ DATA_DIR: dataDir!, DATABASE_URL: "", FOLLOW_UP_RETENTION_DAYS: "30" }),
    start: async () => void (dataDir = mkdtempSync(join(tmpdir(), "batch-console-pglite-"))),
    stop: async () => rmSync(dataDir!, { recursive: true, force: true }),
  },
];

describe.each(engines)("follow-ups on $name", (engine) => {
  let m: Modules;

  beforeAll(async () => {
    await engine.start();
    m = await load(engine.settings());
    await m.client.database();
    await m.store.upsertPerson(acme, alice);
    await m.store.upsertPerson(acme, carol);
    await m.store.upsertPerson(globex, bob);
  }, 120_000);

  afterAll(async () => {
    await m?.client.closeDatabase();
    env.restore();
    await engine.stop();
  });

  it("lists the workspace's people by name, each workspace its own", async () => {
    expect((await m.store.listPeople(acme)).map((person) => person.name)).toEqual(["Alice", "Carol"]);
    expect((await m.store.listPeople(globex)).map((person) => person.id)).toEqual([bob.id]);
    // Seen again under a new name: one row, the new name.
    await m.store.upsertPerson(acme, { ...carol, name: "Carol C." });
    expect((await m.store.listPeople(acme)).map((person) => person.name)).toEqual(["Alice", "Carol C."]);
    await m.store.upsertPerson(acme, carol);
  });

  it("creates a follow-up assigned to a colleague, with its creation in the history", async () => {
    const result = await m.store.createFollowUps(acme, alice, {
      batchId: "batch_a",
      calls: [call("job_1", "John Doe")],
      assignee: carol.id,
      dueOn: "2026-12-10",
      note: "Call back after 5 pm",
    });
    expect(result).toMatchObject({ ok: true, createdCount: 1, skipped: 0 });
    if (!result.ok) return;
    const created = result.created[0]!;
    expect(created).toMatchObject({
      contactName: "John Doe",
      assignee: carol.id,
      assigneeName: "Carol",
      dueOn: "2026-12-10",
      state: "open",
      version: 1,
    });
    const read = await m.store.getFollowUp(acme, created.id);
    expect(read?.history).toHaveLength(1);
    expect(read?.history[0]).toMatchObject({
      personName: "Alice",
      changes: { state: { from: null, to: "open" }, assignee: { from: null, to: carol.id } },
    });
  });

  it("skips calls that already have an open follow-up and says how many", async () => {
    const result = await m.store.createFollowUps(acme, alice, {
      batchId: "batch_a",
      calls: [call("job_1"), call("job_2"), call("job_3"), call("job_2")],
      assignee: null,
      dueOn: null,
      note: "",
    });
    expect(result).toMatchObject({ ok: true, createdCount: 2, skipped: 1 });
    // The same job id in another batch is another call.
    const other = await m.store.createFollowUps(acme, alice, {
      batchId: "batch_b",
      calls: [call("job_1")],
      assignee: null,
      dueOn: null,
      note: "",
    });
    expect(other).toMatchObject({ ok: true, createdCount: 1, skipped: 0 });
  });

  it("refuses an assignee who is not one of the workspace's people, and creates nothing", async () => {
    const before = await m.store.listQueue(acme, alice.id, { ...open, page: 1, limit: 100 });
    for (const assignee of [bob.id, "https://idp.test#nobody"]) {
      const result = await m.store.createFollowUps(acme, alice, {
        batchId: "batch_c",
        calls: [call("job_9")],
        assignee,
        dueOn: null,
        note: "",
      });
      expect(result).toMatchObject({ ok: false, code: "bad_request" });
    }
    expect((await m.store.listQueue(acme, alice.id, { ...open, page: 1, limit: 100 })).total).toBe(before.total);
  });

  it("changes a follow-up against its version, and refuses a stale one with who changed it and the values now", async () => {
    const [followUp] = (await m.store.followUpsOfCalls(acme, "batch_a", ["job_2"])) as [
      Awaited<ReturnType<Modules["store"]["getFollowUp"]>> & object,
    ];
    const first = await m.store.updateFollowUp(acme, carol, followUp.id, 1, {
      assignee: carol.id,
      dueOn: "2026-12-20",
    });
    expect(first).toMatchObject({ ok: true, followUp: { version: 2, assigneeName: "Carol", updatedByName: "Carol" } });
    // Alice still holds version 1.
    const stale = await m.store.updateFollowUp(acme, alice, followUp.id, 1, { note: "mine" });
    expect(stale).toMatchObject({
      ok: false,
      code: "precondition_failed",
      current: { version: 2, updatedByName: "Carol", dueOn: "2026-12-20", note: "" },
    });
    const read = await m.store.getFollowUp(acme, followUp.id);
    expect(read).toMatchObject({ version: 2, note: "" });
    expect(read?.history.map((entry) => Object.keys(entry.changes).sort())).toEqual([["state"], ["assignee", "dueOn"]]);
  });

  it("completes with a closing note, reopens, and refuses a reopen while the call has another open one", async () => {
    const [followUp] = await m.store.followUpsOfCalls(acme, "batch_a", ["job_3"]);
    const done = await m.store.updateFollowUp(acme, carol, followUp!.id, 1, { state: "done", closingNote: "Booked" });
    expect(done).toMatchObject({ ok: true, followUp: { state: "done", closingNote: "Booked", version: 2 } });
    if (!done.ok) return;
    expect(done.followUp.doneAt).not.toBeNull();
    expect(await m.store.updateFollowUp(acme, carol, followUp!.id, 2, { state: "done" })).toMatchObject({ ok: true });
    // A done call can have a new follow-up; then the old one cannot be reopened beside it.
    const again = await m.store.createFollowUps(acme, alice, {
      batchId: "batch_a",
      calls: [call("job_3")],
      assignee: null,
      dueOn: null,
      note: "",
    });
    expect(again).toMatchObject({ ok: true, createdCount: 1 });
    expect(await m.store.updateFollowUp(acme, alice, followUp!.id, 2, { state: "reopened" })).toMatchObject({
      ok: false,
      code: "conflict",
    });
    const [newer] = await m.store.followUpsOfCalls(acme, "batch_a", ["job_3"]);
    await m.store.updateFollowUp(acme, alice, newer!.id, 1, { state: "done" });
    const reopened = await m.store.updateFollowUp(acme, alice, followUp!.id, 2, { state: "reopened" });
    expect(reopened).toMatchObject({ ok: true, followUp: { state: "reopened", doneAt: null, version: 3 } });
    expect(await m.store.updateFollowUp(acme, alice, followUp!.id, 3, { state: "reopened" })).toMatchObject({
      ok: false,
      code: "bad_request",
    });
  });

  it("filters the queue by mine, unassigned, overdue, batch and state, by due date (none last), in pages", async () => {
    await m.store.createFollowUps(acme, alice, {
      batchId: "batch_q",
      calls: [call("q_late")],
      assignee: carol.id,
      dueOn: "2026-12-01",
      note: "",
    });
    await m.store.createFollowUps(acme, alice, {
      batchId: "batch_q",
      calls: [call("q_soon")],
      assignee: carol.id,
      dueOn: "2026-12-09",
      note: "",
    });
    const today = "2026-12-07";
    const mine = await m.store.listQueue(acme, carol.id, { who: "mine", ...open, page: 1, limit: 50 }, today);
    expect(mine.followUps.map((row) => row.jobId)).toEqual(["q_late", "q_soon", "job_1", "job_2"]);
    const overdue = await m.store.listQueue(acme, carol.id, { overdue: true, state: "all", page: 1, limit: 50 }, today);
    expect(overdue.followUps.map((row) => row.jobId)).toEqual(["q_late"]);
    const unassigned = await m.store.listQueue(
      acme,
      carol.id,
      { who: "unassigned", ...open, page: 1, limit: 50 },
      today,
    );
    expect(unassigned.followUps.every((row) => row.assignee === null)).toBe(true);
    expect(unassigned.followUps.at(-1)?.dueOn).toBeNull();
    const batch = await m.store.listQueue(acme, carol.id, { batch: "batch_q", ...open, page: 1, limit: 50 }, today);
    expect(batch.total).toBe(2);
    const done = await m.store.listQueue(acme, carol.id, { state: "done", page: 1, limit: 50 }, today);
    expect(done.followUps.map((row) => row.state)).toEqual(["done"]);
    const page2 = await m.store.listQueue(acme, carol.id, { who: "mine", ...open, page: 2, limit: 3 }, today);
    expect(page2).toMatchObject({ total: 4 });
    expect(page2.followUps.map((row) => row.jobId)).toEqual(["job_2"]);
    expect(await m.store.myOpenCount(acme, carol.id)).toBe(4);
    expect(await m.store.openCountsByBatch(acme, ["batch_q", "batch_a", "batch_none"])).toEqual({
      batch_q: 2,
      batch_a: 3,
    });
    const rows = [];
    for await (const chunk of m.store.queueRows(acme, carol.id, { who: "mine", ...open }, today)) rows.push(...chunk);
    expect(rows.map((row) => row.jobId)).toEqual(["q_late", "q_soon", "job_1", "job_2"]);
  });

  it("never shows or changes one workspace's follow-ups from another", async () => {
    const [followUp] = await m.store.followUpsOfCalls(acme, "batch_a", ["job_1"]);
    expect(await m.store.getFollowUp(globex, followUp!.id)).toBeUndefined();
    expect(await m.store.updateFollowUp(globex, bob, followUp!.id, followUp!.version, { note: "x" })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect((await m.store.listQueue(globex, bob.id, { state: "all", page: 1, limit: 50 })).total).toBe(0);
    expect(await m.store.followUpsOfCalls(globex, "batch_a", ["job_1"])).toEqual([]);
    expect(await m.store.openCountsByBatch(globex, ["batch_a"])).toEqual({});
    expect(await m.store.myOpenCount(globex, carol.id)).toBe(0);
    expect((await m.store.getFollowUp(acme, followUp!.id))?.note).toBe("Call back after 5 pm");
  });

  it("prunes follow-ups done longer than FOLLOW_UP_RETENTION_DAYS ago, with their history, and nothing open", async () => {
    const before = await m.store.listQueue(acme, alice.id, { state: "all", page: 1, limit: 100 });
    const done = before.followUps.filter((row) => row.state === "done");
    expect(done.length).toBeGreaterThan(0);
    expect(await m.store.pruneFollowUps(Date.now() + 29 * 86_400_000)).toBe(0);
    expect(await m.store.pruneFollowUps(Date.now() + 31 * 86_400_000)).toBe(done.length);
    const after = await m.store.listQueue(acme, alice.id, { state: "all", page: 1, limit: 100 });
    expect(after.total).toBe(before.total - done.length);
    expect(after.followUps.some((row) => row.state === "done")).toBe(false);
    expect(await m.store.getFollowUp(acme, done[0]!.id)).toBeUndefined();
  });

  it("refuses bad input before it reaches the database", () => {
    const create = (body: object) => m.validation.createFollowUpsSchema.safeParse({ batchId: "batch_a", ...body });
    expect(create({ jobIds: ["job_1"], note: "x".repeat(4_000) }).success).toBe(true);
    expect(create({ jobIds: ["job_1"], note: "x".repeat(4_001) }).success).toBe(false);
    for (const dueOn of ["tomorrow", "2026-02-30", "2026-13-01", "12/10/2026", "2026-12-10T00:00:00Z"]) {
      expect(create({ jobIds: ["job_1"], dueOn }).success, dueOn).toBe(false);
    }
    expect(create({ jobIds: ["job_1"], dueOn: "2028-02-29" }).success).toBe(true);
    expect(create({ jobIds: ["../x"] }).success).toBe(false);
    expect(create({ jobIds: ["job_1"], outcome: "Callback" }).success).toBe(false);
    expect(create({}).success).toBe(false);
    expect(m.validation.updateFollowUpSchema.safeParse({}).success).toBe(false);
    expect(m.validation.updateFollowUpSchema.safeParse({ state: "open" }).success).toBe(false);
    expect(m.validation.versionFromIfMatch('"v3"')).toBe(3);
    expect(m.validation.versionFromIfMatch('W/"v3"')).toBe(3);
    expect(m.validation.versionFromIfMatch("3")).toBeUndefined();
  });

  it("marks a batch's calls with an open or reopened follow-up, with the assignee's name, for this workspace only", async () => {
    // Workspaces of their own: the queue tests count acme's and globex's follow-ups. Last: the prune test counts done ones.
    const initech = workspace("initech");
    const umbrella = workspace("umbrella");
    await m.store.upsertPerson(initech, carol);
    const make = (ws: WorkspaceConfig, person: typeof alice, jobs: string[], assignee: string | null) =>
      m.store.createFollowUps(ws, person, {
        batchId: "batch_marks",
        calls: jobs.map((job) => call(job)),
        assignee,
        dueOn: null,
        note: "",
      });
    await make(initech, alice, ["job_1"], carol.id);
    await make(initech, alice, ["job_2", "job_3", "job_4"], null);
    await make(umbrella, bob, ["job_9"], null);
    await m.store.createFollowUps(initech, alice, {
      batchId: "batch_other",
      calls: [call("job_5")],
      assignee: null,
      dueOn: null,
      note: "",
    });
    const byJob = async (jobId: string) => (await m.store.followUpsOfCalls(initech, "batch_marks", [jobId]))[0]!;
    await m.store.updateFollowUp(initech, alice, (await byJob("job_3")).id, 1, { state: "done" });
    const reopened = await byJob("job_4");
    await m.store.updateFollowUp(initech, alice, reopened.id, 1, { state: "done" });
    await m.store.updateFollowUp(initech, alice, reopened.id, 2, { state: "reopened" });

    const marks = await m.store.openOfBatch(initech, "batch_marks");
    expect(marks.map(({ jobId, state, assigneeName }) => ({ jobId, state, assigneeName }))).toEqual([
      { jobId: "job_1", state: "open", assigneeName: "Carol" },
      { jobId: "job_2", state: "open", assigneeName: null },
      { jobId: "job_4", state: "reopened", assigneeName: null },
    ]);
    expect(marks[2]!.id).toBe(reopened.id);
    expect((await m.store.openOfBatch(umbrella, "batch_marks")).map((mark) => mark.jobId)).toEqual(["job_9"]);
    expect(await m.store.openOfBatch(initech, "batch_none")).toEqual([]);
  });
});
