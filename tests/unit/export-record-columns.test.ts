import { NextRequest } from "next/server";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { startSimulator, type RunningSimulator } from "../../dev/simulator/server";
import { appTestEnv } from "./support/app-env";
import { recentRequests, resetSim } from "./support/sim-admin";
import { testIdentity } from "./support/identity";

// The only mock: who is signed in. The export route, lib and the simulator are real.
const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/session", () => ({
  currentSession: async () =>
    session.identity ? { state: "signed-in", identity: session.identity } : { state: "signed-out" },
}));

const alice = testIdentity({ id: "http://127.0.0.1:1#alice-export-records" });

type Handler = (
  request: NextRequest,
  context: { params: Promise<{ slug: string; batchId: string }> },
) => Promise<Response>;
let sim: RunningSimulator;
let route: Handler;

async function exportCsv(batchId: string, search: string): Promise<{ status: number; rows: Record<string, string>[] }> {
  const request = new NextRequest(`http://app.test/api/w/acme/batches/${batchId}/export${search}`);
  const response = await route(request, { params: Promise.resolve({ slug: "acme", batchId }) });
  if (response.status !== 200) return { status: response.status, rows: [] };
  return { status: 200, rows: parse(await response.text(), { columns: true }) as Record<string, string>[] };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  vi.resetModules();
  Object.assign(
    process.env,
    appTestEnv(sim.url, { TRILLET_RATE_LIMIT_PER_MINUTE: "100000", API_RATE_LIMIT_PER_MINUTE: "100000" }),
  );
  route = (await import("@/app/api/w/[slug]/batches/[batchId]/export/route")).GET as Handler;
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterAll(() => sim?.close());
beforeEach(async () => {
  session.identity = alice;
  await resetSim(sim);
});

describe("export with call-record columns", () => {
  it("adds outcome, summary and a link to our recording route, from one call-history request per 100 records", async () => {
    const since = Date.now();
    const { status, rows } = await exportCsv("batch_7891011121314", "?records=1");
    expect(status).toBe(200);
    expect(rows).toHaveLength(150);
    const header = Object.keys(rows[0]!);
    expect(header.slice(-4)).toEqual(["outcome", "summary", "recording", "extra_metadata"]);
    const liam = rows.find((row) => row.jobId === "call_125")!;
    expect(liam.outcome).toBe("not_interested");
    expect(liam.summary).toMatch(/^Liam has moved/);
    expect(liam.recording).toBe("http://app.test/api/w/acme/batches/batch_7891011121314/calls/call_125/recording");
    // Waiting calls have no record: empty cells, not guesses.
    expect(
      rows.filter((row) => row.status === "waiting").every((row) => row.outcome === "" && row.recording === ""),
    ).toBe(true);
    const history = (await recentRequests(sim, 1000)).filter(
      (entry) => entry.at >= since && entry.path === "/v2/api/call-history",
    );
    expect(history).toHaveLength(1);
    expect(history[0]!.query).toMatchObject({ batchId: "batch_7891011121314", limit: "100", page: "1" });
    expect(rows.map((row) => row.recording).join("")).not.toContain(sim.url);
  });

  it("neutralises formulas in the untrusted columns", async () => {
    const { rows } = await exportCsv("batch_hostile", "?records=1");
    const summaries = rows.map((row) => row.summary).filter(Boolean);
    // The hostile batch's names are formulas, and summaries start with the name: there is something to neutralise.
    expect(summaries.some((summary) => summary?.startsWith("'"))).toBe(true);
    for (const cell of rows.flatMap((row) => [row.outcome, row.summary]))
      expect(cell ?? "").not.toMatch(/^[=+\-@\t\r]/);
  });

  it("without records=1 the file and its cost are as before; records=1 with the re-run format is a 400", async () => {
    const since = Date.now();
    const { rows } = await exportCsv("batch_7891011121314", "");
    expect(Object.keys(rows[0]!)).not.toContain("outcome");
    const upstream = (await recentRequests(sim, 1000)).filter((entry) => entry.at >= since);
    expect(upstream.some((entry) => entry.path.startsWith("/v2/"))).toBe(false);
    expect((await exportCsv("batch_7891011121314", "?format=rerun&records=1")).status).toBe(400);
  });
});
