import { like } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { managedEnv } from "./support/process-state";

// GET /api/cron/prune: vercel.json's daily retention job. Only a request carrying CRON_SECRET runs it.

const env = managedEnv(["CRON_SECRET", "ACTIVITY_RETENTION_DAYS"]);
const secret = "cron-secret-for-unit-tests-0123456789";

async function setUp(settings: Record<string, string>) {
  env.reset(settings);
  const client = await import("@/lib/db/client");
  await client.startDatabase();
  return {
    route: await import("@/app/api/cron/prune/route"),
    activity: await import("@/lib/db/activity"),
    client,
    schema: await import("@/lib/db/schema"),
    config: await import("@/lib/config"),
  };
}

const request = (authorization?: string) =>
  new NextRequest("http://localhost/api/cron/prune", {
    headers: authorization === undefined ? {} : { authorization },
  });

afterAll(() => env.restore());

describe("/api/cron/prune", { timeout: 60_000 }, () => {
  it("refuses a request without the secret, with a wrong one, and every request while none is configured", async () => {
    const { route } = await setUp({ CRON_SECRET: secret });
    for (const header of [undefined, "", `Bearer ${secret}x`, secret, `bearer ${secret}`]) {
      const response = await route.GET(request(header));
      expect(response.status, String(header)).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized");
    }
    const unset = await setUp({});
    expect((await unset.route.GET(request(`Bearer ${secret}`))).status).toBe(401);
    expect((await unset.route.GET(request("Bearer "))).status).toBe(401);
  });

  it("deletes activity and settled start records past ACTIVITY_RETENTION_DAYS and keeps the rest", async () => {
    const { route, activity, config, client, schema } = await setUp({
      CRON_SECRET: secret,
      ACTIVITY_RETENTION_DAYS: "30",
    });
    const workspace = config.getConfig().workspaces.find((candidate) => candidate.slug === "acme")!;
    const action = `cron-test-${Date.now()}`;
    // Written directly, not through the activity queue, whose hourly prune on the write path would get there first.
    const row = (daysAgo: number) => ({
      workspace: "acme",
      person: "https://idp.test#cron",
      personName: "Cron Test",
      action,
      at: new Date(Date.now() - daysAgo * 86_400_000),
    });
    await (await client.database()).insert(schema.activity).values([row(31), row(29)]);
    const start = (key: string, state: "started" | "sending") => ({
      workspace: "acme",
      idempotencyKey: `${action}-${key}`,
      fileSha256: "0".repeat(64),
      fileName: "contacts.csv",
      kind: "start" as const,
      agentId: "agent_1",
      agentName: "Agent",
      rowsSent: 1,
      state,
      person: "https://idp.test#cron",
      personName: "Cron Test",
      createdAt: new Date(Date.now() - 31 * 86_400_000),
    });
    await (
      await client.database()
    )
      .insert(schema.batchStarts)
      .values([start("settled", "started"), start("still-sending", "sending")]);

    const response = await route.GET(request(`Bearer ${secret}`));
    expect(response.status).toBe(200);
    const { deleted } = await response.json();
    expect(deleted.activity).toBeGreaterThanOrEqual(1);
    expect(deleted.starts).toBeGreaterThanOrEqual(1);
    const startsLeft = await (
      await client.database()
    )
      .select({ key: schema.batchStarts.idempotencyKey })
      .from(schema.batchStarts)
      .where(like(schema.batchStarts.idempotencyKey, `${action}-%`));
    expect(startsLeft.map((left) => left.key)).toEqual([`${action}-still-sending`]);
    const left = await activity.listActivity(workspace, { action, page: 1, limit: 10 });
    expect(left.entries).toHaveLength(1);
  });
});
