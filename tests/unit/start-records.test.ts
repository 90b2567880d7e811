import { randomUUID } from "node:crypto";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type RunningPostgres } from "@/dev/services/postgres";
import type { WorkspaceConfig } from "@/lib/config";
import { managedEnv } from "./support/process-state";

// The start records (batch_starts) on a real PostgreSQL of their own: one key is one start, whoever asks and however
// many ask at once; a record is settled once, from `sending` only; a dead request's record becomes `unknown`.

type Records = typeof import("@/lib/operations/start-records");
type Client = typeof import("@/lib/db/client");

const env = managedEnv(["DATABASE_URL", "DATA_DIR"]);
const acme = { slug: "acme", id: "ws_acme", name: "Acme" } as unknown as WorkspaceConfig;
const globex = { slug: "globex", id: "ws_globex", name: "Globex" } as unknown as WorkspaceConfig;
const alice = { id: "https://idp.test#alice", name: "Alice" };
const sha = "a".repeat(64);

const newStart = (key: string) => ({
  idempotencyKey: key,
  fileSha256: sha,
  fileName: "contacts.csv",
  kind: "start" as const,
  agentId: "agent_renewals_v3",
  agentName: "Renewals v3",
  rowsSent: 3,
});

let postgres: RunningPostgres;
let records: Records;
let client: Client;

beforeAll(async () => {
  postgres = await startPostgres();
  env.reset({ DATABASE_URL: postgres.url });
  records = await import("@/lib/operations/start-records");
  client = await import("@/lib/db/client");
  await client.database();
}, 120_000);

afterAll(async () => {
  await client?.closeDatabase();
  env.restore();
  await postgres?.stop();
});

describe("start records on PostgreSQL", () => {
  it("twenty claims of one key at once, over separate connections: exactly one may send", async () => {
    const key = `key-${randomUUID()}`;
    const claims = await Promise.all(Array.from({ length: 20 }, () => records.claimStart(acme, alice, newStart(key))));
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    expect(new Set(claims.map((claim) => claim.record.createdAt)).size).toBe(1);
    // And from a second pool (another instance) too.
    const pool = new Pool({ connectionString: postgres.url });
    try {
      const rows = await pool.query("select count(*)::int as n from batch_starts where idempotency_key = $1", [key]);
      expect(rows.rows[0].n).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it("a key is per workspace: the same key in another workspace is another start", async () => {
    const key = `key-${randomUUID()}`;
    expect((await records.claimStart(acme, alice, newStart(key))).claimed).toBe(true);
    expect((await records.claimStart(globex, alice, newStart(key))).claimed).toBe(true);
    expect(await records.findStart(globex, key)).toMatchObject({ state: "sending" });
  });

  it("settles once, from sending only: a late answer cannot overwrite 'unknown'", async () => {
    const key = `key-${randomUUID()}`;
    await records.claimStart(acme, alice, newStart(key));
    const settled = await records.settleStart(acme, key, {
      state: "started",
      batchId: "batch_1",
      answer: { batchId: "batch_1" },
    });
    expect(settled).toMatchObject({ state: "started", batchId: "batch_1" });
    expect(await records.settleStart(acme, key, { state: "refused" })).toBeUndefined();

    const stale = `key-${randomUUID()}`;
    const { record } = await records.claimStart(acme, alice, newStart(stale), new Date(Date.now() - 60_000));
    const expired = await records.expireIfStale(acme, record, 30_000);
    expect(expired.state).toBe("unknown");
    expect(await records.settleStart(acme, stale, { state: "started", batchId: "batch_2" })).toBeUndefined();
    expect((await records.findStart(acme, stale))!.state).toBe("unknown");
  });

  it("a fresh 'sending' record is not expired; a released one frees its key", async () => {
    const key = `key-${randomUUID()}`;
    const { record } = await records.claimStart(acme, alice, newStart(key));
    expect((await records.expireIfStale(acme, record, 30_000)).state).toBe("sending");
    await records.releaseStart(acme, key);
    expect(await records.findStart(acme, key)).toBeUndefined();
    expect((await records.claimStart(acme, alice, newStart(key))).claimed).toBe(true);
  });

  it("prunes settled records older than the retention, never one still sending", async () => {
    const old = new Date(Date.now() - 100 * 86_400_000);
    const done = `key-${randomUUID()}`;
    const sending = `key-${randomUUID()}`;
    await records.claimStart(acme, alice, newStart(done), old);
    await records.settleStart(acme, done, { state: "refused" });
    await records.claimStart(acme, alice, newStart(sending), old);
    expect(await records.pruneStarts(acme, 90)).toBeGreaterThanOrEqual(1);
    expect(await records.findStart(acme, done)).toBeUndefined();
    expect(await records.findStart(acme, sending)).toBeDefined();
  });
});
