import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type RunningPostgres } from "@/dev/services/postgres";
import type { WorkspaceConfig } from "@/lib/config";
import { managedEnv } from "./support/process-state";

// The do-not-call list's data functions on both engines the product runs on.

type Modules = {
  client: typeof import("@/lib/db/client");
  list: typeof import("@/lib/guardrails/do-not-call");
};

const env = managedEnv(["DATABASE_URL", "DATA_DIR"]);

const workspace = (slug: string): WorkspaceConfig =>
  ({ slug, id: `ws_${slug}`, name: slug, members: { domains: [`${slug}.test`] } }) as unknown as WorkspaceConfig;
const acme = workspace("acme");
const globex = workspace("globex");
const alice = { id: "https://idp.test#alice", name: "Alice" };

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

describe.each(engines)("the do-not-call list on $name", (engine) => {
  let db: Modules;

  beforeAll(async () => {
    await engine.start();
    env.reset(engine.settings());
    db = { client: await import("@/lib/db/client"), list: await import("@/lib/guardrails/do-not-call") };
    await db.client.database();
  }, 120_000);

  afterAll(async () => {
    await db?.client.closeDatabase();
    env.restore();
    await engine.stop();
  });

  it("adds numbers once, keeps the first reason, pages newest first, and keeps workspaces apart", async () => {
    const first = await db.list.addDoNotCall(
      acme,
      alice,
      [
        { number: "+12125550101", reason: "asked", note: "Asked not to be called" },
        { number: "+12125550102", reason: "manual" },
      ],
      new Date("2026-06-01T10:00:00Z"),
    );
    expect(first).toEqual({ added: 2, alreadyListed: 0 });
    const again = await db.list.addDoNotCall(
      acme,
      alice,
      [
        { number: "+12125550101", reason: "imported" },
        { number: "+12125550103", reason: "imported" },
        { number: "+12125550103", reason: "imported" },
      ],
      new Date("2026-06-01T11:00:00Z"),
    );
    expect(again).toEqual({ added: 1, alreadyListed: 1 });

    const page = await db.list.listDoNotCall(acme, { page: 1, limit: 2 });
    expect(page.total).toBe(3);
    expect(page.entries.map((entry) => [entry.number, entry.reason])).toEqual([
      ["+12125550103", "imported"],
      ["+12125550101", "asked"],
    ]);
    expect(page.entries[1]).toMatchObject({ note: "Asked not to be called", addedBy: "Alice" });
    expect((await db.list.listDoNotCall(acme, { q: "212 555 0102", page: 1, limit: 20 })).total).toBe(1);

    expect(await db.list.listDoNotCall(globex, { page: 1, limit: 20 })).toEqual({ entries: [], total: 0 });
    expect(await db.list.listedNumbers(globex, ["+12125550101"])).toEqual(new Set());
    expect(await db.list.deleteDoNotCall(globex, "+12125550101")).toBeUndefined();
  });

  it("removes listed numbers from a file's rows before anything is sent", async () => {
    const rows = [
      { phone_number: "+12125550101", name: "A" },
      { phone_number: "+13125550199", name: "B" },
      { phone_number: "+12125550103", name: "C" },
    ];
    const result = await db.list.removeDoNotCall(acme, rows, (row) => row.phone_number);
    expect(result.removed).toEqual(["+12125550101", "+12125550103"]);
    expect(result.kept.map((row) => row.name)).toEqual(["B"]);
  });

  it("exports the whole list in chunks and deletes one number", async () => {
    const many = Array.from({ length: 12_000 }, (_, index) => ({
      number: `+1415555${String(index % 10_000).padStart(4, "0")}`,
      reason: "imported" as const,
    }));
    expect(await db.list.addDoNotCall(acme, alice, many)).toEqual({ added: 10_000, alreadyListed: 0 });
    let exported = 0;
    let chunks = 0;
    let previous = "";
    for await (const chunk of db.list.eachDoNotCall(acme)) {
      chunks += 1;
      for (const entry of chunk) {
        expect(entry.number > previous).toBe(true);
        previous = entry.number;
        exported += 1;
      }
    }
    expect(exported).toBe(10_003);
    expect(chunks).toBe(3);

    expect(await db.list.deleteDoNotCall(acme, "+12125550101")).toMatchObject({ reason: "asked" });
    expect(await db.list.deleteDoNotCall(acme, "+12125550101")).toBeUndefined();
    expect(await db.list.listedNumbers(acme, ["+12125550101", "+12125550102"])).toEqual(new Set(["+12125550102"]));
  });

  it("a file larger than the probes' limit (25,000 numbers) is filtered by the merge join, per workspace", async () => {
    const numbers = Array.from({ length: 25_000 }, (_, index) => `+1646${String(2_000_000 + index)}`);
    const listed = [numbers[0]!, numbers[12_345]!, numbers[24_999]!];
    await db.list.addDoNotCall(
      acme,
      alice,
      listed.map((number) => ({ number, reason: "imported" as const })),
    );
    await db.list.addDoNotCall(globex, alice, [{ number: numbers[7]!, reason: "imported" }]);
    expect(await db.list.listedNumbers(acme, [...numbers, "not a number"])).toEqual(new Set(listed));
    expect(await db.list.listedNumbers(globex, numbers)).toEqual(new Set([numbers[7]]));
  });
});
