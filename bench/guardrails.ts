/**
 * `npm run bench:db` (after the team-records table), or alone: `npx tsx --conditions=react-server bench/guardrails.ts`.
 * Issue 26's figures on PostgreSQL (Debian's, a throwaway cluster): a 100,000-row file checked against a
 * 1,000,000-number do-not-call list (the intake, the list filter and the calling-hours plan: the review's check, and
 * the filter alone, which every start runs), server time and peak RSS growth; and zone assignment for 100,000
 * numbers. Writes bench/results/guardrails.md.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { startPostgres } from "../dev/services/postgres.js";
import { appTestEnv } from "../tests/unit/support/app-env.js";
import { fixed } from "./support/stats.js";

const listSize = 1_000_000;
const fileRows = 100_000;
const insertChunk = 100_000;
const runs = 3;

type Row = { what: string; ms: number[]; rssGrowthMb: number[] };

// Area codes across the four US mainland zones, and two with half-hour or several zones.
const areas = ["212", "312", "310", "602", "415", "617", "713", "305", "907", "709"];
const fileNumber = (index: number) => `+1${areas[index % areas.length]}${String(2_000_000 + index).padStart(7, "0")}`;

/** Runs `work` and samples RSS every 5 ms: its time and the peak growth over the RSS before it. */
async function sampled(work: () => Promise<unknown>): Promise<{ ms: number; rssGrowth: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, rssGrowth: peak - before };
}

async function measure(): Promise<Row[]> {
  const { database, closeDatabase } = await import("../lib/db/client.js");
  const { listedNumbers } = await import("../lib/guardrails/do-not-call.js");
  const { checkFile } = await import("../lib/guardrails/check.js");
  const { recipientZone } = await import("../lib/guardrails/zones.js");
  const { getConfig } = await import("../lib/config/index.js");
  const db = await database();
  // The list: 1,000,000 numbers, one in ten of the file's among them (the file's numbers at indexes ≡ 0 mod 10).
  for (let from = 0; from < listSize; from += insertChunk) {
    await db.execute(sql`
      insert into do_not_call (workspace, number, reason, added_by, added_by_name)
      select 'acme',
             case when i < ${fileRows} and i % 10 = 0
                  then '+1' || (array[${sql.raw(areas.map((area) => `'${area}'`).join(","))}])[1 + i % ${areas.length}] || lpad((2000000 + i)::text, 7, '0')
                  else '+44' || (7000000000 + i)::text end,
             'imported', 'bench', 'Bench'
      from generate_series(${from}::int, ${from + insertChunk - 1}::int) as i`);
  }
  await db.execute(sql`analyze do_not_call`);
  const workspace = getConfig().workspaces.find((candidate) => candidate.slug === "acme")!;
  const numbers = Array.from({ length: fileRows }, (_, index) => fileNumber(index));
  const csv = new TextEncoder().encode(
    `phone_number,first_name\r\n${numbers.map((number, index) => `${number},Person ${index}\r\n`).join("")}`,
  );

  const rows: Row[] = [];
  const run = async (what: string, work: () => Promise<unknown>, check: (value: unknown) => void) => {
    const row: Row = { what, ms: [], rssGrowthMb: [] };
    for (let attempt = 0; attempt < runs; attempt += 1) {
      let value: unknown;
      const figures = await sampled(async () => (value = await work()));
      check(value);
      row.ms.push(figures.ms);
      row.rssGrowthMb.push(figures.rssGrowth / 1024 / 1024);
    }
    rows.push(row);
  };
  await run(
    "the start's filter: 100,000 numbers against the list",
    () => listedNumbers(workspace, numbers),
    (value) => {
      if ((value as Set<string>).size !== fileRows / 10) throw new Error(`listed ${(value as Set<string>).size}`);
    },
  );
  await run(
    "the review's check: intake + list + calling hours (100,000 rows)",
    () => checkFile(workspace, csv, { scheduledAt: "2026-12-08T15:00:00Z" }, Date.parse("2026-12-07T12:00:00Z")),
    (value) => {
      const result = value as { ok: boolean; check?: { doNotCall: { removed: number } } };
      if (!result.ok || result.check!.doNotCall.removed !== fileRows / 10) throw new Error("unexpected check");
    },
  );
  await run(
    "zone assignment: 100,000 numbers",
    async () => numbers.map((number) => recipientZone(number)),
    (value) => {
      if ((value as { kind: string }[]).some((zone) => zone.kind !== "zoned")) throw new Error("a number had no zone");
    },
  );
  await closeDatabase();
  return rows;
}

const inChild = process.env.BENCH_GUARDRAILS_CHILD === "1";
if (inChild) {
  console.log(JSON.stringify(await measure()));
  process.exit(0);
}

const postgres = await startPostgres();
try {
  const child = spawnSync(process.execPath, [...process.execArgv, "--expose-gc", fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      ...appTestEnv("http://127.0.0.1:1", { DATABASE_URL: postgres.url }),
      BENCH_GUARDRAILS_CHILD: "1",
    },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`the guardrails run failed (exit ${child.status})`);
  const rows = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Row[];
  const table = [
    `# Guardrails (${new Date().toISOString()}): a ${fileRows.toLocaleString("en")}-row file, a ${listSize.toLocaleString("en")}-number do-not-call list on PostgreSQL, ${runs} runs each`,
    "",
    "| what | server time, each run (ms) | peak RSS growth, each run (MB) |",
    "|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.what} | ${row.ms.map((ms) => fixed(ms, 0)).join(" / ")} | ${row.rssGrowthMb.map((value) => fixed(value, 1)).join(" / ")} |`,
    ),
    "",
  ].join("\n");
  console.log(table);
  writeFileSync("bench/results/guardrails.md", table);
} finally {
  await postgres.stop();
}
