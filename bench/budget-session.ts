import { writeFileSync, mkdirSync } from "node:fs";
import { startBenchStack } from "./support/stack.js";
import { sleep } from "./support/stats.js";

/**
 * The hardening issue's budget check, not a timed test: 10 people watch the live batch while one
 * of them exports the 100,000-call batch, with Trillet's default budget of 60 requests a minute
 * (the simulator enforces it too). Reports the most upstream requests seen in any 60 s window.
 */
const durationMs = Number(process.env.BUDGET_SESSION_MS) || 150_000;
const viewers = 10;
const views = [
  "/api/w/acme/batches/batch_live_acme/calls?status=all&page=1&limit=20",
  "/api/w/acme/batches/batch_live_acme/calls?status=active&page=1&limit=20",
  "/api/w/acme/batches/batch_live_acme/calls?status=all&page=2&limit=20",
];

type Recorded = { at: number; status: number; path: string };

async function main() {
  const bench = await startBenchStack({ TRILLET_RATE_LIMIT_PER_MINUTE: "60", API_RATE_LIMIT_PER_MINUTE: "100000" }, 0);
  const { stack, session, sim } = bench;
  try {
    await sim.configure({ rateLimitPerMinute: 60 });
    await fetch(`${stack.simUrl}/__sim/reset`, { method: "POST" });
    await sim.configure({ rateLimitPerMinute: 60 });
    const started = Date.now();
    const deadline = started + durationMs;
    const statuses = new Map<number, number>();
    const hints = new Map<string, number>();
    let polls = 0;

    const viewer = async (index: number) => {
      await sleep(index * 300);
      while (Date.now() < deadline) {
        const response = await fetch(`${stack.appUrl}${views[index % views.length]}`, {
          headers: { cookie: session.cookie },
        });
        await response.arrayBuffer();
        polls += 1;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const hint = response.headers.get("x-poll-after-ms") ?? response.headers.get("retry-after") ?? "none";
        hints.set(hint, (hints.get(hint) ?? 0) + 1);
        const retryAfter = Number(response.headers.get("retry-after"));
        await sleep(
          response.status === 429 && retryAfter > 0
            ? retryAfter * 1000
            : Number(response.headers.get("x-poll-after-ms")) || 3_000,
        );
      }
    };

    const exportRun = async () => {
      await sleep(5_000);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), deadline - Date.now());
      let bytes = 0;
      let status = 0;
      try {
        const response = await fetch(`${stack.appUrl}/api/w/acme/batches/batch_big_100k/export?status=all&format=csv`, {
          headers: { cookie: session.cookie },
          signal: abort.signal,
        });
        status = response.status;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
      } catch {
        // the window ended mid-export, as planned
      } finally {
        clearTimeout(timer);
      }
      return { status, bytes };
    };

    const [exported] = await Promise.all([
      exportRun(),
      ...Array.from({ length: viewers }, (_, index) => viewer(index)),
    ]);
    const response = await fetch(`${stack.simUrl}/__sim/requests?limit=5000`);
    const recorded = ((await response.json()) as { requests: Recorded[] }).requests.filter(
      (request) => request.at >= started,
    );

    let maxPerMinute = 0;
    let windowStart = 0;
    for (let end = 0; end < recorded.length; end++) {
      while (recorded[end]!.at - recorded[windowStart]!.at >= 60_000) windowStart += 1;
      maxPerMinute = Math.max(maxPerMinute, end - windowStart + 1);
    }
    const upstream429 = recorded.filter((request) => request.status === 429).length;
    const exportRequests = recorded.filter((request) => request.path.includes("batch_big_100k")).length;
    const lines = [
      `| figure | value |`,
      `|---|---|`,
      `| session | ${viewers} viewers polling the live batch (${views.length} distinct views) + 1 export of batch_big_100k, ${Math.round(durationMs / 1000)} s, TRILLET_RATE_LIMIT_PER_MINUTE=60 |`,
      `| upstream requests, total | ${recorded.length} (export pages: ${exportRequests}) |`,
      `| most upstream requests in any 60 s window | **${maxPerMinute}** (limit 60) |`,
      `| upstream 429 answers | ${upstream429} |`,
      `| viewer polls | ${polls}; statuses ${JSON.stringify(Object.fromEntries(statuses))} |`,
      `| poll hints seen (X-Poll-After-Ms) | ${JSON.stringify(Object.fromEntries(hints))} |`,
      `| export | HTTP ${exported.status}, ${(exported.bytes / 1024 / 1024).toFixed(1)} MB streamed before the window closed |`,
    ];
    const table = lines.join("\n");
    console.log(table);
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/budget-session.md", `${table}\n`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
