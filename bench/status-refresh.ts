/**
 * `npm run bench:status-refresh`: what the workspace list spends keeping unfinished batches' status fresh. 50
 * unfinished batches (scheduled an hour ahead, so they stay `queued`) are listed in acme's records; 10 viewers keep
 * the list open for 120 s (each reloads it every 20 s, as the page's RefreshWhileUnfinished does while visible);
 * the simulator enforces Trillet's 60 requests a minute and the app's budget is 60. Counts the upstream status reads
 * the list caused (per minute, busiest 60 s window) and the simulator's 429s. Needs a build (`npm run build`).
 * Writes bench/results/status-refresh.md.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { demoTrilletKey } from "../dev/stack-config.js";
import { startBenchStack } from "./support/stack.js";
import { busiestWindow, sleep } from "./support/stats.js";

const batchCount = 50;
const viewers = 10;
const seconds = Number(process.env.STATUS_REFRESH_SECONDS) || 120;
const reloadEveryMs = 20_000;
const limitPerMinute = 60;

async function createScheduledBatch(simUrl: string, index: number): Promise<string> {
  const form = new FormData();
  const rows = [
    "phone_number,first_name",
    ...Array.from({ length: 5 }, (_, row) => `+1415555${String(1000 + index * 5 + row)},P${row}`),
  ];
  form.append("file", new Blob([rows.join("\n")], { type: "text/csv" }), `bench-${index}.csv`);
  form.append("agentId", "agent_renewals_v3");
  form.append("scheduledAt", new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"));
  const response = await fetch(`${simUrl}/v1/api/batch-calls`, {
    method: "POST",
    headers: { "x-api-key": demoTrilletKey, "x-workspace-id": "ws_acme" },
    body: form,
  });
  if (!response.ok) throw new Error(`simulator POST answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { batchId: string }).batchId;
}

async function main() {
  const bench = await startBenchStack(
    { TRILLET_RATE_LIMIT_PER_MINUTE: String(limitPerMinute), API_RATE_LIMIT_PER_MINUTE: "100000" },
    0,
    { database: "postgres" },
  );
  try {
    const simUrl = bench.stack.simUrl;
    const ids: string[] = [];
    for (let index = 0; index < batchCount; index += 1) ids.push(await createScheduledBatch(simUrl, index));
    // The setup's requests must not count: a fresh request log and rate window, then Trillet's limit.
    await fetch(`${simUrl}/__sim/reset`, { method: "POST" });
    await bench.sim.configure({ rateLimitPerMinute: limitPerMinute });

    const client = new pg.Client({ connectionString: bench.stack.postgres!.url });
    await client.connect();
    try {
      for (const [index, id] of ids.entries()) {
        await client.query(
          `insert into batches (workspace, batch_id, status, finished, added_by, added_by_name, last_activity_at)
           values ('acme', $1, 'queued', false, 'https://bench#alice', 'Bench', now() - ($2 || ' seconds')::interval)`,
          [id, index],
        );
      }
    } finally {
      await client.end();
    }

    const started = Date.now();
    const pages: { status: number }[] = [];
    await Promise.all(
      Array.from({ length: viewers }, async (_, viewer) => {
        await sleep((viewer * reloadEveryMs) / viewers);
        while (Date.now() - started < seconds * 1000) {
          const response = await fetch(`${bench.stack.appUrl}/w/acme`, { headers: { cookie: bench.session.cookie } });
          await response.arrayBuffer();
          pages.push({ status: response.status });
          await sleep(reloadEveryMs);
        }
      }),
    );
    await sleep(2_000);

    const listed = new Set(ids);
    const log = await bench.sim.recent(5_000);
    const statusReads = log.filter((request) => request.batchId !== null && listed.has(request.batchId));
    const stats = (await (await fetch(`${simUrl}/__sim/stats`)).json()) as { byStatus: Record<string, number> };
    const perMinute = (statusReads.length / seconds) * 60;
    const busiest = busiestWindow(
      statusReads.map((request) => request.at),
      60_000,
    ).count;
    const lines = [
      "# Status refresh of the workspace list",
      "",
      `${new Date().toISOString()}, \`npm run bench:status-refresh\`: ${batchCount} unfinished batches listed, ${viewers} viewers ` +
        `reloading the list every ${reloadEveryMs / 1000} s for ${seconds} s, simulator and app at ${limitPerMinute} requests a minute.`,
      "",
      "| figure | value |",
      "|---|---|",
      `| list loads | ${pages.length} (${pages.filter((page) => page.status === 200).length} × 200) |`,
      `| upstream status reads caused by the list | ${statusReads.length} |`,
      `| per minute (average) | ${perMinute.toFixed(1)} |`,
      `| busiest 60 s window | ${busiest} (the list's own cap: 10 a minute per workspace) |`,
      `| distinct batches refreshed | ${new Set(statusReads.map((request) => request.batchId)).size} of ${batchCount} (20 on the list's first page) |`,
      `| simulator 429s | ${stats.byStatus["429"] ?? 0} |`,
    ];
    const out = fileURLToPath(new URL("./results/status-refresh.md", import.meta.url));
    writeFileSync(out, `${lines.join("\n")}\n`);
    console.log(lines.join("\n"));
  } finally {
    await bench.stack.stop();
  }
}

await main();
