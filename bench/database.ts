/**
 * `npm run bench:db`: the team's records at a size a busy workspace reaches, on PostgreSQL (Debian's, a throwaway
 * cluster) and on PGlite: 10,000 listed batches and 200,000 activity rows in one workspace (plus a second
 * workspace of the same size, so every query has to filter). Server time of the data functions the list and the
 * activity page call, p50 and p95 over 200 calls each. Writes bench/results/database.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { startPostgres } from "../dev/services/postgres.js";
import { appTestEnv } from "../tests/unit/support/app-env.js";
import { fixed, percentile } from "./support/stats.js";

const batchCount = 10_000;
const activityCount = 200_000;
const calls = 200;
const activityChunk = 10_000;

type Row = { engine: string; query: string; p50: number; p95: number };

/** In a process of its own per engine: the app's modules read their configuration once. */
async function measure(engine: string): Promise<Row[]> {
  const { database, closeDatabase } = await import("../lib/db/client.js");
  const { listBatches } = await import("../lib/db/batches.js");
  const { listActivity } = await import("../lib/db/activity.js");
  const db = await database();
  for (const workspace of ["acme", "globex"]) {
    await db.execute(sql`
      insert into batches (workspace, batch_id, label, status, progress, finished, added_by, added_by_name,
                           added_at, last_opened_at, last_activity_at)
      select ${workspace}, 'batch_' || i, case when i % 3 = 0 then 'Campaign ' || i || ' – West' end,
             (array['queued','processing','completed','cancelled','failed'])[1 + i % 5],
             jsonb_build_object('total', 1000, 'waiting', 0, 'active', 0, 'completed', 900, 'failed', 100),
             i % 5 >= 2, 'https://idp#' || (i % 40), 'Person ' || (i % 40),
             now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval
      from generate_series(1, ${batchCount}::int) as i`);
    // In slices: one statement must finish within the app's statement timeout.
    for (let from = 1; from <= activityCount; from += activityChunk) {
      await db.execute(sql`
        insert into activity (workspace, at, person, person_name, action, batch_id, status, details)
        select ${workspace}, now() - (i || ' seconds')::interval, 'https://idp#' || (i % 40), 'Person ' || (i % 40),
               (array['batch.view','call.read','export','export.start','calls.search'])[1 + i % 5],
               'batch_' || (i % ${batchCount}), 200, '{}'::jsonb
        from generate_series(${from}::int, ${from + activityChunk - 1}::int) as i`);
    }
  }
  await db.execute(sql`analyze`);
  const workspace = { slug: "acme", id: "ws_acme", name: "Acme", members: {} } as never;
  const queries: [string, () => Promise<unknown>][] = [
    ["batch list, first page (20)", () => listBatches(workspace, { page: 1, limit: 20 })],
    ['batch list, text filter "west"', () => listBatches(workspace, { q: "west", page: 1, limit: 20 })],
    ["batch list, page 50", () => listBatches(workspace, { page: 50, limit: 20 })],
    ["activity, first page (50)", () => listActivity(workspace, { page: 1, limit: 50 })],
    ["activity, one batch", () => listActivity(workspace, { batchId: "batch_77", page: 1, limit: 50 })],
  ];
  const rows: Row[] = [];
  for (const [query, run] of queries) {
    for (let warm = 0; warm < 10; warm += 1) await run();
    const times: number[] = [];
    for (let index = 0; index < calls; index += 1) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    rows.push({ engine, query, p50: percentile(times, 50), p95: percentile(times, 95) });
  }
  await closeDatabase();
  return rows;
}

function inChild(engine: string, env: Record<string, string>): Row[] {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, ...appTestEnv("http://127.0.0.1:1", env), BENCH_DB_ENGINE: engine },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`the ${engine} run failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Row[];
}

const engine = process.env.BENCH_DB_ENGINE;
if (engine) {
  console.log(JSON.stringify(await measure(engine)));
  process.exit(0);
}

const postgres = await startPostgres();
const dataDir = mkdtempSync(join(tmpdir(), "bench-pglite-"));
try {
  const rows = [...inChild("PostgreSQL", { DATABASE_URL: postgres.url }), ...inChild("PGlite", { DATA_DIR: dataDir })];
  const table = [
    `# Team records (${new Date().toISOString()}): ${batchCount.toLocaleString("en")} batches and ${activityCount.toLocaleString("en")} activity rows per workspace, 2 workspaces, ${calls} calls each`,
    "",
    "| engine | query | p50 ms | p95 ms |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row.engine} | ${row.query} | ${fixed(row.p50, 2)} | ${fixed(row.p95, 2)} |`),
    "",
  ].join("\n");
  console.log(table);
  writeFileSync("bench/results/database.md", table);
} finally {
  await postgres.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

// Issue 26: the do-not-call filter and zone assignment at size (bench/guardrails.ts, its own database).
await import("./guardrails.js");
