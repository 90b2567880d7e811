/**
 * `npm run bench:db-start`: what the embedded database costs the demo's first request. Starts the production build
 * (`next start`, as `npm run demo` does) three times each way and times, from the process's spawn, the first answer
 * of /api/health and the first one that says the database answers (health waits for the connection and its
 * migrations, as the workspace list's first request does):
 *   - PGlite, a fresh DATA_DIR (the demo's first start ever: WebAssembly PostgreSQL boots, all migrations run);
 *   - PGlite, the same DATA_DIR again (every later demo start);
 *   - PostgreSQL (Debian's, a throwaway cluster): the same start without PGlite.
 * Needs a build (`npm run build`). Writes bench/results/database-start.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPostgres } from "../dev/services/postgres.js";
import { appEnvironment } from "../dev/stack-config.js";
import { fixed, median } from "./support/stats.js";

const runs = 3;
const port = Number(process.env.BENCH_APP_PORT) || 3200;
const ports = { app: port, sim: port + 1010, idp: port + 1011 };

type Timing = { firstAnswerMs: number; databaseOkMs: number };

async function startAndTime(databaseEnv: Record<string, string>): Promise<Timing> {
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "localhost"],
    { env: { ...process.env, ...appEnvironment(ports, databaseEnv) }, stdio: ["ignore", "ignore", "inherit"] },
  );
  try {
    let firstAnswerMs: number | undefined;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
      if (performance.now() - started > 120_000) throw new Error("no healthy database within 120 s");
      try {
        const response = await fetch(`http://localhost:${port}/api/health`);
        firstAnswerMs ??= performance.now() - started;
        const body = (await response.json()) as { database?: { status: string } };
        if (body.database?.status === "ok") return { firstAnswerMs, databaseOkMs: performance.now() - started };
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }
}

type Row = { mode: string; timings: Timing[] };

async function main() {
  const rows: Row[] = [];
  const fresh: Timing[] = [];
  const again: Timing[] = [];
  for (let run = 0; run < runs; run += 1) {
    const dataDir = mkdtempSync(join(tmpdir(), "bench-pglite-"));
    try {
      fresh.push(await startAndTime({ DATA_DIR: dataDir }));
      again.push(await startAndTime({ DATA_DIR: dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  rows.push({ mode: "PGlite, fresh DATA_DIR (first demo start)", timings: fresh });
  rows.push({ mode: "PGlite, existing DATA_DIR (later starts)", timings: again });
  const postgres = await startPostgres();
  try {
    const timings: Timing[] = [];
    for (let run = 0; run < runs; run += 1) {
      // A fresh database each run, so every run applies the migrations like PGlite's fresh start.
      const name = `bench_start_${run}`;
      await fetchSql(postgres.url, `create database ${name}`);
      timings.push(await startAndTime({ DATABASE_URL: postgres.url.replace(/\/postgres$/, `/${name}`) }));
    }
    rows.push({ mode: "PostgreSQL, fresh database (no PGlite)", timings });
  } finally {
    await postgres.stop();
  }

  const lines = [
    "# The demo's first request with and without PGlite",
    "",
    `${new Date().toISOString()}, \`npm run bench:db-start\`, ${runs} starts each; median ms from spawning \`next start\`.`,
    "",
    "| start | first answer | database answers (first request that needs it) |",
    "|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.mode} | ${fixed(median(row.timings.map((t) => t.firstAnswerMs)), 0)} | ${fixed(median(row.timings.map((t) => t.databaseOkMs)), 0)} |`,
    ),
  ];
  const out = fileURLToPath(new URL("./results/database-start.md", import.meta.url));
  writeFileSync(out, `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
}

async function fetchSql(url: string, statement: string): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

await main();
