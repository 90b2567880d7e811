import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type RunningPostgres } from "@/dev/services/postgres";
import type { WorkspaceConfig } from "@/lib/config";
import { managedEnv } from "./support/process-state";

// The team's records on both engines the product runs on: a real PostgreSQL (Debian's) and PGlite in process.

type Modules = {
  client: typeof import("@/lib/db/client");
  batches: typeof import("@/lib/db/batches");
  activity: typeof import("@/lib/db/activity");
  migrate: typeof import("@/lib/db/migrate");
};

const env = managedEnv(["DATABASE_URL", "DATA_DIR", "ACTIVITY_RETENTION_DAYS"]);

async function load(settings: Record<string, string>): Promise<Modules> {
  env.reset(settings);
  return {
    client: await import("@/lib/db/client"),
    batches: await import("@/lib/db/batches"),
    activity: await import("@/lib/db/activity"),
    migrate: await import("@/lib/db/migrate"),
  };
}

const workspace = (slug: string): WorkspaceConfig =>
  ({ slug, id: `ws_${slug}`, name: slug, members: { domains: [`${slug}.test`] } }) as unknown as WorkspaceConfig;
const acme = workspace("acme");
const globex = workspace("globex");
const alice = { id: "https://idp.test#alice", name: "Alice" };
const carol = { id: "https://idp.test#carol", name: "Carol" };
const progress = (done: number, failed = 0) => ({
  total: 100,
  waiting: 100 - done - failed,
  active: 0,
  completed: done,
  failed,
});

type Engine = { name: string; settings: () => Record<string, string>; start(): Promise<void>; stop(): Promise<void> };

let postgres: RunningPostgres | undefined;
let dataDir: string | undefined;
const engines: Engine[] = [
  {
    name: "PostgreSQL",
    settings: () => ({ DATABASE_URL: postgres!.url }),
    start: async () => void (postgres = await startPostgres()),
    stop: async () => postgres?.stop(),
  },
  {
    name: "PGlite",
    settings: () => ({ DATA_DIR: dataDir!, DATABASE_URL: "" }),
    start: async () => void (dataDir = mkdtempSync(join(tmpdir(), "batch-console-pglite-"))),
    stop: async () => rmSync(dataDir!, { recursive: true, force: true }),
  },
];

describe.each(engines)("the team's records on $name", (engine) => {
  let db: Modules;

  beforeAll(async () => {
    await engine.start();
    db = await load(engine.settings());
    // The first use migrates; PGlite also starts its WebAssembly PostgreSQL, which takes a while on a busy machine.
    await db.client.database();
  }, 120_000);

  afterAll(async () => {
    await db?.client.closeDatabase();
    env.restore();
    await engine.stop();
  });

  it("migrates at first use and reports the schema version", async () => {
    const connection = await db.client.database();
    const version = await db.migrate.schemaVersion(connection);
    expect(version.applied).toBe(version.latest);
    expect(version.latest).toBeGreaterThan(0);
  });

  it("lists a batch once it is opened, newest activity first, with who added it and its last status", async () => {
    const t0 = new Date("2026-12-01T10:00:00Z");
    await db.batches.recordBatchOpen(
      acme,
      "batch_one",
      alice,
      { status: "processing", progress: progress(10), finished: false },
      t0,
    );
    await db.batches.recordBatchOpen(
      acme,
      "batch_two",
      carol,
      { status: "completed", progress: progress(90, 10), finished: true },
      new Date(t0.getTime() + 1_000),
    );
    // Opened again later by someone else: still added by alice, now first, with the newer status.
    await db.batches.recordBatchOpen(
      acme,
      "batch_one",
      carol,
      { status: "processing", progress: progress(40), finished: false },
      new Date(t0.getTime() + 2_000),
    );
    const list = await db.batches.listBatches(acme, { page: 1, limit: 20 });
    expect(list.total).toBe(2);
    expect(list.batches.map((batch) => batch.batchId)).toEqual(["batch_one", "batch_two"]);
    expect(list.batches[0]).toMatchObject({
      addedBy: "Alice",
      status: "processing",
      progress: progress(40),
      finished: false,
    });
    expect(list.batches[0]!.addedAt).toBe(t0.toISOString());
    expect(await db.batches.openedBy(acme, alice, 5)).toHaveLength(1);
    expect((await db.batches.openedBy(acme, carol, 5)).map((batch) => batch.batchId)).toEqual([
      "batch_one",
      "batch_two",
    ]);
  });

  it("filters by label or id text (wildcards are literal) and by status, and pages", async () => {
    for (let index = 0; index < 25; index += 1) {
      await db.batches.recordBatchOpen(acme, `batch_page_${index}`, alice, {
        status: "queued",
        progress: progress(0),
        finished: false,
      });
    }
    await db.batches.updateBatch(acme, "batch_page_3", { label: "Q4 renewals – West 100%" });
    expect(
      (await db.batches.listBatches(acme, { q: "renewals – west", page: 1, limit: 20 })).batches.map((b) => b.batchId),
    ).toEqual(["batch_page_3"]);
    expect((await db.batches.listBatches(acme, { q: "100%", page: 1, limit: 20 })).total).toBe(1);
    expect((await db.batches.listBatches(acme, { q: "%", page: 1, limit: 20 })).total).toBe(1);
    expect((await db.batches.listBatches(acme, { q: "batch_page_1", page: 1, limit: 20 })).total).toBe(11);
    expect(
      (await db.batches.listBatches(acme, { status: "completed", page: 1, limit: 20 })).batches.map((b) => b.batchId),
    ).toEqual(["batch_two"]);
    expect((await db.batches.listBatches(acme, { status: "unfinished", page: 1, limit: 100 })).total).toBe(26);
    const page2 = await db.batches.listBatches(acme, { page: 2, limit: 20 });
    expect(page2.total).toBe(27);
    expect(page2.batches).toHaveLength(7);
  });

  it("hides a batch from the list and shows it again", async () => {
    expect(await db.batches.updateBatch(acme, "batch_two", { hidden: true })).toMatchObject({ hidden: true });
    expect((await db.batches.listBatches(acme, { page: 1, limit: 100 })).batches.map((b) => b.batchId)).not.toContain(
      "batch_two",
    );
    expect(
      (await db.batches.listBatches(acme, { hidden: true, page: 1, limit: 100 })).batches.map((b) => b.batchId),
    ).toEqual(["batch_two"]);
    await db.batches.updateBatch(acme, "batch_two", { hidden: false });
    expect((await db.batches.listBatches(acme, { page: 1, limit: 100 })).batches.map((b) => b.batchId)).toContain(
      "batch_two",
    );
  });

  it("never answers one workspace with another's rows, even for the same batch id", async () => {
    await db.batches.recordBatchOpen(globex, "batch_one", carol, {
      status: "failed",
      progress: progress(0, 100),
      finished: true,
    });
    expect((await db.batches.listBatches(globex, { page: 1, limit: 100 })).batches.map((b) => b.batchId)).toEqual([
      "batch_one",
    ]);
    expect((await db.batches.listBatches(globex, { q: "batch_page", page: 1, limit: 100 })).total).toBe(0);
    // Guessing another workspace's batch id changes nothing there.
    expect(await db.batches.updateBatch(globex, "batch_page_3", { label: "mine now" })).toBeUndefined();
    expect((await db.batches.listBatches(acme, { q: "batch_page_3", page: 1, limit: 5 })).batches[0]!.label).toBe(
      "Q4 renewals – West 100%",
    );
    await db.batches.updateBatch(globex, "batch_one", { label: "globex's own" });
    const acmeOne = (await db.batches.listBatches(acme, { q: "batch_one", page: 1, limit: 5 })).batches[0]!;
    expect(acmeOne).toMatchObject({ label: null, status: "processing" });
    expect(await db.batches.openedBy(globex, alice, 5)).toEqual([]);
  });

  it("keeps activity per workspace, filtered by batch, person and action, newest first", async () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 11, 7, 9, 0, seconds));
    db.activity.recordActivity({
      workspace: acme,
      person: alice,
      action: "batch.view",
      batchId: "batch_one",
      status: 200,
      at: at(1),
    });
    db.activity.recordActivity({
      workspace: acme,
      person: carol,
      action: "export.start",
      batchId: "batch_one",
      status: 202,
      details: { format: "csv" },
      at: at(2),
    });
    db.activity.recordActivity({
      workspace: acme,
      person: carol,
      action: "batch.view",
      batchId: "batch_two",
      status: 200,
      at: at(3),
    });
    db.activity.recordActivity({
      workspace: globex,
      person: carol,
      action: "batch.view",
      batchId: "batch_one",
      status: 200,
      at: at(4),
    });
    await db.activity.drain();
    const all = await db.activity.listActivity(acme, { page: 1, limit: 50 });
    expect(all.entries.map((entry) => [entry.action, entry.batchId, entry.personName])).toEqual([
      ["batch.view", "batch_two", "Carol"],
      ["export.start", "batch_one", "Carol"],
      ["batch.view", "batch_one", "Alice"],
    ]);
    expect(all.entries[1]!.details).toEqual({ format: "csv" });
    const count = async (query: Parameters<typeof db.activity.listActivity>[1]) =>
      (await db.activity.listActivity(acme, query)).entries.length;
    expect(await count({ batchId: "batch_one", page: 1, limit: 50 })).toBe(2);
    expect(await count({ person: alice.id, page: 1, limit: 50 })).toBe(1);
    expect(await count({ action: "batch.view", page: 1, limit: 50 })).toBe(2);
    const firstTwo = await db.activity.listActivity(acme, { page: 1, limit: 2 });
    expect([firstTwo.entries.length, firstTwo.hasMore]).toEqual([2, true]);
    const last = await db.activity.listActivity(acme, { page: 2, limit: 2 });
    expect([last.entries.map((entry) => entry.batchId), last.hasMore]).toEqual([["batch_one"], false]);
    expect(
      (await db.activity.listActivity(globex, { page: 1, limit: 50 })).entries.map((entry) => entry.batchId),
    ).toEqual(["batch_one"]);
    expect((await db.activity.activityPeople(acme)).map((person) => person.name)).toEqual(["Alice", "Carol"]);
  });

  it("writes what a hostile request carried (a NUL in a path), and one refused row never holds back the others", async () => {
    const shop = workspace("shop");
    db.activity.recordActivity({
      workspace: shop,
      person: alice,
      action: "denied",
      status: 404,
      details: { path: "/api/w/acme%00\u0000x" },
    });
    // A status no integer column holds: the database refuses this row alone.
    db.activity.recordActivity({
      workspace: shop,
      person: alice,
      action: "batch.view",
      batchId: "batch_refused",
      status: 2 ** 40,
    });
    db.activity.recordActivity({
      workspace: shop,
      person: carol,
      action: "batch.view",
      batchId: "batch_after",
      status: 200,
    });
    await db.activity.drain();
    const written = (await db.activity.listActivity(shop, { page: 1, limit: 50 })).entries;
    expect(written.map((entry) => entry.batchId ?? entry.action).sort()).toEqual(["batch_after", "denied"]);
    expect(written.find((entry) => entry.action === "denied")!.details).toEqual({ path: "/api/w/acme%00x" });
  });

  it("prunes activity older than ACTIVITY_RETENTION_DAYS (90 by default)", async () => {
    const now = Date.UTC(2026, 11, 7);
    const daysAgo = (days: number) => new Date(now - days * 86_400_000);
    db.activity.recordActivity({ workspace: globex, person: alice, action: "export.download", at: daysAgo(91) });
    db.activity.recordActivity({ workspace: globex, person: alice, action: "export.cancel", at: daysAgo(89) });
    await db.activity.drain();
    await db.activity.pruneActivity(now);
    const actions = (await db.activity.listActivity(globex, { page: 1, limit: 50 })).entries.map(
      (entry) => entry.action,
    );
    expect(actions).toContain("export.cancel");
    expect(actions).not.toContain("export.download");
  });
});

describe("migrations on PostgreSQL with many instances starting at once", () => {
  let server: RunningPostgres;
  beforeAll(async () => void (server = await startPostgres()), 60_000);
  afterAll(async () => {
    env.restore();
    await server?.stop();
  });

  it("applies each migration exactly once", async () => {
    // Each "instance" is a fresh module graph with its own pool, all migrating the same empty database together.
    const instances: Modules[] = [];
    for (let index = 0; index < 8; index += 1) instances.push(await load({ DATABASE_URL: server.url }));
    await Promise.all(instances.map((instance) => instance.client.database()));
    const pool = new Pool({ connectionString: server.url });
    try {
      const { rows } = await pool.query<{ hash: string; count: string }>(
        "select hash, count(*) as count from drizzle.__drizzle_migrations group by hash",
      );
      const { latest } = await instances[0]!.migrate.schemaVersion(await instances[0]!.client.database());
      expect(rows).toHaveLength(latest);
      for (const row of rows) expect(Number(row.count)).toBe(1);
    } finally {
      // Every pool closed before the server stops: a connection the shutdown terminates was an uncaught error once.
      await Promise.all([pool.end(), ...instances.map((instance) => instance.client.closeDatabase())]);
    }
  });
});
