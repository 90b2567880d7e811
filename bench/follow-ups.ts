/**
 * `npm run bench:follow-ups`: follow-ups at a busy workspace's size, on PostgreSQL (Debian's, a throwaway cluster).
 * 1. 50,000 follow-ups in one workspace (and 50,000 in a second, so every query filters), 10 assignees: server time
 *    p50/p95 of the queue's "mine, open, by due date" (page 1 and page 100, 25 a page, with the total), the header's
 *    count and the batch list's counts, 200 calls each.
 * 2. A bulk follow-up of 5,000 calls of the simulator's 100,000-call batch (every other call of its first 10,000, by
 *    job id, no search index: the batch's list is walked), and of its whole "failed" tab (6,800 calls), under Trillet's real budget (60 a minute): time
 *    and upstream requests (counted by the simulator). Writes bench/results/follow-ups.md.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { startPostgres } from "../dev/services/postgres.js";
import { startSimulator } from "../dev/simulator/server.js";
import { appTestEnv } from "../tests/unit/support/app-env.js";
import { fixed, percentile } from "./support/stats.js";

const perWorkspace = 50_000;
const people = 10;
const calls = 200;
const bulkCalls = 5_000;
const bigBatch = "batch_big_100k";

type Row = { measure: string; p50: string; p95: string; note: string };

async function measure(): Promise<Row[]> {
  const { database, closeDatabase } = await import("../lib/db/client.js");
  const store = await import("../lib/follow-ups/store.js");
  const { resolveCalls, callsOfStatus } = await import("../lib/follow-ups/calls.js");
  const { getConfig } = await import("../lib/config/index.js");
  const db = await database();
  for (const workspace of ["acme", "globex"]) {
    await db.execute(sql`
      insert into people (workspace, person, name)
      select ${workspace}, 'https://idp#p' || i, 'Person ' || i from generate_series(0, ${people - 1}::int) as i`);
    for (let from = 1; from <= perWorkspace; from += 10_000) {
      // 70% open, 10% reopened, 20% done; every tenth unassigned; due dates over a year, some none.
      await db.execute(sql`
        insert into follow_ups (workspace, batch_id, job_id, contact_name, contact_phone, outcome, assignee, due_on,
                                note, state, created_by, created_by_name, updated_by, updated_by_name, done_at)
        select ${workspace}, 'batch_' || (i % 200), 'job_' || i, 'Contact ' || i, '+1415555' || lpad((i % 10000)::text, 4, '0'),
               'Callback requested',
               case when i % 11 = 0 then null else 'https://idp#p' || (i % ${people}) end,
               case when i % 13 = 0 then null else (date '2026-06-01' + (i % 365)) end,
               'Note ' || i,
               case when i % 10 < 7 then 'open' when i % 10 = 7 then 'reopened' else 'done' end,
               'https://idp#p0', 'Person 0', 'https://idp#p0', 'Person 0',
               case when i % 10 >= 8 then now() - interval '1 day' end
        from generate_series(${from}::int, ${from + 9_999}::int) as i`);
    }
  }
  await db.execute(sql`analyze`);
  const workspace = getConfig().workspaces.find((each) => each.slug === "acme")!;
  const me = "https://idp#p3";
  const mine = { who: "mine" as const, state: "open" as const, limit: 25 };
  const mineOpen = await store.myOpenCount(workspace, me);
  const queries: [string, () => Promise<unknown>, string][] = [
    ["queue: mine, open, by due date, page 1", () => store.listQueue(workspace, me, { ...mine, page: 1 }), ""],
    ["queue: mine, open, by due date, page 100", () => store.listQueue(workspace, me, { ...mine, page: 100 }), ""],
    ["queue: everyone's open, page 1", () => store.listQueue(workspace, me, { state: "open", page: 1, limit: 25 }), ""],
    [
      "queue: overdue, page 1",
      () => store.listQueue(workspace, me, { state: "open", overdue: true, page: 1, limit: 25 }),
      "",
    ],
    ["header: open assigned to me", () => store.myOpenCount(workspace, me), ""],
    [
      "batch list: open per batch (20 batches)",
      () =>
        store.openCountsByBatch(
          workspace,
          Array.from({ length: 20 }, (_, i) => `batch_${i}`),
        ),
      "",
    ],
  ];
  if (process.env.BENCH_EXPLAIN) {
    // The plans behind the figures, for the log (stderr): each should be an index range on a partial index.
    const today = new Date().toISOString().slice(0, 10);
    for (const [name, where] of [
      ["mine, open", sql`follow_ups.workspace = 'acme' and assignee = ${me} and state <> 'done'`],
      ["everyone's open", sql`follow_ups.workspace = 'acme' and state <> 'done'`],
      ["overdue", sql`follow_ups.workspace = 'acme' and state <> 'done' and due_on < ${today}`],
    ] as const) {
      for (const offset of [0, 2_475]) {
        const plan = (await db.execute(sql`explain (analyze, buffers) select * from follow_ups left join people
          on people.workspace = follow_ups.workspace and people.person = follow_ups.assignee
          where ${where} order by due_on asc nulls last, id limit 25 offset ${offset}`)) as unknown as {
          rows: Record<string, unknown>[];
        };
        console.error(`-- ${name}, offset ${offset}\n${plan.rows.map((row) => Object.values(row)[0]).join("\n")}`);
      }
    }
  }
  if (process.env.BENCH_EXPLAIN_ONLY) return [];
  const rows: Row[] = [];
  for (const [name, run, note] of queries) {
    for (let warm = 0; warm < 10; warm += 1) await run();
    const times: number[] = [];
    for (let index = 0; index < calls; index += 1) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    console.error(`${name}: p95 ${fixed(percentile(times, 95), 2)} ms`);
    rows.push({
      measure: name,
      p50: fixed(percentile(times, 50), 2),
      p95: fixed(percentile(times, 95), 2),
      note: note || `${calls} calls; ${mineOpen.toLocaleString("en")} open assigned to "me"`,
    });
  }

  const sim = process.env.BENCH_SIM_URL!;
  const requests = async () => ((await (await fetch(`${sim}/__sim/stats`)).json()) as { requests: number }).requests;
  const person = { id: "https://idp#p0", name: "Person 0" };
  const jobIds = Array.from({ length: bulkCalls }, (_, i) => `call_${1_000_001 + i * 2}`);
  for (const [name, resolve] of [
    [
      `bulk: ${bulkCalls.toLocaleString("en")} calls by job id`,
      () => resolveCalls(workspace, bigBatch, jobIds, "bench"),
    ],
    ["bulk: the failed tab (status)", () => callsOfStatus(workspace, bigBatch, "failed", "bench")],
  ] as const) {
    const before = await requests();
    const started = performance.now();
    const resolved = await resolve();
    if (!resolved.ok) throw new Error(resolved.message);
    const readAt = performance.now();
    const created = await store.createFollowUps(workspace, person, {
      batchId: bigBatch,
      calls: resolved.calls,
      assignee: "https://idp#p1",
      dueOn: "2026-12-20",
      note: "bench",
    });
    const done = performance.now();
    if (!created.ok) throw new Error(created.message);
    const spent = (await requests()) - before;
    rows.push({
      measure: `${name}: ${created.createdCount.toLocaleString("en")} created, ${created.skipped} skipped`,
      p50: fixed((done - started) / 1000, 1) + " s",
      p95: "",
      note: `${spent} upstream requests (simulator count; the app counted ${resolved.upstreamReads}); reading ${fixed((readAt - started) / 1000, 1)} s, writing ${fixed(done - readAt, 0)} ms`,
    });
  }
  await closeDatabase();
  return rows;
}

if (process.env.BENCH_FOLLOW_UPS_CHILD) {
  console.log(JSON.stringify(await measure()));
  process.exit(0);
}

const postgres = await startPostgres();
const sim = await startSimulator({ port: 0 });
try {
  // Not spawnSync: the simulator answers from this process's event loop while the child runs.
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      ...appTestEnv(sim.url, { DATABASE_URL: postgres.url }),
      BENCH_FOLLOW_UPS_CHILD: "1",
      BENCH_SIM_URL: sim.url,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (status !== 0) throw new Error(`the run failed (exit ${status})`);
  const rows = JSON.parse(stdout.trim().split("\n").at(-1)!) as Row[];
  const table = [
    `# Follow-ups (${new Date().toISOString()}): ${perWorkspace.toLocaleString("en")} per workspace, 2 workspaces, PostgreSQL; bulk under a 60/min Trillet budget`,
    "",
    "| measure | p50 ms (or time) | p95 ms | note |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row.measure} | ${row.p50} | ${row.p95} | ${row.note} |`),
    "",
  ].join("\n");
  console.log(table);
  writeFileSync("bench/results/follow-ups.md", table);
} finally {
  sim.close();
  await postgres.stop();
}
